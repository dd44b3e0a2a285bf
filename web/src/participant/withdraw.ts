/**
 * The withdrawal page, /withdraw (issue 14): a participant enters the one-time code from the
 * completion page (or arrives with it in the fragment, #code=…) and their responses are deleted.
 */
import { ApiError, type TandemApi } from '../core/api';
import { Screens } from './screens';
import { browserLanguage, textTable } from './texts';

export function runWithdrawal(api: TandemApi, root: HTMLElement, window: Window): void {
  const screens = new Screens(root);
  screens.texts = textTable(browserLanguage(window.navigator?.language));
  const t = screens.texts;
  const page = screens.show({ title: t.withdrawTitle, button: { testId: 'withdraw', label: t.withdrawButton } });
  const doc = root.ownerDocument;
  const label = doc.createElement('label');
  label.textContent = t.withdrawCodeLabel;
  const input = doc.createElement('input');
  input.dataset.testid = 'withdraw-code-input';
  input.autocomplete = 'off';
  input.value = /^#code=(.+)$/.exec(window.location.hash)?.[1] ?? '';
  label.append(' ', input);
  const error = doc.createElement('p');
  error.className = 'error';
  error.setAttribute('role', 'alert');
  error.dataset.testid = 'withdraw-error';
  page.body.append(label, error);
  page.button!.addEventListener('click', () => {
    page.button!.disabled = true;
    error.textContent = '';
    api.withdraw(input.value.trim()).then(() => screens.withdrawn(), (e: unknown) => {
      error.textContent = e instanceof ApiError && e.status === 404 ? t.withdrawFailed : String(e instanceof Error ? e.message : e);
      page.button!.disabled = false;
    });
  });
}
