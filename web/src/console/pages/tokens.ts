/** API tokens for scripts: list, create (the token is shown once), revoke. */
import { seg } from '../api';
import { copyButton, describeError, row, table, whileBusy } from '../controls';
import { errorText, h, showMessage } from '../dom';
import { dateTime } from '../format';
import type { Page } from '../page';
import type { ApiToken, CreatedToken } from '../types';

export const tokensPage: Page = (root, ctx) => {
  const list = h('div', { testid: 'tokens' }, h('p', { class: 'muted' }, 'Loading tokens…'));
  const error = errorText('tokens-error');
  const created = h('div', { class: 'created-token', hidden: true });

  const refresh = async () => {
    try {
      const tokens = await ctx.api.get<ApiToken[]>('/api/tokens');
      if (!ctx.signal.aborted) list.replaceChildren(tokensTable(tokens));
    } catch (e) {
      showMessage(error, describeError(e));
    }
  };

  function tokensTable(tokens: ApiToken[]): HTMLElement {
    if (tokens.length === 0) return h('p', { testid: 'tokens-empty' }, 'No tokens yet.');
    return table('tokens-table', ['Label', 'Account', 'Created', 'Revoked', ''],
      tokens.map((t) => row({ testid: `token-row-${t.id}` },
        t.label, t.username, dateTime(t.createdAt),
        t.revokedAt === null ? 'no' : dateTime(t.revokedAt),
        t.revokedAt === null ? revokeButton(t) : null)));
  }

  function revokeButton(token: ApiToken): HTMLButtonElement {
    const button = h('button', { type: 'button', class: 'danger', testid: `token-revoke-${token.id}` }, 'Revoke');
    button.addEventListener('click', () => void whileBusy(button, 'Revoking…', async () => {
      showMessage(error, null);
      try {
        await ctx.api.delete(`/api/tokens/${seg(token.id)}`);
        await refresh();
      } catch (e) {
        showMessage(error, describeError(e));
      }
    }));
    return button;
  }

  const label = h('input', { id: 'token-label', testid: 'token-label', autocomplete: 'off', placeholder: 'e.g. analysis laptop' });
  const create = h('button', { type: 'submit', class: 'primary', testid: 'token-create' }, 'Create token');
  const form = h('form', { class: 'inline' }, h('label', { for: 'token-label' }, 'Label'), label, create);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    showMessage(error, null);
    if (label.value.trim() === '') {
      showMessage(error, 'Give the token a label, so you know later what uses it.');
      return;
    }
    void whileBusy(create, 'Creating…', async () => {
      try {
        const token = await ctx.api.post<CreatedToken>('/api/tokens', { label: label.value.trim() });
        label.value = '';
        showCreated(token);
        await refresh();
      } catch (err) {
        showMessage(error, describeError(err));
      }
    });
  });

  function showCreated(token: CreatedToken): void {
    created.hidden = false;
    created.replaceChildren(
      h('p', null, `Token “${token.label}”. Copy it now: it is shown only this once.`),
      h('p', null, h('code', { testid: 'token-new-value', class: 'secret' }, token.token), ' ', copyButton('token-copy', () => token.token)),
      h('p', { class: 'muted' }, 'Scripts send it as the header Authorization: Bearer <token>.'));
  }

  root.replaceChildren(
    h('h1', null, 'API tokens'),
    h('p', { class: 'muted' }, ctx.account.role === 'admin' ? 'Every account’s tokens (you are an administrator).' : 'Your tokens.'),
    form, created, error, list);
  void refresh();
};
