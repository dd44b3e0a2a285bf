/**
 * Results tab: the server's plots as images (psychometric curves, error-consistency matrix),
 * accuracy and consistency tables from GET …/metrics, and for ClickMe experiments the
 * alignment of model maps with human maps, with both maps side by side. A triplet experiment's
 * results are triplet-results.ts.
 */
import { seg } from '../../api';
import { describeError, row, table, whileBusy } from '../../controls';
import { errorText, h, replace, showMessage } from '../../dom';
import { figure, percent } from '../../format';
import type {
  Accuracy, AccuracyCell, AlignmentReport, Figure, Metrics, Model, ModelReference, PairResult, PsychometricCurve, Range,
} from '../../types';
import { hasClickme, isTriplet, partnerOf, publishedDefinition, type ExperimentContext } from './context';
import { tripletResultsTab } from './triplet-results';

/** Heatmaps shown at once; the table lists every image. */
const HEATMAP_IMAGES = 8;

export function resultsTab(panel: HTMLElement, ctx: ExperimentContext): void {
  // A triplet experiment's metrics have their own shape (docs/triplet.md): its own tab.
  if (isTriplet(publishedDefinition(ctx.detail))) {
    tripletResultsTab(panel, ctx);
    return;
  }
  const base = `/api/experiments/${seg(ctx.slug)}`;
  const plots = h('div', { class: 'plots' });
  const tables = h('div', { testid: 'results-tables' }, h('p', { class: 'muted' }, 'Loading metrics…'));
  const error = errorText('results-error');
  const refresh = h('button', { type: 'button', class: 'secondary', testid: 'results-refresh' }, 'Refresh');
  const minimum = h('input', {
    type: 'number', min: '1', step: '1', value: '20', id: 'results-min-shared-trials', testid: 'results-min-shared-trials',
  });
  const csv = h('a', { href: `${base}/consistency.csv`, download: '', testid: 'results-consistency-csv' }, 'κ per pair and condition (CSV)');
  const load = async () => {
    showMessage(error, null);
    const stamp = Date.now(); // the plots change as responses arrive; never show a cached one
    const min = new URLSearchParams({ minSharedTrials: minimum.value === '' ? '20' : minimum.value });
    csv.setAttribute('href', `${base}/consistency.csv?${min}`);
    plots.replaceChildren(
      plot(`${base}/psychometric.svg?t=${stamp}`, 'results-psychometric',
        'Psychometric curves: people’s accuracy against requested presentation time, one panel per manipulation and level, with the fitted function and its threshold; models as reference lines (solid: whole design, dash-dotted: the stimuli people saw)'),
      plot(`${base}/frames-shown.svg?t=${stamp}`, 'results-frames-shown', 'Accuracy against the stimulus frames actually shown, one panel per manipulation, level and refresh rate'),
      plot(`${base}/consistency.svg?${min}&t=${stamp}`, 'results-consistency',
        `Error-consistency matrix of every pair of observers: mean κ over the conditions with at least ${minimum.value} shared trials; hatched: fewer in every condition; dashed outline: no shared trials; dot: κ above the range of independent observers`));
    try {
      const metrics = await ctx.api.get<Metrics>(`${base}/metrics?${min}`);
      if (!ctx.signal.aborted) tables.replaceChildren(metricsTables(metrics));
    } catch (e) {
      tables.replaceChildren();
      showMessage(error, describeError(e));
    }
  };
  refresh.addEventListener('click', () => void whileBusy(refresh, 'Refreshing…', load));
  const clickme = hasClickme(publishedDefinition(ctx.detail)) ? alignmentSection(ctx, base) : null;
  minimum.addEventListener('change', () => void load());
  replace(panel, h('div', { class: 'actions' }, refresh,
    h('label', { for: 'results-min-shared-trials' }, 'Minimum shared trials per condition'), minimum, csv),
  error, plots, tables, clickme);
  void load();
}

/** A server plot as an image (never inlined), with a note in its place when there is none yet. */
function plot(src: string, testid: string, caption: string): HTMLElement {
  const img = h('img', { src, alt: caption, testid, class: 'plot' });
  const note = h('p', { class: 'muted', hidden: true, testid: `${testid}-missing` }, 'No plot yet: it appears once there are responses.');
  img.addEventListener('error', () => {
    img.hidden = true;
    note.hidden = false;
  });
  return h('figure', null, img, note, h('figcaption', null, caption));
}

