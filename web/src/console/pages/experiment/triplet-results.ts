/**
 * Results tab of a triplet (odd-one-out) experiment (issue 13, docs/triplet.md): from GET …/metrics
 * the counts, the people's noise ceiling, each model's agreement, normalised score, RSA and
 * coverage, the split-half RSA ceiling, the catch trials and each observer's agreement with the
 * others; the people's and a model's RDMs side by side (triplet.svg) and the RDM and comparison
 * downloads. Every figure comes with its 95 % interval, as on the masked results.
 */
import { seg } from '../../api';
import { describeError, row, table, whileBusy } from '../../controls';
import { errorText, h, replace, showMessage } from '../../dom';
import { figure, percent } from '../../format';
import type { Estimate, Range, TripletMetrics } from '../../types';
import type { ExperimentContext } from './context';

export function tripletResultsTab(panel: HTMLElement, ctx: ExperimentContext): void {
  const base = `/api/experiments/${seg(ctx.slug)}`;
  const out = h('div', { testid: 'triplet-results' }, h('p', { class: 'muted' }, 'Loading metrics…'));
  const error = errorText('results-error');
  const refresh = h('button', { type: 'button', class: 'secondary', testid: 'results-refresh' }, 'Refresh');
  const similarity = h('select', { id: 'triplet-similarity', testid: 'triplet-similarity' },
    h('option', { value: 'cosine' }, 'cosine'), h('option', { value: 'dot' }, 'dot product'));
  const threshold = h('input', {
    type: 'number', min: '0', max: '1', step: '0.05', value: '0.8', id: 'triplet-catch-threshold', testid: 'triplet-catch-threshold',
  });
  let chosenModel = '';
  const load = async () => {
    showMessage(error, null);
    const options = new URLSearchParams({ similarity: similarity.value });
    if (threshold.value !== '' && threshold.value !== '0.8') options.set('catchThreshold', threshold.value);
    try {
      const metrics = await ctx.api.get<TripletMetrics>(`${base}/metrics?${options}`);
      if (ctx.signal.aborted) return;
      out.replaceChildren(tripletMetricsView(base, metrics, options, chosenModel, (model) => (chosenModel = model)));
    } catch (e) {
      out.replaceChildren();
      showMessage(error, describeError(e));
    }
  };
  refresh.addEventListener('click', () => void whileBusy(refresh, 'Refreshing…', load));
  similarity.addEventListener('change', () => void load());
  threshold.addEventListener('change', () => void load());
  replace(panel, h('div', { class: 'actions' }, refresh,
    h('label', { for: 'triplet-similarity' }, 'Models’ choices by'), similarity,
    h('label', { for: 'triplet-catch-threshold' }, 'Exclude below catch accuracy'), threshold), error, out);
  void load();
}

/**
 * The whole report. `options` (similarity, catch threshold) travel with the figure and the RDM
 * downloads so they show what the tables show; `model` is the model whose RDM the figure draws ('' for the first).
 */
