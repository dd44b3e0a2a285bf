/**
 * Exports tab: a download link for every format of docs/console-api.md, each export described by
 * what it holds, and the filters the export API takes (observer kind, timing, version; issue 11).
 * The browser fetches them itself (same-origin GET with the login cookie), so large exports
 * stream to disk. A triplet experiment has its own list (its comparison rows and RDM).
 */
import { seg } from '../../api';
import { h, replace } from '../../dom';
import { hasClickme, isTriplet, partnerOf, publishedDefinition, type ExperimentContext } from './context';

interface Export {
  /** testid export-<kind>-<format> */
  kind: string;
  title: string;
  description: string;
  /** Path below /api/experiments/{slug}/. */
  path: string;
  formats: { format: string; label: string; query: Record<string, string> }[];
  clickmeOnly?: boolean;
  /** Whether the API takes the export filters (kind, timingOk, version). */
  filtered?: boolean;
}

const EXPORTS: Export[] = [
  {
    kind: 'responses', title: 'Responses, with model answers', path: 'responses', filtered: true,
    description: 'Every human response, practice included, with its session, trial and timing record; '
      + 'after each, one row per model that scored the trial’s stimulus (observer_kind model); '
      + 'and one row per design cell each model’s scoring jobs covered, with no session or trial.',
    formats: [
      { format: 'csv', label: 'CSV', query: { format: 'csv' } },
      { format: 'jsonl', label: 'JSON Lines', query: { format: 'jsonl' } },
    ],
  },
  {
    kind: 'comparison', title: 'Comparison dataset', path: 'comparison', filtered: true,
    description: 'One row per observer and answered main trial (no practice): people, and every model on the '
      + 'same stimulus bytes, in tidy columns with the model-vs-human dataset each row belongs to. '
      + 'The model-vs-human zip holds one folder per dataset and one CSV per person (subject-01, …) or model, '
      + 'one model row per image and condition, as their analysis code reads it.',
    formats: [
      { format: 'csv', label: 'CSV', query: { format: 'csv' } },
      { format: 'jsonl', label: 'JSON Lines', query: { format: 'jsonl' } },
      { format: 'mvh', label: 'model-vs-human raw data (zip)', query: { format: 'mvh' } },
    ],
  },
  {
    kind: 'clickme-rounds', title: 'ClickMe rounds', path: 'clickme/rounds', clickmeOnly: true,
    description: 'One row per round: reveals, partner guesses, outcome and points.',
    formats: [
      { format: 'csv', label: 'CSV', query: { format: 'csv' } },
      { format: 'jsonl', label: 'JSON Lines', query: { format: 'jsonl' } },
    ],
  },
];

/**
 * A triplet experiment's judgements are not responses (docs/triplet.md): its comparison dataset
 * holds one row per observer and triplet, and its RDMs are tables of their own.
 */
const TRIPLET_EXPORTS: Export[] = [
  {
    kind: 'comparison', title: 'Comparison dataset', path: 'comparison', filtered: true,
    description: 'One row per observer and triplet judged (catch trials included, marked): people’s choices with their session, '
      + 'trial, three images, chosen position and timing; then each model’s answer on every distinct triplet people judged, '
      + 'per similarity and source (embedding or class probabilities).',
    formats: [
      { format: 'csv', label: 'CSV', query: { format: 'csv' } },
      { format: 'jsonl', label: 'JSON Lines', query: { format: 'jsonl' } },
    ],
  },
  {
    kind: 'rdm', title: 'People’s RDM', path: 'rdm.csv',
    description: 'Image × image dissimilarities from the people’s judgements (participants excluded by their catch trials left out). '
      + 'Each model’s RDM is linked on the Results tab.',
    formats: [{ format: 'csv', label: 'CSV', query: { observer: 'people' } }],
  },
];

