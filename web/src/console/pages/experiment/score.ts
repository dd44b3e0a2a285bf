/**
 * Score tab: score the experiment's trials with a model (POST /api/jobs) and watch the job;
 * for ClickMe experiments also compute model importance maps (POST /api/clickme/map-jobs); for a
 * triplet experiment, instead of scoring, a model answers every distinct triplet people saw
 * (POST /api/triplet-jobs, issue 13). The job lists show this experiment's earlier jobs.
 */
import { seg } from '../../api';
import { describeError, row, table, whileBusy } from '../../controls';
import { errorText, h, replace, showMessage } from '../../dom';
import { dateTime } from '../../format';
import type { Job, Model } from '../../types';
import { hasClickme, isTriplet, partnerOf, publishedDefinition, type ExperimentContext } from './context';
import { isFinished, JobView, tripletMethod } from './job-view';

interface JobKind {
  /** Prefix of the testids: job-…, map-job-…, triplet-job-… */
  prefix: string;
  collection: string;
  /** `method`: a map job's method, a triplet job's similarity. */
  body(model: string, method: string): Record<string, string>;
  /** The table's column for `method`, and its cell. */
  methodHeader: string;
  method(job: Job): string;
}

const SCORING: JobKind = { prefix: 'job', collection: '/api/jobs', body: (model) => ({ model }), methodHeader: 'Method', method: (j) => j.method ?? '–' };
const MAPS: JobKind = {
  prefix: 'map-job', collection: '/api/clickme/map-jobs', body: (model, method) => ({ model, method }), methodHeader: 'Method', method: (j) => j.method ?? '–',
};
const TRIPLETS: JobKind = {
  prefix: 'triplet-job', collection: '/api/triplet-jobs', body: (model, similarity) => ({ model, similarity }),
  methodHeader: 'Similarity, vectors', method: tripletMethod,
};

export function scoreTab(panel: HTMLElement, ctx: ExperimentContext): void {
  const definition = publishedDefinition(ctx.detail);
  if (isTriplet(definition)) {
    tripletScoreTab(panel, ctx);
    return;
  }
  const modelSelect = h('select', { id: 'score-model-select', testid: 'score-model-select' }, h('option', { value: '' }, 'Loading models…'));
  const start = h('button', { type: 'button', class: 'primary', testid: 'score-start', disabled: true }, 'Score');
  const error = errorText('score-error');
  const scoring = jobSection(ctx, SCORING, () => modelSelect.value, () => '', start, error);

  const mapMethod = h('select', { id: 'map-method-select', testid: 'map-method-select' },
    h('option', { value: 'occlusion' }, 'occlusion'), h('option', { value: 'rise' }, 'RISE'));
  const mapStart = h('button', { type: 'button', class: 'secondary', testid: 'map-start', disabled: true }, 'Compute model maps');
  const mapError = errorText('map-error');
  const clickme = hasClickme(definition);
  const maps = clickme ? jobSection(ctx, MAPS, () => modelSelect.value, () => mapMethod.value, mapStart, mapError) : null;

  replace(panel,
    definition === null ? h('p', { class: 'muted', testid: 'score-unpublished' }, 'Publish a version first: jobs score the published version.') : null,
    h('div', { class: 'actions' },
      h('label', { for: 'score-model-select' }, 'Model'), modelSelect, start),
    error, scoring.view.element,
    maps === null ? null : h('div', { class: 'actions' },
      h('label', { for: 'map-method-select' }, 'Importance-map method'), mapMethod, mapStart),
    maps === null ? null : [mapError, maps.view.element],
    h('h2', null, 'Scoring jobs of this experiment'), scoring.list,
    maps === null ? null : [h('h2', null, 'ClickMe map jobs of this experiment'), maps.list]);

  loadModels(ctx, modelSelect, clickme && definition ? partnerOf(definition) : null, [start, mapStart], error);
  scoring.refresh(true);
  maps?.refresh(true);
}

/**
 * A triplet experiment has no categories to score: a model answers each distinct triplet people
 * saw with the odd one out of its vectors (docs/triplet.md); its agreement is on the Results tab.
 */
