/** Accounts (administrators only): list, create, change role, disable or enable, set a password. */
import { seg } from '../api';
import { describeError, row, table, whileBusy } from '../controls';
import { errorText, h, showMessage, testIdPart } from '../dom';
import { dateTime } from '../format';
import type { Page, PageContext } from '../page';
import type { ManagedAccount, Role } from '../types';

const ROLES: Role[] = ['experimenter', 'admin'];

export const accountsPage: Page = (root, ctx) => {
  const list = h('div', { testid: 'accounts' }, h('p', { class: 'muted' }, 'Loading accounts…'));
  const error = errorText('accounts-error');
  const status = h('p', { class: 'success', testid: 'accounts-status', 'aria-live': 'polite', hidden: true });
  const say = (message: string) => {
    showMessage(error, null);
    showMessage(status, message);
  };
  const fail = (e: unknown) => {
    showMessage(status, null);
    showMessage(error, describeError(e));
  };
  const refresh = async () => {
    try {
      const accounts = await ctx.api.get<ManagedAccount[]>('/api/accounts');
      if (!ctx.signal.aborted) list.replaceChildren(accountsTable(ctx, accounts, { say, fail, refresh }));
    } catch (e) {
      fail(e);
    }
  };
  root.replaceChildren(h('h1', null, 'Accounts'), status, error, list,
    h('h2', null, 'New account'), createForm(ctx, { say, fail, refresh }));
  void refresh();
};

interface Feedback {
  say(message: string): void;
  fail(e: unknown): void;
  refresh(): Promise<void>;
}

function roleSelect(id: string, value: Role): HTMLSelectElement {
  return h('select', { id, testid: id }, ROLES.map((r) => h('option', { value: r, selected: r === value }, r)));
}

function accountsTable(ctx: PageContext, accounts: ManagedAccount[], feedback: Feedback): HTMLElement {
  return table('accounts-table', ['Username', 'Role', 'Status', 'Created', 'New password'],
    accounts.map((a) => {
      const key = testIdPart(a.username);
      const patch = (body: Record<string, unknown>, done: string, button: HTMLButtonElement | null) => {
        const work = async () => {
          try {
            await ctx.api.patch<ManagedAccount>(`/api/accounts/${seg(a.id)}`, body);
            feedback.say(done);
            await feedback.refresh();
          } catch (e) {
            feedback.fail(e);
            await feedback.refresh();
          }
        };
        return button ? whileBusy(button, 'Saving…', work) : work();
      };

      const role = roleSelect(`account-role-${key}`, a.role);
      role.addEventListener('change', () => {
        role.disabled = true; // until the table is redrawn with the stored role
        void patch({ role: role.value }, `${a.username} is now ${role.value}.`, null);
      });

      const toggle = h('button', { type: 'button', class: a.disabled ? 'secondary' : 'danger', testid: `account-disabled-${key}` },
        a.disabled ? 'Enable' : 'Disable');
      toggle.addEventListener('click', () => void patch({ disabled: !a.disabled },
        `${a.username} is ${a.disabled ? 'enabled' : 'disabled'}.`, toggle));

      const password = h('input', { type: 'password', autocomplete: 'new-password', testid: `account-password-${key}`, 'aria-label': `New password for ${a.username}` });
      const setPassword = h('button', { type: 'button', class: 'secondary', testid: `account-password-set-${key}` }, 'Set');
      setPassword.addEventListener('click', () => {
        if (password.value === '') {
          feedback.fail(new Error('Type the new password first.'));
          return;
        }
        void patch({ password: password.value }, `New password set for ${a.username}.`, setPassword);
      });

      return row({ testid: `account-row-${key}`, class: a.disabled ? 'disabled' : null },
        a.username, role,
        h('span', { testid: `account-state-${key}` }, a.disabled ? 'disabled' : 'active', ' ', toggle),
        dateTime(a.createdAt),
        h('span', { class: 'inline' }, password, setPassword));
    }));
}

function createForm(ctx: PageContext, feedback: Feedback): HTMLFormElement {
  const username = h('input', { id: 'account-new-username', testid: 'account-new-username', autocomplete: 'off' });
  const password = h('input', { id: 'account-new-password', testid: 'account-new-password', type: 'password', autocomplete: 'new-password' });
  const role = roleSelect('account-new-role', 'experimenter');
  const submit = h('button', { type: 'submit', class: 'primary', testid: 'account-create' }, 'Create account');
  const form = h('form', { class: 'inline' },
    h('label', { for: 'account-new-username' }, 'Username'), username,
    h('label', { for: 'account-new-password' }, 'Password'), password,
    h('label', { for: 'account-new-role' }, 'Role'), role,
    submit);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (username.value.trim() === '' || password.value === '') {
      feedback.fail(new Error('A new account needs a username and a password.'));
      return;
    }
    void whileBusy(submit, 'Creating…', async () => {
      try {
        const account = await ctx.api.post<ManagedAccount>('/api/accounts', { username: username.value.trim(), password: password.value, role: role.value });
        form.reset();
        feedback.say(`Created ${account.username} (${account.role}).`);
        await feedback.refresh();
      } catch (err) {
        feedback.fail(err);
      }
    });
  });
  return form;
}
