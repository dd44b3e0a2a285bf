import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConsoleApp } from '../../src/console/app';
import type { AlignmentReport, Definition, ExperimentDetail, Job, Metrics, Monitor, SignedIn, StimulusSet } from '../../src/console/types';
import { byTestId, FakeHistory, FakeServer, maybeTestId, type } from './helpers';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const MASKED_DEMO = JSON.parse(readFileSync(resolve(REPO, 'stimuli/fashion-mnist/experiments/masked-demo.json'), 'utf8')) as Definition;
const CLICKME_DEMO = JSON.parse(readFileSync(resolve(REPO, 'stimuli/fashion-mnist/experiments/clickme-demo.json'), 'utf8')) as Definition;

const ALICE: SignedIn = { account: { id: 2, username: 'alice', role: 'experimenter' }, csrfToken: 'csrf-alice' };
const FASHION: StimulusSet = {
  id: 1, name: 'fashion-mnist', version: '1', images: 300, importedAt: '2026-01-01T00:00:00Z',
  categories: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'].map((name) => ({ name, images: 30 })),
};
const MODEL = { id: 1, name: 'fashion-cnn', version: '1', categories: ['Bag'], testAccuracy: 0.91, registeredAt: '2026-01-01T00:00:00Z' };

function detail(definition: Definition, versions = 2, collecting = true): ExperimentDetail {
  return {
    slug: String(definition.slug), title: String(definition.title), collecting, owner: 'alice',
    access: [{ username: 'alice', access: 'owner' }, { username: 'bob', access: 'manage' }],
    versions: Array.from({ length: versions }, (_, i) => ({ version: i + 1, createdAt: '2026-01-01T00:00:00Z', definition })),
    draft: null,
  };
}

function server(definition: Definition = MASKED_DEMO): FakeServer {
  const slug = String(definition.slug);
  return new FakeServer()
    .on('GET /api/auth/me', { body: ALICE })
    .on(`GET /api/experiments/${slug}`, { body: detail(definition) })
    .on('GET /api/stimulus-sets', { body: [FASHION] })
    .on('GET /api/models', { body: [MODEL] })
    .on('POST /api/experiments/validate', { body: { valid: true, errors: [] } });
}

function open(url: string, fake: FakeServer) {
  const root = document.createElement('div');
  document.body.replaceChildren(root);
  const host = new FakeHistory(url);
  const app = new ConsoleApp(root, host, { fetch: fake.fetch });
  app.start();
  return { root, host, app };
}

afterEach(() => {
  vi.useRealTimers();
  document.body.replaceChildren();
});

