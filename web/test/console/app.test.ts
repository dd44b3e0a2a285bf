import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConsoleApp } from '../../src/console/app';
import type { ExperimentSummary, SignedIn } from '../../src/console/types';
import { byTestId, FakeHistory, FakeServer, maybeTestId, type } from './helpers';

const ALICE: SignedIn = { account: { id: 2, username: 'alice', role: 'experimenter' }, csrfToken: 'csrf-alice' };
const ROOT: SignedIn = { account: { id: 1, username: 'root', role: 'admin' }, csrfToken: 'csrf-root' };

const EXPERIMENT: ExperimentSummary = {
  slug: 'masked-demo', title: '<img src=x onerror=alert(1)> Flash', latestVersion: 2, stimulusSet: 'fashion-mnist',
  trialTypes: ['masked'], collecting: true, hasDraft: false, owner: 'alice', sessions: { started: 12, completed: 9 },
};

function start(url: string, server: FakeServer) {
  const root = document.createElement('div');
  document.body.replaceChildren(root);
  const host = new FakeHistory(url);
  const app = new ConsoleApp(root, host, { fetch: server.fetch });
  app.start();
  return { root, host, app };
}

async function signIn(root: HTMLElement, username: string, password: string): Promise<void> {
  await vi.waitFor(() => byTestId(root, 'login-username'));
  type(byTestId<HTMLInputElement>(root, 'login-username'), username);
  type(byTestId<HTMLInputElement>(root, 'login-password'), password);
  byTestId<HTMLButtonElement>(root, 'login-submit').click();
}

afterEach(() => document.body.replaceChildren());

describe('signing in', () => {
  it('an anonymous visit goes to the login page and, after signing in, back where it was headed', async () => {
    const server = new FakeServer()
      .on('GET /api/auth/me', { status: 401, body: { error: 'sign in first' } })
      .on('POST /api/auth/login', { body: ALICE })
      .on('GET /api/experiments', { body: [EXPERIMENT] });
    const { root, host } = start('/console/experiments', server);
    await vi.waitFor(() => expect(host.url).toBe('/console/login?next=%2Fconsole%2Fexperiments'));
    await signIn(root, 'alice', 'secret');
    await vi.waitFor(() => expect(host.url).toBe('/console/experiments'));
    expect(server.calls('POST /api/auth/login')[0]!.body).toEqual({ username: 'alice', password: 'secret' });
    await vi.waitFor(() => byTestId(root, 'experiment-row-masked-demo'));
    expect(byTestId(root, 'header-username').textContent).toBe('alice');
    expect(byTestId(root, 'header-role').textContent).toBe('experimenter');
  });

  it('a wrong password says so and stays on the login page', async () => {
    const server = new FakeServer()
      .on('POST /api/auth/login', { status: 401, body: { error: 'wrong username or password' } });
    const { root, host } = start('/console/login', server);
    await signIn(root, 'alice', 'nope');
    await vi.waitFor(() => expect(byTestId(root, 'login-error').textContent).toBe('Wrong username or password.'));
    expect(host.url).toBe('/console/login');
    expect(byTestId<HTMLInputElement>(root, 'login-password').value).toBe('');
  });

  it('after too many attempts it shows how long to wait (Retry-After)', async () => {
    const server = new FakeServer()
      .on('POST /api/auth/login', { status: 429, body: { error: 'too many attempts' }, headers: { 'Retry-After': '840' } });
    const { root } = start('/console/login', server);
    await signIn(root, 'alice', 'right-or-wrong');
    await vi.waitFor(() => expect(byTestId(root, 'login-error').textContent)
      .toBe('Too many failed sign-ins for this username. Try again in 14 min.'));
  });

  it('never returns to a page outside the console after login', async () => {
    const server = new FakeServer()
      .on('POST /api/auth/login', { body: ALICE })
      .on('GET /api/experiments', { body: [] });
    const { root, host } = start('/console/login?next=https%3A%2F%2Fevil.example%2F', server);
    await signIn(root, 'alice', 'secret');
    await vi.waitFor(() => expect(host.url).toBe('/console/experiments'));
  });
});

describe('the signed-in console', () => {
  it('shows Accounts in the navigation only to administrators', async () => {
    const asAlice = start('/console/experiments', new FakeServer().on('GET /api/auth/me', { body: ALICE }).on('GET /api/experiments', { body: [] }));
    await vi.waitFor(() => byTestId(asAlice.root, 'nav-experiments'));
    expect(['nav-experiments', 'nav-stimuli', 'nav-models', 'nav-tokens'].every((id) => maybeTestId(asAlice.root, id) !== null)).toBe(true);
    expect(maybeTestId(asAlice.root, 'nav-accounts')).toBeNull();

    const asRoot = start('/console/experiments', new FakeServer().on('GET /api/auth/me', { body: ROOT }).on('GET /api/experiments', { body: [] }));
    await vi.waitFor(() => byTestId(asRoot.root, 'nav-accounts'));
  });

  it('turns an experimenter away from the accounts page', async () => {
    const { root } = start('/console/accounts', new FakeServer().on('GET /api/auth/me', { body: ALICE }));
    await vi.waitFor(() => byTestId(root, 'admin-only'));
  });

  it('lists experiments with titles shown as text', async () => {
    const server = new FakeServer().on('GET /api/auth/me', { body: ALICE }).on('GET /api/experiments', { body: [EXPERIMENT] });
    const { root } = start('/console/experiments', server);
    const row = await vi.waitFor(() => byTestId(root, 'experiment-row-masked-demo'));
    expect(row.textContent).toContain('<img src=x onerror=alert(1)> Flash');
    expect(row.querySelector('img')).toBeNull();
    expect(row.textContent).toContain('v2');
    expect(row.textContent).toContain('collecting');
    expect(byTestId(root, 'experiment-link-masked-demo').getAttribute('href')).toBe('/console/experiments/masked-demo/edit');
  });

  it('logs out with the CSRF token and returns to the login page', async () => {
    const server = new FakeServer()
      .on('GET /api/auth/me', { body: ALICE })
      .on('GET /api/experiments', { body: [] })
      .on('POST /api/auth/logout', { status: 204 });
    const { root, host } = start('/console/experiments', server);
    await vi.waitFor(() => byTestId(root, 'logout'));
    byTestId<HTMLButtonElement>(root, 'logout').click();
    await vi.waitFor(() => expect(host.url).toBe('/console/login'));
    expect(server.calls('POST /api/auth/logout')[0]!.headers['X-CSRF-Token']).toBe('csrf-alice');
    await vi.waitFor(() => byTestId(root, 'login-username'));
  });

  it('a session that ends mid-way (401) sends the user to log in again', async () => {
    let signedIn = true;
    const server = new FakeServer()
      .on('GET /api/auth/me', { body: ALICE })
      .on('GET /api/experiments', () => (signedIn ? { body: [] } : { status: 401, body: { error: 'expired' } }))
      .on('GET /api/models', { status: 401, body: { error: 'expired' } });
    const { root, host, app } = start('/console/experiments', server);
    await vi.waitFor(() => byTestId(root, 'experiments-empty'));
    signedIn = false;
    app.router.navigate('/console/models');
    await vi.waitFor(() => expect(host.url).toBe('/console/login?next=%2Fconsole%2Fmodels'));
  });

  it('shows a not-found page for unknown console paths', async () => {
    const { root } = start('/console/nowhere', new FakeServer().on('GET /api/auth/me', { body: ALICE }));
    await vi.waitFor(() => byTestId(root, 'not-found'));
  });
});