function tripletScoreTab(panel: HTMLElement, ctx: ExperimentContext): void {
  const modelSelect = h('select', { id: 'score-model-select', testid: 'score-model-select' }, h('option', { value: '' }, 'Loading models…'));
  const similarity = h('select', { id: 'triplet-similarity-select', testid: 'triplet-similarity-select' },
    h('option', { value: 'cosine' }, 'cosine'), h('option', { value: 'dot' }, 'dot product'));
  const start = h('button', { type: 'button', class: 'primary', testid: 'triplet-job-start', disabled: true }, 'Answer the triplets');
  const error = errorText('score-error');
  const jobs = jobSection(ctx, TRIPLETS, () => modelSelect.value, () => similarity.value, start, error);
  replace(panel,
    h('p', { class: 'muted', testid: 'triplet-score-help' },
      'The model answers every distinct triplet people were shown (catch trials aside): the odd one out is the image least similar to the other two, '
      + 'by the similarity of its embedding vectors, or of its class probabilities when it declares no embedding output. '
      + 'Triplets it answered before are reused. Its agreement with people is on the Results tab.'),
    h('div', { class: 'actions' },
      h('label', { for: 'score-model-select' }, 'Model'), modelSelect,
      h('label', { for: 'triplet-similarity-select' }, 'Similarity'), similarity, start),
    error, jobs.view.element,
    h('h2', null, 'Triplet jobs of this experiment'), jobs.list);
  loadModels(ctx, modelSelect, null, [start], error);
  jobs.refresh(true);
}

/** Fills the model choice with the registered models' names; the buttons wait for one. */
function loadModels(ctx: ExperimentContext, select: HTMLSelectElement, preferred: string | null, buttons: HTMLButtonElement[],
  error: HTMLElement): void {
  ctx.api.get<Model[]>('/api/models')
    .then((models) => {
      if (ctx.signal.aborted) return;
      const names = [...new Set(models.map((m) => m.name))];
      select.replaceChildren(...(names.length === 0
        ? [h('option', { value: '' }, 'No models registered')]
        : names.map((n) => h('option', { value: n, selected: n === preferred }, n))));
      for (const button of buttons) button.disabled = names.length === 0;
    })
    .catch((e: unknown) => showMessage(error, `Models: ${describeError(e)}`));
}

/**
 * One kind of job: its start button, the view following the current job and the list of this
 * experiment's jobs. On opening the tab, a job still running is followed again.
 */
function jobSection(ctx: ExperimentContext, kind: JobKind, model: () => string, method: () => string,
  start: HTMLButtonElement, error: HTMLElement) {
  const view = new JobView(ctx.api, ctx.signal, kind.prefix);
  const list = h('div', { testid: `${kind.prefix}-list` });
  const follow = (job: Job) => view.follow(job, `${kind.collection}/${seg(job.id)}`, () => refresh(false));

  function refresh(resumeRunning: boolean): void {
    ctx.api.get<Job[]>(kind.collection)
      .then((jobs) => {
        if (ctx.signal.aborted) return;
        const mine = jobs.filter((j) => j.experiment === ctx.slug).sort((a, b) => b.id - a.id);
        list.replaceChildren(jobsTable(kind, mine, kind === SCORING ? ctx.slug : null));
        const running = mine.find((j) => !isFinished(j));
        if (resumeRunning && running) follow(running);
      })
      .catch((e: unknown) => list.replaceChildren(h('p', { class: 'error', role: 'alert' }, describeError(e))));
  }

  start.addEventListener('click', () => void whileBusy(start, 'Starting…', async () => {
    showMessage(error, null);
    if (model() === '') {
      showMessage(error, 'Choose a model first.');
      return;
    }
    try {
      const job = await ctx.api.post<Job>(kind.collection, { ...kind.body(model(), method()), experiment: ctx.slug });
      follow(job);
      refresh(false);
    } catch (e) {
      showMessage(error, describeError(e));
    }
  }));
  return { view, list, refresh };
}

/** `scoresOf`: the experiment whose scores a done scoring job links to (GET …/scores); null for map jobs. */
function jobsTable(kind: JobKind, jobs: Job[], scoresOf: string | null): HTMLElement {
  if (jobs.length === 0) return h('p', { class: 'muted' }, 'None yet.');
  const headers = ['Job', 'Model', kind.methodHeader, 'Status', 'Done', 'Created', 'Finished'];
  return table(`${kind.prefix}-table`, scoresOf === null ? headers : [...headers, 'Scores'],
    jobs.map((j) => row({ testid: `${kind.prefix}-row-${j.id}` },
      String(j.id), j.model, kind.method(j),
      h('span', { class: `status ${j.status}` }, j.status),
      `${j.done} / ${j.total}${j.reused ? ` (${j.reused} answered before)` : ''}`, dateTime(j.createdAt), dateTime(j.finishedAt),
      ...(scoresOf === null ? [] : [j.status === 'done' ? scoreLinks(scoresOf, j) : '–']))));
}

/** The model's scores on the experiment, one row per scored stimulus (docs/console-api.md). */
function scoreLinks(slug: string, job: Job): HTMLElement {
  const link = (format: string, label: string) => h('a', {
    href: `/api/experiments/${seg(slug)}/scores?${new URLSearchParams({ model: job.model, format })}`,
    download: '', testid: `job-scores-${job.id}-${format}`,
  }, label);
  return h('span', null, link('csv', 'CSV'), ' · ', link('jsonl', 'JSON Lines'));
}