describe('edit tab', () => {
  it('asks before leaving the editor with unsaved edits, and not after they are saved', async () => {
    const fake = server().on('PUT /api/experiments/masked-demo/draft', { body: { slug: 'masked-demo', updatedAt: '2026-01-01T00:00:00Z', errors: [] } });
    const answers: boolean[] = [false, true];
    const asked: string[] = [];
    vi.stubGlobal('confirm', (message: string) => {
      asked.push(message);
      return answers.shift() ?? true;
    });
    try {
      const { root, host } = open('/console/experiments/masked-demo/edit', fake);
      const title = await vi.waitFor(() => byTestId<HTMLInputElement>(root, 'field-title'));
      byTestId<HTMLAnchorElement>(root, 'tab-monitor').click();
      await vi.waitFor(() => expect(host.url).toBe('/console/experiments/masked-demo/monitor'));
      expect(asked, 'nothing changed: no question').toEqual([]);

      const again = open('/console/experiments/masked-demo/edit', fake);
      type(await vi.waitFor(() => byTestId<HTMLInputElement>(again.root, 'field-title')), 'Changed');
      byTestId<HTMLAnchorElement>(again.root, 'tab-monitor').click();
      expect(asked).toHaveLength(1);
      expect(again.host.url, 'stays when the answer is no').toBe('/console/experiments/masked-demo/edit');
      byTestId<HTMLButtonElement>(again.root, 'save-draft').click();
      await vi.waitFor(() => expect(byTestId(again.root, 'save-status').textContent).toContain('Draft saved'));
      byTestId<HTMLAnchorElement>(again.root, 'tab-monitor').click();
      await vi.waitFor(() => expect(again.host.url).toBe('/console/experiments/masked-demo/monitor'));
      expect(asked, 'saved: no second question').toHaveLength(1);
      void title;
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('a new experiment starts from the masked template with Fashion-MNIST and is saved as a draft under its slug', async () => {
    const fake = server().on('PUT /api/experiments/new-masked-experiment/draft', { body: { slug: 'new-masked-experiment', updatedAt: '2026-01-01T00:00:00Z', errors: [] } });
    const { root, host } = open('/console/experiments/new', fake);
    const title = await vi.waitFor(() => byTestId<HTMLInputElement>(root, 'field-title'));
    expect(byTestId<HTMLSelectElement>(root, 'field-stimulus-set').value).toBe('fashion-mnist');
    type(title, 'Masked clothes');
    byTestId<HTMLButtonElement>(root, 'save-draft').click();
    await vi.waitFor(() => expect(host.url).toBe('/console/experiments/new-masked-experiment/edit?saved=1'));
    const put = fake.calls('PUT /api/experiments/new-masked-experiment/draft')[0]!;
    expect(put.headers['X-CSRF-Token']).toBe('csrf-alice');
    expect((put.body as Definition).title).toBe('Masked clothes');
    expect((put.body as Definition).trialType).toBe('masked');
  });

  it('publishing saves the draft, then publishes it and shows the new version', async () => {
    const fake = server()
      .on('PUT /api/experiments/masked-demo/draft', { body: { slug: 'masked-demo', updatedAt: '2026-01-01T00:00:00Z', errors: [] } })
      .on('POST /api/experiments/masked-demo/publish', { status: 201, body: { slug: 'masked-demo', version: 3 } });
    const { root } = open('/console/experiments/masked-demo/edit', fake);
    await vi.waitFor(() => byTestId(root, 'field-title'));
    expect(byTestId<HTMLInputElement>(root, 'field-slug').readOnly).toBe(true);
    byTestId<HTMLButtonElement>(root, 'publish').click();
    await vi.waitFor(() => expect(byTestId(root, 'publish-result').textContent).toBe('Published version 3.'));
    expect(byTestId(root, 'experiment-version').textContent).toBe('version 3');
    expect(fake.requests.map((r) => `${r.method} ${r.url}`).filter((r) => !r.startsWith('GET') && !r.includes('validate')))
      .toEqual(['PUT /api/experiments/masked-demo/draft', 'POST /api/experiments/masked-demo/publish']);
  });

  it('says so when publishing changed nothing (the draft equals the latest version)', async () => {
    const fake = server()
      .on('PUT /api/experiments/masked-demo/draft', { body: { slug: 'masked-demo', updatedAt: '2026-01-01T00:00:00Z', errors: [] } })
      .on('POST /api/experiments/masked-demo/publish', { status: 200, body: { slug: 'masked-demo', version: 2, created: false } });
    const { root } = open('/console/experiments/masked-demo/edit', fake);
    await vi.waitFor(() => byTestId(root, 'field-title'));
    byTestId<HTMLButtonElement>(root, 'publish').click();
    await vi.waitFor(() => expect(byTestId(root, 'publish-result').textContent).toBe('Version 2 is already the latest; nothing changed.'));
  });

  it('a refused publish shows the server message beside the field it names', async () => {
    const fake = server()
      .on('PUT /api/experiments/masked-demo/draft', { body: { slug: 'masked-demo', updatedAt: '2026-01-01T00:00:00Z', errors: [] } })
      .on('POST /api/experiments/masked-demo/publish', { status: 400, body: { error: 'must be at most 5000', field: 'trialsPerParticipant' } });
    const { root } = open('/console/experiments/masked-demo/edit', fake);
    await vi.waitFor(() => byTestId(root, 'field-title'));
    byTestId<HTMLButtonElement>(root, 'publish').click();
    await vi.waitFor(() => expect(byTestId(root, 'edit-error').textContent).toBe('trialsPerParticipant: must be at most 5000'));
    expect(byTestId(root, 'field-trials-per-participant-error').textContent).toBe('must be at most 5000');
    expect(byTestId(root, 'validation-errors').textContent).toContain('trialsPerParticipant');
  });
});

describe('collect tab', () => {
  it('closes and reopens data collection, and shows each platform’s link with a copy button', async () => {
    const fake = server()
      .on('GET /api/experiments/masked-demo/links', { body: {
        direct: 'https://lab.example/run/masked-demo',
        prolific: 'https://lab.example/run/masked-demo?PROLIFIC_PID={{%PROLIFIC_PID%}}',
        mturk: 'https://lab.example/run/masked-demo?workerId=',
        sona: 'https://lab.example/run/masked-demo?id=%SURVEY_CODE%',
      } })
      .on('POST /api/experiments/masked-demo/collection', (req) => ({ body: { collecting: (req.body as { open: boolean }).open } }));
    const { root } = open('/console/experiments/masked-demo/collect', fake);
    await vi.waitFor(() => byTestId(root, 'link-prolific'));
    expect(byTestId(root, 'link-prolific').textContent).toBe('https://lab.example/run/masked-demo?PROLIFIC_PID={{%PROLIFIC_PID%}}');
    expect(byTestId(root, 'link-direct').getAttribute('href')).toBe('https://lab.example/run/masked-demo');
    for (const platform of ['direct', 'prolific', 'mturk', 'sona']) expect(maybeTestId(root, `copy-link-${platform}`)).not.toBeNull();
    expect(byTestId(root, 'collection-state').dataset.collecting).toBe('true');
    byTestId<HTMLButtonElement>(root, 'collection-toggle').click();
    await vi.waitFor(() => expect(byTestId(root, 'collection-state').dataset.collecting).toBe('false'));
    expect(fake.calls('POST /api/experiments/masked-demo/collection')[0]!.body).toEqual({ open: false });
    expect(byTestId(root, 'experiment-collecting').textContent).toBe('closed');
    expect(byTestId(root, 'collection-toggle').textContent).toBe('Open data collection');
  });

  it('shares the experiment with another account and lists who has access, owner first', async () => {
    const fake = server()
      .on('GET /api/experiments/masked-demo/links', { body: { direct: 'https://l/run/masked-demo', prolific: 'https://l/p', mturk: 'https://l/m', sona: 'https://l/s' } })
      .on('POST /api/experiments/masked-demo/access', { body: { access: [
        { username: 'alice', access: 'owner' }, { username: 'bob', access: 'manage' }, { username: 'carol', access: 'manage' }] } });
    const { root } = open('/console/experiments/masked-demo/collect', fake);
    await vi.waitFor(() => byTestId(root, 'access-row-bob'));
    expect(byTestId(root, 'access-list').firstElementChild!.textContent).toBe('alice (owner)');
    type(byTestId<HTMLInputElement>(root, 'share-username'), 'carol');
    byTestId<HTMLButtonElement>(root, 'share-submit').click();
    await vi.waitFor(() => byTestId(root, 'access-row-carol'));
    expect(byTestId(root, 'share-status').textContent).toBe('Shared with carol.');
    expect(fake.calls('POST /api/experiments/masked-demo/access')[0]!.body).toEqual({ username: 'carol' });
  });
});

describe('monitor tab', () => {
  const monitor = (started: number): Monitor => ({
    sessions: { started, screenChecked: started - 1, completed: 2, abandoned: 1 },
    trials: { answered: 120, timingOk: 114, timingOkShare: 0.95 },
    refreshHz: [{ hz: 60, sessions: 3 }, { hz: 120, sessions: 1 }, { hz: 59.94, sessions: 2 }],
    recent: [{ session: '0b7c3f1e-aaaa-bbbb-cccc-000000000001', status: 'completed', createdAt: '2026-01-01T10:00:00Z',
      lastActivityAt: '2026-01-01T10:08:00Z', refreshHz: 60.01, answered: 70, total: 70, timingOkShare: 1 }],
  });

  it('updates every two seconds without reloading the page, and stops when the page is left', async () => {
    let started = 5;
    const fake = server().on('GET /api/experiments/masked-demo/monitor', () => ({ body: monitor(started++) }))
      .on('GET /api/experiments', { body: [] });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { root, app } = open('/console/experiments/masked-demo/monitor', fake);
    await vi.waitFor(() => expect(byTestId(root, 'monitor-started').textContent).toBe('5'));
    const page = byTestId(root, 'panel-monitor');
    expect(byTestId(root, 'monitor-screen-checked').textContent).toBe('4');
    expect(byTestId(root, 'monitor-completed').textContent).toBe('2');
    expect(byTestId(root, 'monitor-abandoned').textContent).toBe('1');
    expect(byTestId(root, 'monitor-timing-ok').textContent).toBe('95.0 %');
    expect(byTestId(root, 'monitor-session-0b7c3f1e-aaaa-bbbb-cccc-000000000001').textContent).toContain('70 / 70');
    await vi.advanceTimersByTimeAsync(2000);
    await vi.waitFor(() => expect(byTestId(root, 'monitor-started').textContent).toBe('6'));
    expect(byTestId(root, 'panel-monitor')).toBe(page);

    app.router.navigate('/console/experiments');
    const polls = fake.calls('GET /api/experiments/masked-demo/monitor').length;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fake.calls('GET /api/experiments/masked-demo/monitor').length).toBe(polls);
  });

  it('draws the refresh-rate histogram as SVG elements, one bar per rate in order', async () => {
    const fake = server().on('GET /api/experiments/masked-demo/monitor', { body: monitor(5) });
    const { root } = open('/console/experiments/masked-demo/monitor', fake);
    await vi.waitFor(() => expect(byTestId(root, 'monitor-started').textContent).toBe('5'));
    const svg = byTestId(root, 'refresh-histogram');
    expect(svg.namespaceURI).toBe('http://www.w3.org/2000/svg');
    const bars = Array.from(svg.querySelectorAll('rect.bar'));
    expect(bars.map((b) => b.getAttribute('data-hz'))).toEqual(['59.94', '60', '120']);
    expect(bars.map((b) => b.getAttribute('data-sessions'))).toEqual(['2', '3', '1']);
    expect(Array.from(svg.querySelectorAll('text.tick')).map((t) => t.textContent)).toEqual(['59.9', '60', '120']);
    const heights = bars.map((b) => Number(b.getAttribute('height')));
    expect(heights[1]).toBeGreaterThan(heights[0]!);
    expect(heights[0]).toBeGreaterThan(heights[2]!);
  });
});

describe('score tab', () => {
  it('starts a scoring job and follows its progress every second until it is done', async () => {
    const progress: Job[] = [
      { id: 7, status: 'running', done: 40, total: 100, ratePerSecond: 40, model: 'fashion-cnn', experiment: 'masked-demo', error: null, createdAt: '', finishedAt: null },
      { id: 7, status: 'done', done: 100, total: 100, ratePerSecond: 45.5, model: 'fashion-cnn', experiment: 'masked-demo', error: null, createdAt: '', finishedAt: '' },
    ];
    let poll = 0;
    const fake = server()
      .on('GET /api/jobs', { body: [] })
      .on('POST /api/jobs', { status: 201, body: { ...progress[0]!, status: 'queued', done: 0, ratePerSecond: 0 } })
      .on('GET /api/jobs/7', () => ({ body: progress[Math.min(poll++, 1)] }));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { root } = open('/console/experiments/masked-demo/score', fake);
    await vi.waitFor(() => expect(byTestId<HTMLSelectElement>(root, 'score-model-select').value).toBe('fashion-cnn'));
    byTestId<HTMLButtonElement>(root, 'score-start').click();
    await vi.waitFor(() => expect(byTestId(root, 'job-status').textContent).toBe('queued'));
    expect(fake.calls('POST /api/jobs')[0]!.body).toEqual({ model: 'fashion-cnn', experiment: 'masked-demo' });
    await vi.advanceTimersByTimeAsync(1000);
    await vi.waitFor(() => expect(byTestId(root, 'job-status').textContent).toBe('running'));
    expect(byTestId<HTMLProgressElement>(root, 'job-progress').value).toBe(40);
    expect(byTestId(root, 'job-progress-text').textContent).toBe('40 / 100, 40 per second');
    await vi.advanceTimersByTimeAsync(1000);
    await vi.waitFor(() => expect(byTestId(root, 'job-status').textContent).toBe('done'));
    expect(byTestId(root, 'job-progress-text').textContent).toBe('100 / 100, 45.5 per second');
    const polls = fake.calls('GET /api/jobs/7').length;
    await vi.advanceTimersByTimeAsync(5000);
    expect(fake.calls('GET /api/jobs/7').length).toBe(polls);
    expect(maybeTestId(root, 'map-start')).toBeNull();
  });

  it('shows the warnings a scoring job records, such as a model resizing stimuli by more than 2x', async () => {
    const warning = 'model input 32 px, stimulus 224 px: 7× downsampling averages fine detail and noise';
    const fake = server()
      .on('GET /api/jobs', { body: [] })
      .on('POST /api/jobs', { status: 201, body: { id: 8, status: 'done', done: 10, total: 10, ratePerSecond: 5, model: 'tiny-onnx', experiment: 'masked-demo', error: null, warnings: [warning], createdAt: '', finishedAt: '' } });
    const { root } = open('/console/experiments/masked-demo/score', fake);
    await vi.waitFor(() => expect(byTestId<HTMLSelectElement>(root, 'score-model-select').value).toBe('fashion-cnn'));
    expect(byTestId(root, 'job-warnings').hidden).toBe(true);
    byTestId<HTMLButtonElement>(root, 'score-start').click();
    await vi.waitFor(() => expect(byTestId(root, 'job-status').textContent).toBe('done'));
    expect(byTestId(root, 'job-warnings').hidden).toBe(false);
    expect(byTestId(root, 'job-warnings').textContent).toBe(`Warning: ${warning}`);
  });

  it('links a done scoring job to its scores export in both formats', async () => {
    const fake = server().on('GET /api/jobs', { body: [
      { id: 9, status: 'done', done: 8, total: 8, ratePerSecond: 4, model: 'tiny-onnx', experiment: 'masked-demo', error: null, createdAt: '', finishedAt: '' },
      { id: 10, status: 'running', done: 2, total: 8, ratePerSecond: 4, model: 'tiny-torchscript', experiment: 'masked-demo', error: null, createdAt: '', finishedAt: null },
    ] }).on('GET /api/jobs/10', { body: { id: 10, status: 'running', done: 2, total: 8, ratePerSecond: 4, model: 'tiny-torchscript', experiment: 'masked-demo', error: null, createdAt: '', finishedAt: null } });
    const { root } = open('/console/experiments/masked-demo/score', fake);
    await vi.waitFor(() => byTestId(root, 'job-scores-9-csv'));
    expect(byTestId<HTMLAnchorElement>(root, 'job-scores-9-csv').getAttribute('href'))
      .toBe('/api/experiments/masked-demo/scores?model=tiny-onnx&format=csv');
    expect(byTestId<HTMLAnchorElement>(root, 'job-scores-9-jsonl').getAttribute('href'))
      .toBe('/api/experiments/masked-demo/scores?model=tiny-onnx&format=jsonl');
    expect(maybeTestId(root, 'job-scores-10-csv')).toBeNull();
  });

  it('offers model maps for ClickMe experiments', async () => {
    const fake = server(CLICKME_DEMO).on('GET /api/jobs', { body: [] }).on('GET /api/clickme/map-jobs', { body: [] })
      .on('POST /api/clickme/map-jobs', { status: 201, body: { id: 3, status: 'done', done: 10, total: 10, ratePerSecond: 2, model: 'fashion-cnn', experiment: 'clickme-demo', method: 'occlusion', error: null, createdAt: '', finishedAt: '' } });
    const { root } = open('/console/experiments/clickme-demo/score', fake);
    await vi.waitFor(() => expect(byTestId<HTMLButtonElement>(root, 'map-start').disabled).toBe(false));
    byTestId<HTMLButtonElement>(root, 'map-start').click();
    await vi.waitFor(() => expect(byTestId(root, 'map-job-status').textContent).toBe('done'));
    expect(fake.calls('POST /api/clickme/map-jobs')[0]!.body).toEqual({ model: 'fashion-cnn', method: 'occlusion', experiment: 'clickme-demo' });
  });
});

describe('results and exports', () => {
  const metrics: Metrics = {
    experiment: 'masked-demo',
    accuracyByObserver: [],
    accuracyByGroup: [
      { observer: 'humans', kind: 'HUMAN', condition: null, accuracy: { correct: 90, trials: 120, proportion: 0.75, interval: { lower: 0.67, upper: 0.82 } } },
      { observer: 'humans', kind: 'HUMAN', condition: 'none::17ms', accuracy: { correct: 10, trials: 24, proportion: 0.4167, interval: { lower: 0.24, upper: 0.61 } } },
    ],
    confusion: { categories: ['Bag', 'Coat'], counts: [[5, 1, 0], [2, 4, 1]] },
    minSharedTrials: 20,
    kappaChanceMethod: 'exact',
    kappaCiMethod: 'bootstrap',
    consistencyByPairKind: [{
      pairKind: 'HUMAN_MODEL', pairs: 3, pairsBelowMinimum: 1, observedConsistency: 0.8, kappa: 'NaN',
      kappaChance: { low: -0.2, high: 0.25 }, kappaCi: { low: 0.1, high: 0.5 }, exceedsChance: true, squaredAccuracyDifference: 0.01,
    }],
    byRequestedMs: [{
      group: 'humans', kind: 'HUMAN', manipulation: 'uniform-noise', level: '0.2', axis: 'REQUESTED_MS', refreshHz: null,
      points: [
        { x: 17, manipulation: 'uniform-noise', level: '0.2', accuracy: { correct: 2, trials: 10, proportion: 0.2, interval: { lower: 0.06, upper: 0.51 } } },
        { x: 100, manipulation: 'uniform-noise', level: '0.2', accuracy: { correct: 9, trials: 10, proportion: 0.9, interval: { lower: 0.6, upper: 0.98 } } },
      ],
      fit: { guessRate: 0.1, alpha: 3.5, beta: 2, lapse: 0.02, thresholdAccuracy: 0.55, thresholdMs: 41.23, thresholdCi: { low: 30.04, high: 57.9 }, bootstrapFits: 200 },
    }],
    byFramesShown: [],
    modelReferences: [{
      model: 'fashion-cnn', manipulation: 'uniform-noise', level: '0.2',
      wholeDesign: { correct: 24, trials: 300, proportion: 0.08, interval: { lower: 0.054, upper: 0.116 } },
      trialsPeopleSaw: { correct: 1, trials: 20, proportion: 0.05, interval: { lower: 0.009, upper: 0.236 } },
    }],
    consistency: [
      {
        first: 'human:a', second: 'model:m', pairKind: 'HUMAN_MODEL', condition: null, sharedTrials: 26, conditions: 2, conditionsUsed: 1,
        observedConsistency: 1, expectedConsistency: 0.5, kappa: 1, kappaChance: { low: -0.3, high: 0.3 }, kappaCi: { low: 1, high: 1 },
        exceedsChance: true, squaredAccuracyDifference: 0,
      },
      {
        first: 'human:a', second: 'model:m', pairKind: 'HUMAN_MODEL', condition: 'noise:0.2:33ms', sharedTrials: 6, conditions: 1, conditionsUsed: 0,
        observedConsistency: 1, expectedConsistency: 1, kappa: 1, kappaChance: { low: 1, high: 1 }, kappaCi: { low: 1, high: 1 },
        exceedsChance: false, squaredAccuracyDifference: 0,
      },
    ],
  };

  it('shows the server plots as images and the accuracy and consistency tables', async () => {
    const fake = server().on('GET /api/experiments/masked-demo/metrics?minSharedTrials=20', { body: metrics });
    const { root } = open('/console/experiments/masked-demo/results', fake);
    await vi.waitFor(() => byTestId(root, 'results-accuracy-by-group'));
    expect(byTestId(root, 'results-psychometric').tagName).toBe('IMG');
    expect(byTestId(root, 'results-psychometric').getAttribute('src')).toMatch(/^\/api\/experiments\/masked-demo\/psychometric\.svg\?t=\d+$/);
    expect(byTestId(root, 'results-consistency').getAttribute('src')).toMatch(/^\/api\/experiments\/masked-demo\/consistency\.svg\?minSharedTrials=20&t=\d+$/);
    expect(byTestId(root, 'results-consistency-rule').textContent).toContain('at least 20 shared trials');
    expect(byTestId(root, 'results-consistency-csv').getAttribute('href')).toBe('/api/experiments/masked-demo/consistency.csv?minSharedTrials=20');
    expect(byTestId(root, 'consistency-human-model').textContent).toContain('0.100 to 0.500');
    expect(byTestId(root, 'consistency-human-model').textContent).toContain('-0.200 to 0.250');
    const pairs = Array.from(byTestId(root, 'results-consistency-pairs').querySelectorAll('tbody tr'));
    expect(pairs[0]!.textContent).toContain('mean of 1 of 2 conditions');
    expect(pairs[1]!.className).toBe('below-minimum');
    expect(pairs[1]!.textContent).toContain('fewer than 20 shared trials');
    expect(byTestId(root, 'results-frames-shown').getAttribute('src')).toMatch(/^\/api\/experiments\/masked-demo\/frames-shown\.svg\?t=\d+$/);
    const threshold = byTestId(root, 'results-thresholds').querySelector('tbody tr')!.textContent;
    expect(threshold).toContain('uniform-noise 0.2');
    expect(threshold).toContain('41.2');
    expect(threshold).toContain('30.0 – 57.9');
    const reference = byTestId(root, 'results-model-references').querySelector('tbody tr')!.textContent;
    expect(reference).toContain('8.0 %');
    expect(reference).toContain('n = 300');
    expect(reference).toContain('n = 20');
    const rows = Array.from(byTestId(root, 'results-accuracy-by-group').querySelectorAll('tbody tr')).map((r) => r.textContent);
    expect(rows[0]).toContain('all conditions');
    expect(rows[0]).toContain('75.0 %');
    expect(rows[1]).toContain('none, 17 ms');
    expect(byTestId(root, 'consistency-human-model').textContent).toContain('n/a');
    expect(byTestId(root, 'results-confusion').querySelectorAll('tbody tr').length).toBe(2);
  });

  it('asks again with another minimum of shared trials and states it on the matrix and the CSV link', async () => {
    const fake = server().on('GET /api/experiments/masked-demo/metrics', { body: metrics });
    const { root } = open('/console/experiments/masked-demo/results', fake);
    await vi.waitFor(() => byTestId(root, 'results-accuracy-by-group'));
    const minimum = byTestId<HTMLInputElement>(root, 'results-min-shared-trials');
    minimum.value = '5';
    minimum.dispatchEvent(new Event('change'));
    await vi.waitFor(() => expect(fake.calls('GET /api/experiments/masked-demo/metrics').at(-1)!.url).toContain('minSharedTrials=5'));
    expect(byTestId(root, 'results-consistency').getAttribute('src')).toMatch(/consistency\.svg\?minSharedTrials=5&t=\d+$/);
    expect(byTestId(root, 'results-consistency-csv').getAttribute('href')).toBe('/api/experiments/masked-demo/consistency.csv?minSharedTrials=5');
  });

  it('offers a download link for every export format of the contract', async () => {
    const { root } = open('/console/experiments/clickme-demo/exports', server(CLICKME_DEMO));
    await vi.waitFor(() => byTestId(root, 'export-responses-csv'));
    const links = Array.from(root.querySelectorAll<HTMLAnchorElement>('a[data-testid^="export-"]'));
    expect(links.every((a) => a.hasAttribute('download'))).toBe(true);
    expect(Object.fromEntries(links.map((a) => [a.dataset.testid, a.getAttribute('href')]))).toEqual({
      'export-responses-csv': '/api/experiments/clickme-demo/responses?format=csv',
      'export-responses-jsonl': '/api/experiments/clickme-demo/responses?format=jsonl',
      'export-comparison-csv': '/api/experiments/clickme-demo/comparison?format=csv',
      'export-comparison-jsonl': '/api/experiments/clickme-demo/comparison?format=jsonl',
      'export-comparison-mvh': '/api/experiments/clickme-demo/comparison?format=mvh',
      'export-clickme-rounds-csv': '/api/experiments/clickme-demo/clickme/rounds?format=csv',
      'export-clickme-rounds-jsonl': '/api/experiments/clickme-demo/clickme/rounds?format=jsonl',
      'export-clickme-alignment-csv': '/api/experiments/clickme-demo/clickme/alignment?format=csv&method=occlusion&model=fashion-cnn',
    });
  });

  it('labels each export by what it holds and carries the API filters into its links', async () => {
    const { root } = open('/console/experiments/masked-demo/exports', server());
    await vi.waitFor(() => byTestId(root, 'export-comparison-mvh'));
    expect(root.textContent).toContain('Responses, with model answers');
    expect(root.textContent).toContain('one row per model that scored the trial’s stimulus');
    const model = byTestId(root, 'export-filter-model') as HTMLInputElement;
    model.checked = false;
    (byTestId(root, 'export-filter-timing-ok') as HTMLInputElement).checked = true;
    model.dispatchEvent(new Event('change', { bubbles: true }));
    expect(byTestId(root, 'export-responses-csv').getAttribute('href'))
      .toBe('/api/experiments/masked-demo/responses?format=csv&kind=human&timingOk=true');
    expect(byTestId(root, 'export-comparison-mvh').getAttribute('href'))
      .toBe('/api/experiments/masked-demo/comparison?format=mvh&kind=human&timingOk=true');
    const version = byTestId(root, 'export-filter-version') as HTMLSelectElement;
    expect(Array.from(version.options).map((o) => o.value)[0]).toBe('');
  });

  it('leaves the ClickMe exports out of a masked-only experiment', async () => {
    const { root } = open('/console/experiments/masked-demo/exports', server());
    await vi.waitFor(() => byTestId(root, 'export-comparison-mvh'));
    expect(maybeTestId(root, 'export-clickme-rounds-csv')).toBeNull();
  });
});

describe('ClickMe alignment', () => {
  const image = (index: number, ceiling: number, normalized: number | null) => ({
    stimulusSha256: `${index}`.repeat(64), imageIndex: index, imageFile: `i${index}.png`, category: 'Bag', participants: 4,
    splitHalfCeiling: ceiling / (2 - ceiling), ceiling, modelCeiling: Math.sqrt(ceiling), spearman: 0.3,
    normalizedSpearman: normalized, dice: 0.4, iou: 0.25,
  });
  const report: AlignmentReport = {
    experiment: 'clickme-demo', model: 'fashion-cnn', method: 'occlusion',
    images: [image(0, 0.81, 0.3 / 0.9), image(1, 0.1, null)],
    summary: {
      images: 2, imagesWithModelMap: 2, meanSplitHalfCeiling: 0.4, meanCeiling: 0.455, meanSpearman: 0.3,
      modelImages: { splitHalfCeiling: 0.4, ceiling: 0.455, modelCeiling: 0.608 }, normalizedSpearman: 0.493,
      normalizedSpearmanCi: { low: 0.41, high: 0.57 }, ceilingFloor: 0.2, meanDice: 0.4, meanIou: 0.25,
    },
  };

  it('shows the raw, corrected and model ceilings and says where ρ ÷ ceiling is not defined', async () => {
    const fake = server(CLICKME_DEMO).on('GET /api/experiments/clickme-demo/metrics', { status: 404, body: { error: 'none' } })
      .on('GET /api/experiments/clickme-demo/clickme/alignment', { body: report });
    const { root } = open('/console/experiments/clickme-demo/results', fake);
    await vi.waitFor(() => byTestId(root, 'alignment-row-1'));
    expect(byTestId(root, 'alignment-row-0').textContent).toContain('0.333');
    expect(byTestId(root, 'alignment-row-1').textContent).toContain('n/d (ceiling ≤ 0.2)');
    expect(byTestId(root, 'alignment-normalized').textContent).toBe('0.493');
    expect(byTestId(root, 'alignment-normalized-ci').textContent).toBe('0.410 – 0.570');
    expect(byTestId(root, 'alignment-summary').textContent).toContain('0.455 (split-half 0.400, model 0.608)');
    expect(byTestId(root, 'results-clickme').textContent).toContain('2r/(1+r)');
  });
});