function metricsTables(m: Metrics): HTMLElement {
  if (m.accuracyByGroup.length === 0) {
    return h('p', { class: 'muted', testid: 'results-empty' }, 'No responses and no model scores yet.');
  }
  return h('div', null,
    h('h2', null, 'Accuracy by observer group'),
    accuracyTable('results-accuracy-by-group', m.accuracyByGroup),
    h('h2', null, 'Psychometric thresholds'),
    curveTable(m.byRequestedMs),
    h('h2', null, 'Models per manipulation'),
    referenceTable(m.modelReferences),
    h('h2', null, 'Error consistency by kind of pair'),
    h('p', { class: 'muted', testid: 'results-consistency-rule' },
      `Means over conditions use only pair × condition cells with at least ${m.minSharedTrials} shared trials. `
      + `Chance range (kappaChance): ${m.kappaChanceMethod}. CI (kappaCi): ${m.kappaCiMethod}.`),
    m.consistencyByPairKind.length === 0
      ? h('p', { class: 'muted' }, 'Needs at least two observers who saw the same stimuli.')
      : table('results-consistency-summary', ['Pairs', 'Pairs in the mean', `Pairs with < ${m.minSharedTrials} shared trials in every condition`,
        'Observed consistency', 'Error consistency (κ)', 'κ 95% CI', 'Independent observers (95%)', 'Above chance', 'Squared accuracy difference'],
      m.consistencyByPairKind.map((k) => row({ testid: `consistency-${k.pairKind.toLowerCase().replace(/_/g, '-')}` },
        pairKindLabel(k.pairKind), String(k.pairs), String(k.pairsBelowMinimum), figure(k.observedConsistency), figure(k.kappa),
        range(k.kappaCi), range(k.kappaChance), yesNo(k.exceedsChance), figure(k.squaredAccuracyDifference)))),
    h('details', null, h('summary', null, 'Error consistency of each pair, per condition'),
      pairTable(m.consistency, m.minSharedTrials)),
    h('details', null, h('summary', null, 'Accuracy of each observer'),
      accuracyTable('results-accuracy-by-observer', m.accuracyByObserver.filter((c) => c.condition === null))),
    h('details', null, h('summary', null, 'Confusion matrix (all observers pooled)'), confusionTable(m.confusion)));
}

/** One row per group of people × manipulation × level: the fitted threshold with its bootstrap CI. */
function curveTable(curves: PsychometricCurve[]): HTMLElement {
  if (curves.length === 0) return h('p', { class: 'muted' }, 'No timed responses from people yet.');
  return table('results-thresholds', ['Group', 'Manipulation', 'Durations (ms)', 'Threshold accuracy', 'Threshold (ms)', '95% CI (ms)', 'Lapse rate'],
    curves.map((c) => row(null, c.group, panelLabel(c.manipulation, c.level), c.points.map((p) => p.x).join(', '),
      c.fit === null ? '–' : figure(c.fit.thresholdAccuracy),
      c.fit === null || c.fit.thresholdMs === null ? '–' : c.fit.thresholdMs.toFixed(1),
      c.fit === null || c.fit.thresholdCi === null ? '–' : `${c.fit.thresholdCi.low.toFixed(1)} – ${c.fit.thresholdCi.high.toFixed(1)}`,
      c.fit === null ? '–' : figure(c.fit.lapse))));
}

/** A model has no presentation time: its accuracy per manipulation, over the whole design and on what people saw. */
function referenceTable(references: ModelReference[]): HTMLElement {
  if (references.length === 0) return h('p', { class: 'muted' }, 'No model has scored this experiment yet.');
  return table('results-model-references', ['Model', 'Manipulation', 'Whole design', 'Stimuli people saw'],
    references.map((r) => row(null, r.model, panelLabel(r.manipulation, r.level), accuracyWithInterval(r.wholeDesign),
      accuracyWithInterval(r.trialsPeopleSaw))));
}

function panelLabel(manipulation: string | null, level: string | null): string {
  return `${manipulation ?? 'all trials'}${level === null || level === '' ? '' : ` ${level}`}`;
}

function accuracyWithInterval(a: Accuracy | null): string {
  if (a === null || a.trials === 0) return '–';
  return `${percent(a.proportion)} (${percent(a.interval.lower)} – ${percent(a.interval.upper)}, n = ${a.trials})`;
}

