/**
 * An experiment's page: its header (title, slug, version, collecting or closed) and tabs, each
 * with its own URL /console/experiments/{slug}/{tab}.
 */
import { seg } from '../../api';
import { describeError } from '../../controls';
import { errorText, h, showMessage } from '../../dom';
import type { Page, PageContext } from '../../page';
import { STATUS_LABELS, type ExperimentDetail, type ExperimentStatus } from '../../types';
import { collectTab } from './collect';
import { latestVersion, type ExperimentContext } from './context';
import { editTab } from './edit';
import { exportsTab } from './exports';
import { monitorTab } from './monitor';
import { resultsTab } from './results';
import { scoreTab } from './score';
import { studyTab } from './study';

type Tab = (panel: HTMLElement, ctx: ExperimentContext) => void;

const TABS: { key: string; label: string; render: Tab }[] = [
  { key: 'edit', label: 'Edit', render: editTab },
  { key: 'collect', label: 'Collect', render: collectTab },
  { key: 'monitor', label: 'Monitor', render: monitorTab },
  { key: 'study', label: 'Study', render: studyTab },
  { key: 'score', label: 'Score', render: scoreTab },
  { key: 'results', label: 'Results', render: resultsTab },
  { key: 'exports', label: 'Exports', render: exportsTab },
];

export const experimentPage: Page = (root, ctx) => {
  const slug = ctx.params.slug!;
  const tab = TABS.find((t) => t.key === ctx.params.tab);
  const frame = new Frame(root, slug, tab?.key ?? null, true);
  if (!tab) {
    frame.panel.replaceChildren(h('p', { testid: 'not-found' }, `There is no tab “${ctx.params.tab ?? ''}”.`));
    return;
  }
  ctx.api.get<ExperimentDetail>(`/api/experiments/${seg(slug)}`)
    .then((detail) => {
      if (ctx.signal.aborted) return;
      frame.show(detail);
      tab.render(frame.panel, { ...ctx, slug, detail, header: frame });
    })
    .catch((e: unknown) => {
      if (ctx.signal.aborted) return;
      frame.failed(describeError(e));
    });
};

/** /console/experiments/new: only the editor, starting from the template. */
export const newExperimentPage: Page = (root, ctx: PageContext) => {
  const frame = new Frame(root, '', 'edit', false);
  frame.setTitle('New experiment');
  editTab(frame.panel, { ...ctx, slug: '', detail: null, header: frame });
};

class Frame {
  readonly panel: HTMLElement;
  private readonly title: HTMLElement;
  private readonly version: HTMLElement;
  private readonly collecting: HTMLElement;
  private readonly error: HTMLElement;

  constructor(root: HTMLElement, slug: string, active: string | null, saved: boolean) {
    this.title = h('h1', { testid: 'experiment-title' }, saved ? 'Loading…' : '');
    this.version = h('span', { testid: 'experiment-version' });
    this.collecting = h('span', { class: 'state', testid: 'experiment-collecting' });
    this.error = errorText('experiment-error');
    const tabs = h('nav', { class: 'tabs', 'aria-label': 'Experiment' }, TABS.map((t) =>
      saved
        ? h('a', {
          href: `/console/experiments/${seg(slug)}/${t.key}`,
          testid: `tab-${t.key}`,
          class: t.key === active ? 'active' : null,
          'aria-current': t.key === active ? 'page' : null,
        }, t.label)
        : h('span', { class: t.key === active ? 'active' : 'disabled', testid: `tab-${t.key}` }, t.label)));
    this.panel = h('section', { class: 'tab-panel', testid: `panel-${active ?? 'none'}` });
    root.replaceChildren(
      h('p', { class: 'breadcrumb' }, h('a', { href: '/console/experiments' }, 'Experiments')),
      this.title,
      h('p', { class: 'meta' }, saved ? [h('code', { testid: 'experiment-slug' }, slug), ' · ', this.version, ' · ', this.collecting] : null),
      tabs, this.error, this.panel);
  }

  show(detail: ExperimentDetail): void {
    this.setTitle(detail.title);
    this.setVersion(latestVersion(detail)?.version ?? null);
    this.setStatus(detail.status ?? (latestVersion(detail) === null ? 'draft' : detail.collecting ? 'collecting' : 'closed'));
  }

  failed(message: string): void {
    this.title.textContent = 'Experiment';
    showMessage(this.error, message);
  }

  setTitle(title: string): void {
    this.title.textContent = title;
  }

  setVersion(version: number | null): void {
    this.version.textContent = version === null ? 'not published yet' : `version ${version}`;
    this.version.dataset.version = version === null ? '' : String(version);
  }

  setCollecting(collecting: boolean): void {
    this.setStatus(collecting ? 'collecting' : 'closed');
  }

  /** The header's status label says what is true (issue 14): draft, published-closed, collecting, closed. */
  setStatus(status: ExperimentStatus): void {
    this.collecting.textContent = STATUS_LABELS[status];
    this.collecting.dataset.status = status;
    this.collecting.className = status === 'collecting' ? 'state open' : 'state closed';
  }
}
