/**
 * The experiment pages of a triplet (odd-one-out) experiment (issue 13): results from the triplet
 * metrics, triplet jobs on the Score tab, and the tabs that assume masked trials elsewhere.
 * triplet-metrics.json is GET /api/experiments/triplet-demo/metrics as the server answered it
 * after TripletDemoModelTest's 16 simulated people and the demo CNN's triplet job.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConsoleApp } from '../../src/console/app';
import type { Definition, ExperimentDetail, Job, SignedIn, StudyOverview, TrialPreview, TripletMetrics } from '../../src/console/types';
import { byTestId, FakeHistory, FakeServer, maybeTestId, type } from './helpers';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '../../..');
const DEMO = JSON.parse(readFileSync(resolve(REPO, 'stimuli/fashion-mnist-triplets/experiments/triplet-demo.json'), 'utf8')) as Definition;
const METRICS = JSON.parse(readFileSync(resolve(HERE, '../fixtures/triplet-metrics.json'), 'utf8')) as TripletMetrics;
const ALICE: SignedIn = { account: { id: 2, username: 'alice', role: 'experimenter' }, csrfToken: 'csrf-alice' };
const MODELS = [
  { id: 1, name: 'fashion-cnn', version: '1', categories: [], testAccuracy: 0.92, registeredAt: '2026-01-01T00:00:00Z' },
  { id: 2, name: 'tiny-onnx', version: '1', categories: [], testAccuracy: null, registeredAt: '2026-01-01T00:00:00Z' },
];
const BASE = '/api/experiments/triplet-demo';

const DETAIL: ExperimentDetail = {
  slug: 'triplet-demo', title: String(DEMO.title), collecting: true, owner: 'alice', access: [{ username: 'alice', access: 'owner' }],
  versions: [{ version: 1, createdAt: '2026-01-01T00:00:00Z', definition: DEMO }], draft: null,
};

function server(): FakeServer {
  return new FakeServer()
    .on('GET /api/auth/me', { body: ALICE })
    .on(`GET ${BASE}`, { body: DETAIL })
    .on('GET /api/models', { body: MODELS })
    .on('GET /api/stimulus-sets', { body: [] });
}

function open(tab: string, fake: FakeServer): HTMLElement {
  const root = document.createElement('div');
  document.body.replaceChildren(root);
  new ConsoleApp(root, new FakeHistory(`/console/experiments/triplet-demo/${tab}`), { fetch: fake.fetch }).start();
  return root;
}

function cells(root: HTMLElement, testid: string): string[][] {
  return Array.from(byTestId(root, testid).querySelectorAll('tbody tr'))
    .map((r) => Array.from(r.querySelectorAll('td')).map((td) => td.textContent ?? ''));
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  document.body.replaceChildren();
});

describe('results of a triplet experiment', () => {
  it('shows the counts, the noise ceiling and each model’s agreement, normalised score, RSA and coverage with their intervals', async () => {
    const fake = server().on(`GET ${BASE}/metrics`, { body: METRICS });
    const root = open('results', fake);
    await vi.waitFor(() => byTestId(root, 'triplet-models'));
    expect(fake.calls(`GET ${BASE}/metrics`)[0]!.url).toBe(`${BASE}/metrics?similarity=cosine`);
    expect(maybeTestId(root, 'results-psychometric'), 'no masked plots').toBeNull();
    expect(byTestId(root, 'triplet-participants').textContent).toBe('16 (0 excluded by their catch trials)');
    expect(byTestId(root, 'triplet-judgements').textContent).toBe('640 (64 on catch trials)');
    expect(byTestId(root, 'triplet-triplets').textContent).toBe('357');
    expect(byTestId(root, 'triplet-noise-ceiling').textContent)
      .toBe('0.749 [0.669, 0.828] over 75 triplets judged by two or more people (294 judgements)');
    expect(byTestId(root, 'triplet-rsa-ceiling').textContent).toBe('0.647 (range 0.562 to 0.703 over 100 splits)');
    expect(cells(root, 'triplet-models')).toEqual([[
      'fashion-cnn', '0.660 [0.609, 0.708]', '576', '0.784 [0.645, 0.950]', '0.420 [0.268, 0.567]', '581', '357 / 357 triplets', 'embedding',
    ]]);
  });

  it('lists each participant’s catch trials with the interval and who is excluded, and each observer’s agreement', async () => {
    const root = open('results', server().on(`GET ${BASE}/metrics`, { body: METRICS }));
    await vi.waitFor(() => byTestId(root, 'triplet-catch'));
    const catchRows = cells(root, 'triplet-catch');
    expect(catchRows).toHaveLength(16);
    expect(catchRows[0]).toEqual(['0716502d', '4 / 4', '100.0 %', '51.0 % – 100.0 %', 'no']);
    const observers = cells(root, 'triplet-observers');
    expect(observers).toHaveLength(17);
    expect(observers.find((r) => r[0] === 'fashion-cnn')).toEqual(['fashion-cnn', 'model', '65.7 %', '60.6 % – 70.4 %', '357']);
  });

  it('says n/d for a normalised score without a ceiling above chance, marks partial coverage and excluded participants', async () => {
    const m = structuredClone(METRICS);
    m.counts.excludedParticipants = 1;
    m.analysis.catchTrials[0] = { ...m.analysis.catchTrials[0]!, right: 1, accuracy: 0.25, ci: { lower: 0.05, upper: 0.7 }, excluded: true };
    m.analysis.models[0]!.normalised = { value: null, ci: null };
    m.coverage[0] = { ...m.coverage[0]!, answeredTriplets: 200 };
    m.coverage.push({ model: 'tiny-onnx', sources: ['probabilities'], answeredTriplets: 0, triplets: 357 });
    const root = open('results', server().on(`GET ${BASE}/metrics`, { body: m }));
    await vi.waitFor(() => byTestId(root, 'triplet-models'));
    expect(byTestId(root, 'triplet-participants').textContent).toBe('16 (1 excluded by their catch trials)');
    const [cnn, tiny] = cells(root, 'triplet-models');
    expect(cnn![3]).toBe('n/d (ceiling not clearly above chance)');
    expect(cnn![6]).toBe('200 / 357 triplets (partial: agreement covers only these)');
    expect(tiny).toEqual(['tiny-onnx', '–', '–', '–', '–', '–', '0 / 357 triplets (none answered: run a triplet job)', 'probabilities']);
    expect(cells(root, 'triplet-catch')[0]).toEqual(['0716502d', '1 / 4', '25.0 %', '5.0 % – 70.0 %', 'yes']);
  });

  it('draws the people’s and the chosen model’s RDMs and links the RDMs and the comparison export, with the similarity and catch threshold chosen', async () => {
    const m = structuredClone(METRICS);
    m.rsa.push({ model: 'tiny-onnx', rsa: 0.1, pairs: 581, ci: { low: -0.05, high: 0.25 } });
    const fake = server().on(`GET ${BASE}/metrics`, { body: m });
    const root = open('results', fake);
    await vi.waitFor(() => byTestId(root, 'triplet-figure'));
    expect(byTestId(root, 'triplet-figure').getAttribute('src')).toMatch(/^\/api\/experiments\/triplet-demo\/triplet\.svg\?similarity=cosine&model=fashion-cnn&t=\d+$/);
    type(byTestId<HTMLSelectElement>(root, 'triplet-figure-model'), 'tiny-onnx');
    expect(byTestId(root, 'triplet-figure').getAttribute('src')).toMatch(/triplet\.svg\?similarity=cosine&model=tiny-onnx&t=\d+$/);
    expect(byTestId(root, 'triplet-rdm-people').getAttribute('href')).toBe(`${BASE}/rdm.csv?similarity=cosine&observer=people`);
    expect(byTestId(root, 'triplet-rdm-tiny-onnx').getAttribute('href')).toBe(`${BASE}/rdm.csv?similarity=cosine&observer=tiny-onnx`);
    expect(byTestId(root, 'triplet-comparison-csv').getAttribute('href')).toBe(`${BASE}/comparison?format=csv`);
    expect(byTestId(root, 'triplet-comparison-jsonl').getAttribute('href')).toBe(`${BASE}/comparison?format=jsonl`);

    type(byTestId<HTMLSelectElement>(root, 'triplet-similarity'), 'dot');
    await vi.waitFor(() => expect(fake.calls(`GET ${BASE}/metrics`)).toHaveLength(2));
    expect(fake.calls(`GET ${BASE}/metrics`)[1]!.url).toBe(`${BASE}/metrics?similarity=dot`);
    await vi.waitFor(() => expect(byTestId(root, 'triplet-figure').getAttribute('src')).toMatch(/similarity=dot&model=tiny-onnx/));

    type(byTestId<HTMLInputElement>(root, 'triplet-catch-threshold'), '0.5');
    byTestId(root, 'triplet-catch-threshold').dispatchEvent(new Event('change'));
    await vi.waitFor(() => expect(fake.calls(`GET ${BASE}/metrics`)).toHaveLength(3));
    expect(fake.calls(`GET ${BASE}/metrics`)[2]!.url).toBe(`${BASE}/metrics?similarity=dot&catchThreshold=0.5`);
    await vi.waitFor(() => expect(byTestId(root, 'triplet-rdm-people').getAttribute('href'))
      .toBe(`${BASE}/rdm.csv?similarity=dot&catchThreshold=0.5&observer=people`));
  });

  it('says what is missing before anyone has answered', async () => {
    const empty: TripletMetrics = {
      ...METRICS, counts: { judgements: 0, catchJudgements: 0, triplets: 0, participants: 0, excludedParticipants: 0 },
      analysis: { catchTrials: [], observers: [], noiseCeiling: { value: null, ci: null }, ceilingTriplets: 0, ceilingJudgements: 0, models: [] },
      rsaCeiling: { ceiling: null, range: null, splits: 100 }, rsa: [], coverage: [],
    };
    const root = open('results', server().on(`GET ${BASE}/metrics`, { body: empty }));
    await vi.waitFor(() => byTestId(root, 'results-empty'));
    expect(byTestId(root, 'triplet-noise-ceiling').textContent).toContain('–');
    expect(byTestId(root, 'triplet-rsa-ceiling').textContent).toBe('n/d (too few judgements to split)');
  });
});

describe('triplet jobs on the score tab', () => {
  const job = (over: Partial<Job>): Job => ({
    id: 5, status: 'running', done: 100, total: 357, ratePerSecond: 50, model: 'fashion-cnn', experiment: 'triplet-demo',
    similarity: 'dot', source: 'embedding', error: null, createdAt: '', finishedAt: null, ...over,
  });

  it('starts a triplet job with the chosen similarity, follows it and cancels it; no scoring job is offered', async () => {
    const fake = server()
      .on('GET /api/triplet-jobs', { body: [] })
      .on('POST /api/triplet-jobs', { status: 201, body: job({ status: 'queued', done: 0, ratePerSecond: 0 }) })
      .on('GET /api/triplet-jobs/5', { body: job({}) })
      .on('POST /api/triplet-jobs/5/cancel', { body: job({ status: 'cancelled', finishedAt: '' }) });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const root = open('score', fake);
    await vi.waitFor(() => expect(byTestId<HTMLButtonElement>(root, 'triplet-job-start').disabled).toBe(false));
    expect(maybeTestId(root, 'score-start')).toBeNull();
    type(byTestId<HTMLSelectElement>(root, 'triplet-similarity-select'), 'dot');
    byTestId<HTMLButtonElement>(root, 'triplet-job-start').click();
    await vi.waitFor(() => expect(byTestId(root, 'triplet-job-status').textContent).toBe('queued'));
    expect(fake.calls('POST /api/triplet-jobs')[0]!.body).toEqual({ model: 'fashion-cnn', similarity: 'dot', experiment: 'triplet-demo' });
    expect(byTestId(root, 'triplet-job-title').textContent).toBe('Job 5 (fashion-cnn, dot of its embedding)');
    await vi.advanceTimersByTimeAsync(1000);
    await vi.waitFor(() => expect(byTestId(root, 'triplet-job-status').textContent).toBe('running'));
    expect(byTestId(root, 'triplet-job-progress-text').textContent).toBe('100 / 357, 50 per second');
    byTestId<HTMLButtonElement>(root, 'triplet-job-cancel').click();
    await vi.waitFor(() => expect(byTestId(root, 'triplet-job-status').textContent).toBe('cancelled'));
    expect(fake.calls('POST /api/triplet-jobs/5/cancel')).toHaveLength(1);
    expect(byTestId(root, 'triplet-job-cancel').hidden).toBe(true);
  });

  it('labels a job that answered from class probabilities, in the list of this experiment’s jobs', async () => {
    const fake = server().on('GET /api/triplet-jobs', { body: [
      job({ id: 3, status: 'done', done: 357, reused: 57, similarity: 'cosine', source: 'probabilities', model: 'tiny-onnx', finishedAt: '' }),
      job({ id: 4, experiment: 'other', status: 'done' }),
    ] });
    const root = open('score', fake);
    await vi.waitFor(() => byTestId(root, 'triplet-job-row-3'));
    expect(maybeTestId(root, 'triplet-job-row-4'), 'another experiment’s job').toBeNull();
    const row = cells(root, 'triplet-job-table')[0]!;
    expect(row.slice(0, 5)).toEqual(['3', 'tiny-onnx', 'cosine of its class probabilities (no embedding output)', 'done', '357 / 357 (57 answered before)']);
  });
});

describe('other tabs of a triplet experiment', () => {
  const overview: StudyOverview = {
    slug: 'triplet-demo', targetParticipants: null, collecting: true, includesPilots: false,
    counts: { started: 1, inProgress: 0, completed: 1, abandoned: 0, screenedOut: 0, excluded: 0, withdrawn: 0, pilots: 0 },
    completionRate: { count: 1, of: 1, value: 1, lower: 0.21, upper: 1 }, medianDurationS: 180,
    cells: [{ trialType: 'triplet', manipulation: null, level: null, durationMs: null, assigned: 40, answered: 40 }],
    balance: { minAssigned: 40, maxAssigned: 40, spread: 0 },
    timingOk: { count: 0, of: 0, value: null, lower: null, upper: null },
    participants: [{ session: '755896ae-d825-4bbf-80c4-ccc4886ceaf2', recruitmentIds: {}, status: 'completed', pilot: false,
      excludedReason: null, durationS: 180, answered: 40, total: 40, accuracy: null, timingFlags: 0 }],
  };
  const preview: TrialPreview = {
    index: 0, type: 'triplet', block: 0, practice: false, stimulusUrl: null, maskUrl: null, requestedMs: null, plannedFrames: null,
    fixationFrames: 18, blankFrames: null, maskFrames: null, correctCategory: null,
    stimulusUrls: ['/stimuli/a.png', '/stimuli/b.png', '/stimuli/c.png'],
  };

  it('the study tab shows a triplet cell without a manipulation and previews the three images of a trial', async () => {
    const fake = server()
      .on(`GET ${BASE}/overview`, { body: overview })
      .on(`GET ${BASE}/deletions`, { body: [] })
      .on(`GET ${BASE}/preview`, { body: preview });
    const root = open('study', fake);
    await vi.waitFor(() => byTestId(root, 'overview-cell-0'));
    expect(cells(root, 'overview-cells')[0]).toEqual(['triplet', 'none (odd one out)', '–', '–', '40', '40']);
    byTestId<HTMLButtonElement>(root, 'preview-show').click();
    await vi.waitFor(() => byTestId(root, 'preview-stimulus-2'));
    expect(byTestId(root, 'preview-stimulus-0').getAttribute('src')).toBe('/stimuli/a.png');
    expect(byTestId(root, 'preview-frames').textContent)
      .toBe('Triplet trial 0 (block 0): pick the odd one out of three images, shown until the participant answers; fixation 18 frame(s).');
    expect(maybeTestId(root, 'preview-play')).toBeNull();
  });

  it('the exports tab offers the triplet comparison rows and the people’s RDM, not the masked responses or the mvh layout', async () => {
    const root = open('exports', server());
    await vi.waitFor(() => byTestId(root, 'export-comparison-csv'));
    expect(maybeTestId(root, 'export-responses-csv')).toBeNull();
    expect(maybeTestId(root, 'export-comparison-mvh')).toBeNull();
    expect(byTestId(root, 'export-rdm-csv').getAttribute('href')).toBe(`${BASE}/rdm.csv?observer=people`);
    byTestId<HTMLInputElement>(root, 'export-filter-model').click();
    byTestId(root, 'export-filters').dispatchEvent(new Event('change', { bubbles: true }));
    expect(byTestId(root, 'export-comparison-jsonl').getAttribute('href')).toBe(`${BASE}/comparison?format=jsonl&kind=human`);
  });
});
