/**
 * The console as a whole: which page a URL shows, who is signed in, and the frame around the
 * pages. Pages are plain functions; leaving one aborts its signal so its polls stop.
 */
import { ApiError, ConsoleApi, type FetchLike, type XhrFactory } from './api';
import { describeError } from './controls';
import { h } from './dom';
import type { Page, PageContext } from './page';
import { loginPage } from './pages/login';
import { notFoundPage } from './pages/not-found';
import { isConsolePath, matchRoute, Router, type HistoryHost, type Route } from './router';
import { CONSOLE_ROUTES, type Target } from './routes';
import { renderShell } from './shell';
import type { SignedIn } from './types';

export const LOGIN_PATH = '/console/login';

export class ConsoleApp {
  readonly api: ConsoleApi;
  readonly router: Router;
  private signedIn: SignedIn | null = null;
  private leave: AbortController | null = null;
  /** Counts navigations, so an answer that arrives after the user moved on is ignored. */
  private shown = 0;

  constructor(
    private readonly root: HTMLElement,
    host: HistoryHost,
    /** The browser's by default; tests hand in fakes. */
    transport: { fetch?: FetchLike; xhr?: XhrFactory } = {},
    private readonly routes: Route<Target>[] = CONSOLE_ROUTES,
  ) {
    this.router = new Router(host, (pathname, search) => void this.show(pathname, search));
    this.api = new ConsoleApi({ ...transport, onUnauthorized: () => this.signedOut() });
  }

  start(): void {
    this.router.interceptLinks(this.root);
    this.router.start();
  }

  /** After a successful login: remember who, then go where the user was headed. */
  signIn(answer: SignedIn, next: string | null): void {
    this.accept(answer);
    this.router.navigate(next !== null && isConsolePath(next) && !next.startsWith(LOGIN_PATH) ? next : '/console/experiments',
      { replace: true });
  }

  private accept(answer: SignedIn): void {
    this.signedIn = answer;
    this.api.csrfToken = answer.csrfToken;
  }

  /** A 401 anywhere: the login session ended, so sign in again and come back here. */
  private signedOut(): void {
    this.signedIn = null;
    this.api.csrfToken = null;
    const here = this.router.current;
    if (here.startsWith(LOGIN_PATH)) return;
    this.router.navigate(`${LOGIN_PATH}?next=${encodeURIComponent(here)}`, { replace: true });
  }

  private async show(pathname: string, search: string): Promise<void> {
    const visit = ++this.shown;
    this.leave?.abort();
    const leave = new AbortController();
    this.leave = leave;
    const query = new URLSearchParams(search);
    const match = matchRoute(this.routes, pathname);
    const routed = match?.route.target;
    if (routed !== undefined && 'redirect' in routed) {
      this.router.navigate(routed.redirect(match?.params ?? {}), { replace: true });
      return;
    }
    if (pathname === LOGIN_PATH || pathname === `${LOGIN_PATH}/`) {
      loginPage(this.root, { api: this.api, query, signal: leave.signal, onSignedIn: (answer) => this.signIn(answer, query.get('next')) });
      return;
    }
    const signedIn = this.signedIn ?? (await this.whoIsSignedIn());
    if (signedIn === null || visit !== this.shown) return;
    const target = routed ?? { page: notFoundPage, nav: null };
    const main = renderShell(this.root, signedIn.account, target.nav, (button) => void this.logout(button));
    const ctx: PageContext = {
      api: this.api,
      account: signedIn.account,
      params: match?.params ?? {},
      query,
      navigate: (url, options) => this.router.navigate(url, options),
      signal: leave.signal,
    };
    if (target.adminOnly === true && signedIn.account.role !== 'admin') {
      main.replaceChildren(h('h1', null, 'Administrators only'),
        h('p', { testid: 'admin-only' }, 'Only an administrator can manage accounts.'));
      return;
    }
    runPage(target.page, main, ctx);
  }

  /** GET /api/auth/me after a reload; a 401 has already sent the user to the login page. */
  private async whoIsSignedIn(): Promise<SignedIn | null> {
    try {
      const answer = await this.api.get<SignedIn>('/api/auth/me');
      this.accept(answer);
      return answer;
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) {
        this.root.replaceChildren(h('main', { class: 'console-main' },
          h('h1', null, 'The console cannot reach the server'),
          h('p', { class: 'error', role: 'alert', testid: 'console-error' }, describeError(e))));
      }
      return null;
    }
  }

  private async logout(button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    try {
      await this.api.post('/api/auth/logout');
    } catch (e) {
      // Signed out already (401, handled) or the server is down: forget the login here either way.
      if (!(e instanceof ApiError && e.status === 401)) console.error('tandem console: logout', e);
    }
    this.signedIn = null;
    this.api.csrfToken = null;
    this.router.navigate(LOGIN_PATH, { replace: true });
  }
}

/** A page that throws while rendering shows the error instead of a blank screen. */
function runPage(page: Page, main: HTMLElement, ctx: PageContext): void {
  try {
    page(main, ctx);
  } catch (e) {
    console.error('tandem console:', e);
    main.replaceChildren(h('p', { class: 'error', role: 'alert', testid: 'page-error' }, describeError(e)));
  }
}