export function tripletMetricsView(base: string, m: TripletMetrics, options: URLSearchParams, model: string,
  onModel: (model: string) => void): HTMLElement {
  const c = m.counts;
  const a = m.analysis;
  const summary = h('dl', { class: 'summary', testid: 'triplet-metrics' },
    h('dt', null, 'Participants'),
    h('dd', { testid: 'triplet-participants' }, `${c.participants} (${c.excludedParticipants} excluded by their catch trials)`),
    h('dt', null, 'Judgements'),
    h('dd', { testid: 'triplet-judgements' }, `${c.judgements} (${c.catchJudgements} on catch trials)`),
    h('dt', null, 'Distinct triplets judged'), h('dd', { testid: 'triplet-triplets' }, String(c.triplets)),
    h('dt', null, 'Noise ceiling (agreement of a person with the others’ majority)'),
    h('dd', { testid: 'triplet-noise-ceiling' },
      `${withInterval(a.noiseCeiling)} over ${a.ceilingTriplets} triplets judged by two or more people (${a.ceilingJudgements} judgements)`),
    h('dt', null, 'RSA ceiling (split-half ρ of the people’s RDM, Spearman–Brown corrected)'),
    h('dd', { testid: 'triplet-rsa-ceiling' }, m.rsaCeiling.ceiling === null
      ? 'n/d (too few judgements to split)'
      : `${figure(m.rsaCeiling.ceiling)} (range ${range(m.rsaCeiling.range)} over ${m.rsaCeiling.splits} splits)`),
    h('dt', null, 'Options'),
    h('dd', null, `catch threshold ${percent(m.options.catchThreshold, 0)}, ${m.options.similarity} similarity, `
      + `${m.options.distance} distance for model RDMs, ${m.options.resamples} bootstrap resamples; version ${m.version}`));
  if (c.judgements === 0) {
    return h('div', null, summary, h('p', { class: 'muted', testid: 'results-empty' }, 'No judgements yet.'));
  }
  return h('div', null, summary,
    h('h2', null, 'Models'),
    h('p', { class: 'muted' }, 'Agreement: the share of people’s judgements on the triplets the model answered that picked the model’s odd one out (chance 1/3). '
      + 'Normalised: (agreement − 1/3) ÷ (ceiling − 1/3), n/d when the ceiling or its 95 % interval is at or below chance (the ratio could take any size). '
      + 'RSA: Spearman ρ of the model’s RDM with the people’s, 95 % bootstrap over images. Models answer on the Score tab (triplet jobs).'),
    modelTable(m),
    h('h2', null, 'RDMs'), figureSection(base, m, options, model, onModel),
    h('h2', null, 'Catch trials'),
    h('p', { class: 'muted' }, `Two identical images and a third: the third is right. Below ${percent(m.options.catchThreshold, 0)} a participant is excluded from every figure above.`),
    catchTable(m),
    h('details', null, h('summary', null, 'Agreement of each observer with the others’ majority'), observerTable(m)),
    h('h2', null, 'Downloads'), downloads(base, m, options));
}

/** One row per model named by the agreement, the RSA or the coverage. */
function modelTable(m: TripletMetrics): HTMLElement {
  const names = [...new Set([...m.analysis.models.map((x) => x.model), ...m.rsa.map((x) => x.model), ...m.coverage.map((x) => x.model)])];
  if (names.length === 0) {
    return h('p', { class: 'muted', testid: 'triplet-models-empty' }, 'No model has answered these triplets yet: start a triplet job on the Score tab.');
  }
  return table('triplet-models', ['Model', 'Agreement [95% CI]', 'People’s judgements', 'Normalised [95% CI]', 'RSA ρ [95% CI]', 'Image pairs', 'Coverage', 'Source'],
    names.map((name) => {
      const agreement = m.analysis.models.find((x) => x.model === name);
      const rsa = m.rsa.find((x) => x.model === name);
      const coverage = m.coverage.find((x) => x.model === name);
      return row({ testid: `triplet-model-${name}` }, name,
        agreement ? withInterval(agreement.agreement) : '–',
        agreement ? String(agreement.humanJudgements) : '–',
        agreement ? normalised(agreement.normalised) : '–',
        rsa ? `${figure(rsa.rsa)} ${bracket(rsa.ci)}` : '–',
        rsa ? String(rsa.pairs) : '–',
        coverage ? coverageText(coverage) : '–',
        coverage && coverage.sources.length > 0 ? coverage.sources.join(', ') : '–');
    }));
}

function coverageText(c: TripletMetrics['coverage'][number]): string {
  const whole = `${c.answeredTriplets} / ${c.triplets} triplets`;
  if (c.answeredTriplets >= c.triplets) return whole;
  return c.answeredTriplets === 0 ? `${whole} (none answered: run a triplet job)` : `${whole} (partial: agreement covers only these)`;
}

function normalised(e: Estimate): string {
  return e.value === null ? 'n/d (ceiling not clearly above chance)' : withInterval(e);
}

function catchTable(m: TripletMetrics): HTMLElement {
  if (m.analysis.catchTrials.length === 0) return h('p', { class: 'muted', testid: 'triplet-catch-empty' }, 'No catch trials answered yet.');
  return table('triplet-catch', ['Participant', 'Right / trials', 'Accuracy', '95% interval', 'Excluded'],
    m.analysis.catchTrials.map((t) => row({ testid: `triplet-catch-${t.participant}`, class: t.excluded ? 'below-minimum' : null },
      h('code', null, t.participant.slice(0, 8)), `${t.right} / ${t.trials}`, percent(t.accuracy),
      t.ci === null || t.trials === 0 ? '–' : `${percent(t.ci.lower)} – ${percent(t.ci.upper)}`, t.excluded ? 'yes' : 'no')));
}