/** Each pair's mean first, then its conditions; a cell below the minimum is marked and kept out of the mean. */
function pairTable(pairs: PairResult[], minimum: number): HTMLElement {
  return table('results-consistency-pairs', ['First', 'Second', 'Condition', 'Shared trials', 'κ', 'κ 95% CI', 'Independent observers (95%)', 'Above chance'],
    pairs.map((p) => row({ class: p.condition === null ? 'total' : p.conditionsUsed === 0 ? 'below-minimum' : null },
      p.first, p.second,
      p.condition === null ? `mean of ${p.conditionsUsed} of ${p.conditions} conditions` : conditionLabel(p.condition)
        + (p.conditionsUsed === 0 ? ` (fewer than ${minimum} shared trials)` : ''),
      String(p.sharedTrials), figure(p.kappa), range(p.kappaCi), range(p.kappaChance), yesNo(p.exceedsChance))));
}

function range(r: Range | null): string {
  return r === null ? '–' : `${figure(r.low)} to ${figure(r.high)}`;
}

function yesNo(value: boolean | null): string {
  return value === null ? '–' : value ? 'yes' : 'no';
}

function accuracyTable(testid: string, cells: AccuracyCell[]): HTMLElement {
  return table(testid, ['Observer', 'Kind', 'Condition', 'Correct / trials', 'Accuracy', '95% interval'],
    cells.map((c) => row({ class: c.condition === null ? 'total' : null },
      c.observer, c.kind.toLowerCase(), c.condition === null ? 'all conditions' : conditionLabel(c.condition),
      `${c.accuracy.correct} / ${c.accuracy.trials}`, percent(c.accuracy.proportion),
      c.accuracy.trials === 0 ? '–' : `${percent(c.accuracy.interval.lower)} – ${percent(c.accuracy.interval.upper)}`)));
}

/** "uniform-noise:0.2:33ms" (MetricsService's condition key) → "uniform-noise 0.2, 33 ms". */
export function conditionLabel(condition: string): string {
  const [manipulation = '', level = '', ms = ''] = condition.split(':');
  const time = ms === '' ? '' : `, ${ms.replace(/ms$/, ' ms')}`;
  return `${manipulation}${level === '' ? '' : ` ${level}`}${time}`;
}

function pairKindLabel(kind: string): string {
  return ({ HUMAN_HUMAN: 'human – human', HUMAN_MODEL: 'human – model', MODEL_MODEL: 'model – model' } as Record<string, string>)[kind] ?? kind;
}

function confusionTable(confusion: Metrics['confusion']): HTMLElement {
  const columns = [...confusion.categories, '(none)'];
  return table('results-confusion', ['True \\ answered', ...columns],
    confusion.categories.map((category, i) => row(null, category, ...columns.map((_, j) => String(confusion.counts[i]?.[j] ?? 0)))));
}

function alignmentSection(ctx: ExperimentContext, base: string): HTMLElement {
  const model = h('select', { id: 'alignment-model-select', testid: 'alignment-model-select' }, h('option', { value: '' }, '(human maps only)'));
  const method = h('select', { id: 'alignment-method-select', testid: 'alignment-method-select' },
    h('option', { value: 'occlusion' }, 'occlusion'), h('option', { value: 'rise' }, 'RISE'));
  const show = h('button', { type: 'button', class: 'secondary', testid: 'alignment-load' }, 'Show alignment');
  const out = h('div', { testid: 'alignment' });
  const error = errorText('alignment-error');
  const partner = partnerOf(publishedDefinition(ctx.detail));
  const load = async () => {
    showMessage(error, null);
    const query = new URLSearchParams({ method: method.value });
    if (model.value !== '') query.set('model', model.value);
    try {
      const report = await ctx.api.get<AlignmentReport>(`${base}/clickme/alignment?${query}`);
      if (!ctx.signal.aborted) out.replaceChildren(alignmentView(base, report, model.value, method.value));
    } catch (e) {
      out.replaceChildren();
      showMessage(error, describeError(e));
    }
  };
  show.addEventListener('click', () => void whileBusy(show, 'Loading…', load));
  ctx.api.get<Model[]>('/api/models')
    .then((models) => {
      for (const name of new Set(models.map((m) => m.name))) model.append(h('option', { value: name, selected: name === partner }, name));
      void load();
    })
    .catch((e: unknown) => showMessage(error, `Models: ${describeError(e)}`));
  return h('section', { testid: 'results-clickme' },
    h('h2', null, 'ClickMe: alignment of model maps with human maps'),
    h('p', { class: 'muted' }, 'Spearman correlation per image between the model’s map and the mean human click map. Human ceiling: the split-half ρ r, Spearman–Brown corrected to all participants as 2r/(1+r); a noise-free model can reach about √(2r/(1+r)), and ρ ÷ ceiling divides by that, only where the corrected ceiling is above the floor (n/d otherwise). Means of ρ and ceiling cover the same images. Model maps come from the map jobs on the Score tab.'),
    h('div', { class: 'actions' }, h('label', { for: 'alignment-model-select' }, 'Model'), model,
      h('label', { for: 'alignment-method-select' }, 'Method'), method, show),
    error, out);
}

