/**
 * Results tab: the server's plots as images (psychometric curves, error-consistency matrix),
 * accuracy and consistency tables from GET …/metrics, and for ClickMe experiments the
 * alignment of model maps with human maps, with both maps side by side.
 */
import { seg } from '../../api';
import { describeError, row, table, whileBusy } from '../../controls';
import { errorText, h, replace, showMessage } from '../../dom';
import { figure, percent } from '../../format';
import type { AccuracyCell, AlignmentReport, Figure, Metrics, Model } from '../../types';
import { hasClickme, partnerOf, publishedDefinition, type ExperimentContext } from './context';

/** Heatmaps shown at once; the table lists every image. */
const HEATMAP_IMAGES = 8;

export function resultsTab(panel: HTMLElement, ctx: ExperimentContext): void {
  const base = `/api/experiments/${seg(ctx.slug)}`;
  const plots = h('div', { class: 'plots' });
  const tables = h('div', { testid: 'results-tables' }, h('p', { class: 'muted' }, 'Loading metrics…'));
  const error = errorText('results-error');
  const refresh = h('button', { type: 'button', class: 'secondary', testid: 'results-refresh' }, 'Refresh');
  const load = async () => {
    showMessage(error, null);
    const stamp = Date.now(); // the plots change as responses arrive; never show a cached one
    plots.replaceChildren(
      plot(`${base}/psychometric.svg?t=${stamp}`, 'results-psychometric', 'Psychometric curves: accuracy against presentation time, per observer group'),
      plot(`${base}/consistency.svg?t=${stamp}`, 'results-consistency', 'Error-consistency matrix of every pair of observers'));
    try {
      const metrics = await ctx.api.get<Metrics>(`${base}/metrics`);
      if (!ctx.signal.aborted) tables.replaceChildren(metricsTables(metrics));
    } catch (e) {
      tables.replaceChildren();
      showMessage(error, describeError(e));
    }
  };
  refresh.addEventListener('click', () => void whileBusy(refresh, 'Refreshing…', load));
  const clickme = hasClickme(publishedDefinition(ctx.detail)) ? alignmentSection(ctx, base) : null;
  replace(panel, h('div', { class: 'actions' }, refresh), error, plots, tables, clickme);
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
    h('h2', null, 'Error consistency by kind of pair'),
    m.consistencyByPairKind.length === 0
      ? h('p', { class: 'muted' }, 'Needs at least two observers who saw the same stimuli.')
      : table('results-consistency-summary', ['Pairs', 'Number of pairs', 'Observed consistency', 'Error consistency (κ)', 'Squared accuracy difference'],
        m.consistencyByPairKind.map((k) => row({ testid: `consistency-${k.pairKind.toLowerCase().replace(/_/g, '-')}` },
          pairKindLabel(k.pairKind), String(k.pairs), figure(k.observedConsistency), figure(k.errorConsistency),
          figure(k.squaredAccuracyDifference)))),
    h('details', null, h('summary', null, 'Accuracy of each observer'),
      accuracyTable('results-accuracy-by-observer', m.accuracyByObserver.filter((c) => c.condition === null))),
    h('details', null, h('summary', null, 'Confusion matrix (all observers pooled)'), confusionTable(m.confusion)));
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