function observerTable(m: TripletMetrics): HTMLElement {
  if (m.analysis.observers.length === 0) return h('p', { class: 'muted' }, 'Needs triplets judged by two or more people.');
  return table('triplet-observers', ['Observer', 'Kind', 'Agreement with the majority', '95% interval', 'Triplets scored'],
    m.analysis.observers.map((o) => row(null, o.kind === 'HUMAN' ? h('code', null, o.observer.slice(0, 8)) : o.observer,
      o.kind.toLowerCase(), percent(o.accuracy), o.ci === null ? '–' : `${percent(o.ci.low)} – ${percent(o.ci.high)}`, String(o.scoredTrials))));
}

/** The people's and one model's RDMs (GET …/triplet.svg), the model chosen from those with an RDM. */
function figureSection(base: string, m: TripletMetrics, options: URLSearchParams, model: string,
  onModel: (model: string) => void): HTMLElement {
  const models = m.rsa.map((r) => r.model);
  if (models.length === 0) {
    return h('p', { class: 'muted', testid: 'triplet-figure-empty' }, 'The RDM figure needs a model with embeddings of these images.');
  }
  const chosen = models.includes(model) ? model : models[0] ?? '';
  const select = h('select', { id: 'triplet-figure-model', testid: 'triplet-figure-model' },
    models.map((name) => h('option', { value: name, selected: name === chosen }, name)));
  const src = (name: string) => `${base}/triplet.svg?${new URLSearchParams({ ...Object.fromEntries(options), model: name, t: String(Date.now()) })}`;
  const caption = (name: string) => `The people’s RDM (left) and ${name}’s (right), images grouped by category, shaded by rank (dark: similar); `
    + 'red hatching: a pair no one judged. Below: RSA ρ with its bootstrap interval against the split-half ceiling.';
  const img = h('img', { src: src(chosen), alt: caption(chosen), class: 'plot', testid: 'triplet-figure' });
  const text = h('figcaption', null, caption(chosen));
  select.addEventListener('change', () => {
    onModel(select.value);
    img.src = src(select.value);
    img.alt = caption(select.value);
    text.textContent = caption(select.value);
  });
  return h('div', null, h('div', { class: 'actions' }, h('label', { for: 'triplet-figure-model' }, 'Model'), select),
    h('figure', null, img, text));
}

function downloads(base: string, m: TripletMetrics, options: URLSearchParams): HTMLElement {
  const rdm = (observer: string, testid: string, label: string) => h('a', {
    href: `${base}/rdm.csv?${new URLSearchParams({ ...Object.fromEntries(options), observer })}`, download: '', testid,
  }, label);
  const comparison = (format: string, label: string) => h('a', {
    href: `${base}/comparison?${new URLSearchParams({ format })}`, download: '', testid: `triplet-comparison-${format}`,
  }, label);
  return h('ul', { testid: 'triplet-downloads' },
    h('li', null, 'RDM (CSV, image × image): ', rdm('people', 'triplet-rdm-people', 'people'),
      m.rsa.flatMap((r) => [' · ', rdm(r.model, `triplet-rdm-${r.model}`, r.model)])),
    h('li', null, 'Comparison dataset, one row per observer and triplet: ', comparison('csv', 'CSV'), ' · ', comparison('jsonl', 'JSON Lines')));
}

/** "0.712 [0.690, 0.733]"; "–" when there is no value. */
function withInterval(e: Estimate): string {
  return e.value === null ? '–' : `${figure(e.value)} ${bracket(e.ci)}`;
}

function bracket(r: Range | null): string {
  return r === null ? '[–]' : `[${figure(r.low)}, ${figure(r.high)}]`;
}

function range(r: Range | null): string {
  return r === null ? '–' : `${figure(r.low)} to ${figure(r.high)}`;
}
