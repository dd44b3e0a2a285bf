/**
 * Exports tab: a download link for every format of docs/console-api.md. The browser fetches
 * them itself (same-origin GET with the login cookie), so large exports stream to disk.
 */
import { seg } from '../../api';
import { h, replace } from '../../dom';
import { hasClickme, partnerOf, publishedDefinition, type ExperimentContext } from './context';

interface Export {
  /** testid export-<kind>-<format> */
  kind: string;
  title: string;
  description: string;
  /** Path below /api/experiments/{slug}/. */
  path: string;
  formats: { format: string; label: string; query: Record<string, string> }[];
  clickmeOnly?: boolean;
}

const EXPORTS: Export[] = [
  {
    kind: 'responses', title: 'Responses', path: 'responses',
    description: 'Every human response with its timing record, one row per trial.',
    formats: [
      { format: 'csv', label: 'CSV', query: { format: 'csv' } },
      { format: 'jsonl', label: 'JSON Lines', query: { format: 'jsonl' } },
    ],
  },
  {
    kind: 'comparison', title: 'Comparison dataset', path: 'comparison',
    description: 'One row per observer and trial, humans and models joined on the stimulus hash.',
    formats: [
      { format: 'csv', label: 'CSV', query: { format: 'csv' } },
      { format: 'jsonl', label: 'JSON Lines', query: { format: 'jsonl' } },
      { format: 'mvh', label: 'model-vs-human raw data', query: { format: 'mvh' } },
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

export function exportsTab(panel: HTMLElement, ctx: ExperimentContext): void {
  const definition = publishedDefinition(ctx.detail);
  const clickme = hasClickme(definition);
  const base = `/api/experiments/${seg(ctx.slug)}`;
  const link = (kind: string, format: string, label: string, href: string) =>
    h('a', { href, download: '', class: 'button secondary', testid: `export-${kind}-${format}` }, label);
  const sections = EXPORTS.filter((e) => clickme || e.clickmeOnly !== true).map((e) =>
    h('section', { class: 'export' },
      h('h2', null, e.title),
      h('p', { class: 'muted' }, e.description),
      h('p', { class: 'actions' }, e.formats.map((f) =>
        link(e.kind, f.format, f.label, `${base}/${e.path}?${new URLSearchParams(f.query)}`)))));
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
    ...sections, alignment);
}
