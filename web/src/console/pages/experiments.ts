/** The experiments the account may see (GET /api/experiments). */
import { seg } from '../api';
import { describeError, row, table } from '../controls';
import { errorText, h, showMessage } from '../dom';
import type { Page } from '../page';
import { STATUS_LABELS, type ExperimentSummary } from '../types';

export const experimentsPage: Page = (root, ctx) => {
  const status = h('p', { class: 'muted', testid: 'experiments-loading' }, 'Loading experiments…');
  const error = errorText('experiments-error');
  const list = h('div');
  root.replaceChildren(
    h('div', { class: 'page-head' },
      h('h1', null, 'Experiments'),
      h('a', { href: '/console/experiments/new', class: 'button primary', testid: 'experiment-new' }, 'New experiment')),
    status, error, list);

  ctx.api.get<ExperimentSummary[]>('/api/experiments')
    .then((experiments) => {
      if (ctx.signal.aborted) return;
      status.remove();
      if (experiments.length === 0) {
        list.replaceChildren(h('p', { testid: 'experiments-empty' }, 'No experiments yet. Start one with “New experiment”.'));
        return;
      }
      list.replaceChildren(table('experiments-table',
        ['Title', 'Slug', 'Version', 'Data collection', 'Sessions started', 'Completed', 'Owner'],
        experiments.map(experimentRow)));
    })
    .catch((e: unknown) => {
      status.remove();
      showMessage(error, describeError(e));
    });
};

function experimentRow(e: ExperimentSummary): HTMLTableRowElement {
  const version = e.latestVersion === null ? 'draft only' : `v${e.latestVersion}${e.hasDraft ? ' + unpublished edits' : ''}`;
  const status = e.status ?? (e.latestVersion === null ? 'draft' : e.collecting ? 'collecting' : 'closed');
  return row({ testid: `experiment-row-${e.slug}` },
    h('a', { href: `/console/experiments/${seg(e.slug)}/edit`, testid: `experiment-link-${e.slug}` }, e.title),
    h('code', null, e.slug),
    version,
    h('span', { class: e.collecting ? 'state open' : 'state closed', testid: `experiment-collecting-${e.slug}`,
      'data-status': status },
      STATUS_LABELS[status]),
    String(e.sessions.started),
    String(e.sessions.completed),
    e.owner ?? '–');
}
