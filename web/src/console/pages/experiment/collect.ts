/**
 * Collect tab: open or close data collection, the recruitment links (direct, Prolific, MTurk,
 * SONA) with copy buttons, and sharing the experiment with another account.
 */
import { seg } from '../../api';
import { copyButton, describeError, whileBusy } from '../../controls';
import { errorText, h, replace, showMessage, testIdPart } from '../../dom';
import type { ExperimentDetail, RecruitmentLinks } from '../../types';
import { latestVersion, type ExperimentContext } from './context';

const PLATFORMS: { key: keyof RecruitmentLinks; label: string }[] = [
  { key: 'direct', label: 'Direct link' },
  { key: 'prolific', label: 'Prolific' },
  { key: 'mturk', label: 'MTurk' },
  { key: 'sona', label: 'SONA' },
];

export function collectTab(panel: HTMLElement, ctx: ExperimentContext): void {
  const base = `/api/experiments/${seg(ctx.slug)}`;
  const detail = ctx.detail!;
  panel.replaceChildren(
    collectionSection(ctx, base, detail),
    linksSection(ctx, base),
    accessSection(ctx, base, detail));
}

function collectionSection(ctx: ExperimentContext, base: string, detail: ExperimentDetail): HTMLElement {
  let collecting = detail.collecting;
  const state = h('strong', { testid: 'collection-state' });
  const toggle = h('button', { type: 'button', testid: 'collection-toggle' });
  const error = errorText('collection-error');
  const show = () => {
    state.textContent = collecting ? 'Collecting: new participants can start.' : 'Closed: new participants are turned away.';
    state.dataset.collecting = String(collecting);
    toggle.textContent = collecting ? 'Close data collection' : 'Open data collection';
    toggle.className = collecting ? 'secondary' : 'primary';
  };
  show();
  toggle.addEventListener('click', () => void whileBusy(toggle, collecting ? 'Closing…' : 'Opening…', async () => {
    showMessage(error, null);
    try {
      const answer = await ctx.api.post<{ collecting: boolean }>(`${base}/collection`, { open: !collecting });
      collecting = answer.collecting;
      ctx.header.setCollecting(collecting);
    } catch (e) {
      showMessage(error, describeError(e));
    }
  }).then(show));
  const unpublished = latestVersion(detail) === null
    ? h('p', { class: 'muted' }, 'Publish a version first: participants always get a published version.')
    : null;
  return h('section', null, h('h2', null, 'Data collection'), unpublished, h('p', null, state), toggle, error);
}

function linksSection(ctx: ExperimentContext, base: string): HTMLElement {
  const list = h('dl', { class: 'links' });
  const error = errorText('links-error');
  const loading = h('p', { class: 'muted' }, 'Loading links…');
  ctx.api.get<RecruitmentLinks>(`${base}/links`)
    .then((links) => {
      loading.remove();
      list.replaceChildren(...PLATFORMS.flatMap(({ key, label }) => {
        const url = links[key];
        return [
          h('dt', null, label),
          h('dd', null,
            h('a', { href: url, target: '_blank', rel: 'noopener', testid: `link-${key}` }, url),
            ' ', copyButton(`copy-link-${key}`, () => url)),
        ];
      }));
    })
    .catch((e: unknown) => {
      loading.remove();
      showMessage(error, describeError(e));
    });
  return h('section', null,
    h('h2', null, 'Recruitment links'),
    h('p', { class: 'muted' }, 'Each platform’s link carries its participant and study parameters, which are stored with the session.'),
    loading, list, error);
}

function accessSection(ctx: ExperimentContext, base: string, detail: ExperimentDetail): HTMLElement {
  const list = h('ul', { testid: 'access-list' });
  const error = errorText('share-error');
  const showAccess = (access: ExperimentDetail['access']): void => replace(list,
    detail.owner === null ? h('li', { class: 'muted' }, 'No owner: loaded from the command line, so only administrators see it.') : null,
    access.map((a) => h('li', { testid: `access-row-${testIdPart(a.username)}` }, `${a.username} (${a.access})`,
      a.access === 'owner' ? null : ' ', a.access === 'owner' ? null : revokeButton(a.username))));
  // Sharing can be taken back (issue 14): the owner or an admin revokes a shared account's access.
  const revokeButton = (name: string): HTMLButtonElement => {
    const button = h('button', { type: 'button', class: 'secondary', testid: `access-revoke-${testIdPart(name)}` }, 'Revoke');
    button.addEventListener('click', () => void whileBusy(button, 'Revoking…', async () => {
      showMessage(error, null);
      try {
        const answer = await ctx.api.delete<{ access: ExperimentDetail['access'] }>(`${base}/access/${seg(name)}`);
        showAccess(answer.access);
      } catch (e) {
        showMessage(error, describeError(e));
      }
    }));
    return button;
  };
  showAccess(detail.access);
  const username = h('input', { id: 'share-username', testid: 'share-username', autocomplete: 'off' });
  const submit = h('button', { type: 'submit', class: 'secondary', testid: 'share-submit' }, 'Share');
  const status = h('p', { class: 'success', testid: 'share-status', hidden: true });
  const form = h('form', { class: 'inline' }, h('label', { for: 'share-username' }, 'Username'), username, submit);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const name = username.value.trim();
    if (name === '') return;
    showMessage(error, null);
    showMessage(status, null);
    void whileBusy(submit, 'Sharing…', async () => {
      try {
        const answer = await ctx.api.post<{ access?: ExperimentDetail['access'] }>(`${base}/access`, { username: name });
        showMessage(status, `Shared with ${name}.`);
        username.value = '';
        showAccess(answer?.access ?? (await ctx.api.get<ExperimentDetail>(base)).access);
      } catch (e) {
        showMessage(error, describeError(e));
      }
    });
  });
  return h('section', null, h('h2', null, 'Access'),
    h('p', { class: 'muted' }, 'Accounts given access see and manage this experiment like its owner.'),
    list, form, status, error);
}
