/** Sign in with username and password (POST /api/auth/login). */
import { ApiError, type ConsoleApi } from '../api';
import { describeError } from '../controls';
import { errorText, h, showMessage } from '../dom';
import { waitTime } from '../format';
import type { SignedIn } from '../types';

export interface LoginContext {
  api: ConsoleApi;
  query: URLSearchParams;
  signal: AbortSignal;
  onSignedIn(answer: SignedIn): void;
}

export function loginPage(root: HTMLElement, ctx: LoginContext): void {
  const username = h('input', { id: 'login-username', name: 'username', autocomplete: 'username', required: true, testid: 'login-username' });
  const password = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true, testid: 'login-password' });
  const submit = h('button', { type: 'submit', class: 'primary', testid: 'login-submit' }, 'Sign in');
  const error = errorText('login-error');
  let countdown: ReturnType<typeof setInterval> | undefined;
  ctx.signal.addEventListener('abort', () => clearInterval(countdown));

  const form = h('form', { class: 'login', novalidate: true },
    h('h1', null, 'Tandem console'),
    h('label', { for: 'login-username' }, 'Username'), username,
    h('label', { for: 'login-password' }, 'Password'), password,
    error,
    submit);

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (username.value.trim() === '' || password.value === '') {
      showMessage(error, 'Enter your username and password.');
      return;
    }
    clearInterval(countdown);
    showMessage(error, null);
    submit.disabled = true;
    submit.textContent = 'Signing in…';
    ctx.api.post<SignedIn>('/api/auth/login', { username: username.value.trim(), password: password.value }, { redirectOnUnauthorized: false })
      .then((answer) => ctx.onSignedIn(answer))
      .catch((e: unknown) => {
        password.value = '';
        if (e instanceof ApiError && e.status === 429) {
          countdown = showRateLimit(error, e.retryAfterSeconds);
        } else if (e instanceof ApiError && e.status === 401) {
          showMessage(error, 'Wrong username or password.');
        } else {
          showMessage(error, describeError(e));
        }
        password.focus();
      })
      .finally(() => {
        submit.disabled = false;
        submit.textContent = 'Sign in';
      });
  });

  root.replaceChildren(h('main', { class: 'console-main login-main' }, form));
  username.focus();
}

/**
 * Five failures for one username within 15 minutes lock it (docs/console-api.md); the message
 * counts the wait down so the user knows when to try again.
 */
function showRateLimit(error: HTMLElement, seconds: number | null): ReturnType<typeof setInterval> | undefined {
  const base = 'Too many failed sign-ins for this username.';
  if (seconds === null) {
    showMessage(error, `${base} Wait a while before trying again.`);
    return undefined;
  }
  const until = Date.now() + seconds * 1000;
  const render = () => {
    const left = (until - Date.now()) / 1000;
    showMessage(error, left > 0 ? `${base} Try again in ${waitTime(left)}.` : `${base} You can try again now.`);
    return left > 0;
  };
  render();
  const timer = setInterval(() => {
    if (!render()) clearInterval(timer);
  }, 1000);
  return timer;
}