export function exportsTab(panel: HTMLElement, ctx: ExperimentContext): void {
  const definition = publishedDefinition(ctx.detail);
  const clickme = hasClickme(definition);
  const exports = isTriplet(definition) ? TRIPLET_EXPORTS : EXPORTS.filter((e) => clickme || e.clickmeOnly !== true);
  const base = `/api/experiments/${seg(ctx.slug)}`;
  const link = (kind: string, format: string, label: string, href: string) =>
    h('a', { href, download: '', class: 'button secondary', testid: `export-${kind}-${format}` }, label);
  const filters = exportFilters(ctx.detail?.versions.map((v) => v.version) ?? []);
  const filtered: { anchor: HTMLAnchorElement; path: string; query: Record<string, string> }[] = [];
  const sections = exports.map((e) =>
    h('section', { class: 'export' },
      h('h2', null, e.title),
      h('p', { class: 'muted' }, e.description),
      h('p', { class: 'actions' }, e.formats.map((f) => {
        const anchor = link(e.kind, f.format, f.label, `${base}/${e.path}?${new URLSearchParams(f.query)}`);
        if (e.filtered === true) filtered.push({ anchor, path: e.path, query: f.query });
        return anchor;
      }))));
  const update = () => {
    for (const f of filtered) f.anchor.href = `${base}/${f.path}?${new URLSearchParams({ ...f.query, ...filters.query() })}`;
  };
  filters.element.addEventListener('change', update);
  const partner = partnerOf(definition);
  const alignment = clickme
    ? h('section', { class: 'export' },
      h('h2', null, 'ClickMe alignment'),
      h('p', { class: 'muted' }, partner === null
        ? 'Per-image alignment of model maps with human maps.'
        : `Per-image alignment of ${partner}’s occlusion maps with human maps (other models and methods: Results tab).`),
      h('p', { class: 'actions' }, link('clickme-alignment', 'csv', 'CSV',
        `${base}/clickme/alignment?${new URLSearchParams({ format: 'csv', method: 'occlusion', ...(partner === null ? {} : { model: partner }) })}`)))
    : null;
  replace(panel,
    definition === null ? h('p', { class: 'muted' }, 'Nothing to export until a version is published and run.') : null,
    definition === null ? null : filters.element, ...sections, alignment);
}

/**
 * The filters of the responses and comparison exports, as the API names them: kind=human,model
 * (both by default), timingOk=true, version=N (all by default).
 */
function exportFilters(versions: number[]): { element: HTMLElement; query: () => Record<string, string> } {
  const human = h('input', { type: 'checkbox', id: 'export-kind-human', checked: true, testid: 'export-filter-human' });
  const model = h('input', { type: 'checkbox', id: 'export-kind-model', checked: true, testid: 'export-filter-model' });
  const timing = h('input', { type: 'checkbox', id: 'export-timing-ok', testid: 'export-filter-timing-ok' });
  const version = h('select', { id: 'export-version', testid: 'export-filter-version' },
    h('option', { value: '' }, 'all versions'),
    [...versions].sort((a, b) => a - b).map((v) => h('option', { value: String(v) }, `version ${v}`)));
  const element = h('fieldset', { class: 'export-filters', testid: 'export-filters' },
    h('legend', null, 'Filters for the responses and comparison exports'),
    h('label', { for: 'export-kind-human' }, human, ' people'),
    h('label', { for: 'export-kind-model' }, model, ' models'),
    h('label', { for: 'export-timing-ok' }, timing, ' only trials whose frames shown matched the plan'),
    h('label', { for: 'export-version' }, 'Version ', version));
  const query = () => {
    const q: Record<string, string> = {};
    // Both or neither kind: every row (the API reads an empty kind list as all kinds).
    if (human.checked !== model.checked) q.kind = human.checked ? 'human' : 'model';
    if (timing.checked) q.timingOk = 'true';
    if (version.value !== '') q.version = version.value;
    return q;
  };
  return { element, query };
}