/** ρ ÷ ceiling, or why there is none: no model map, or a ceiling not above the floor. */
function ratio(rho: Figure | null | undefined, normalized: Figure | null | undefined, floor: number): string {
  if (rho === null || rho === undefined) return figure(rho);
  return normalized === null || normalized === undefined ? `n/d (ceiling ≤ ${floor})` : figure(normalized);
}

function alignmentView(base: string, report: AlignmentReport, model: string, method: string): HTMLElement {
  const s = report.summary;
  const summary = h('dl', { class: 'summary', testid: 'alignment-summary' },
    h('dt', null, 'Images'), h('dd', null, `${s.images} (${s.imagesWithModelMap} with a model map)`),
    h('dt', null, 'Human ceiling (mean, all images)'),
    h('dd', null, `${figure(s.meanCeiling)} (split-half ${figure(s.meanSplitHalfCeiling)})`),
    h('dt', null, 'Spearman ρ (mean)'), h('dd', null, figure(s.meanSpearman)),
    h('dt', null, 'Ceilings over the same images'),
    h('dd', null, s.modelImages ? `${figure(s.modelImages.ceiling)} (split-half ${figure(s.modelImages.splitHalfCeiling)}, model ${figure(s.modelImages.modelCeiling)})` : '—'),
    h('dt', null, 'ρ ÷ ceiling'), h('dd', { testid: 'alignment-normalized' }, ratio(s.meanSpearman, s.normalizedSpearman, s.ceilingFloor)),
    h('dt', null, 'ρ ÷ ceiling, 95% bootstrap over images'),
    h('dd', { testid: 'alignment-normalized-ci' }, s.normalizedSpearmanCi ? `${figure(s.normalizedSpearmanCi.low)} – ${figure(s.normalizedSpearmanCi.high)}` : '—'),
    h('dt', null, 'Top-10% Dice / IoU'), h('dd', null, `${figure(s.meanDice)} / ${figure(s.meanIou)}`));
  const images = table('alignment-table', ['Image', 'Category', 'Participants', 'Split-half', 'Ceiling', 'Model ceiling', 'ρ', 'ρ ÷ ceiling', 'Dice', 'IoU'],
    report.images.map((i) => row({ testid: `alignment-row-${i.imageIndex}` },
      i.imageFile, i.category, String(i.participants), figure(i.splitHalfCeiling), figure(i.ceiling),
      figure(i.modelCeiling), figure(i.spearman), ratio(i.spearman, i.normalizedSpearman, s.ceilingFloor),
      figure(i.dice), figure(i.iou))));
  const heatmaps = h('div', { class: 'heatmaps', testid: 'clickme-heatmaps' },
    report.images.slice(0, HEATMAP_IMAGES).map((i) => {
      const map = (kind: 'human' | 'model') => {
        const q = new URLSearchParams({ kind, method });
        if (kind === 'model') q.set('model', model);
        return `${base}/clickme/maps/${seg(i.stimulusSha256)}.png?${q}`;
      };
      return h('figure', { class: 'heatmap' },
        h('img', { src: `/stimuli/${seg(i.stimulusSha256)}.png`, alt: `${i.category}: the image`, testid: `heatmap-image-${i.imageIndex}` }),
        h('img', { src: map('human'), alt: `${i.category}: human map`, testid: `heatmap-human-${i.imageIndex}` }),
        model === '' ? null : h('img', { src: map('model'), alt: `${i.category}: ${model} map`, testid: `heatmap-model-${i.imageIndex}` }),
        h('figcaption', null, `${i.category} · ${i.imageFile}`));
    }));
  return h('div', null, summary,
    report.images.length === 0 ? h('p', { class: 'muted' }, 'No image has enough participants yet.') : [heatmaps, images]);
}
