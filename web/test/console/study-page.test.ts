import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConsoleApp } from '../../src/console/app';
import type { Definition, ExperimentDetail, SignedIn, StudyOverview } from '../../src/console/types';
import { byTestId, FakeHistory, FakeServer, type } from './helpers';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const DEMO = JSON.parse(readFileSync(resolve(REPO, 'stimuli/fashion-mnist/experiments/masked-demo.json'), 'utf8')) as Definition;
const ALICE: SignedIn = { account: { id: 2, username: 'alice', role: 'experimenter' }, csrfToken: 'csrf-alice' };
const SESSION = '0b7e6f2a-1c2d-4e5f-8a9b-0c1d2e3f4a5b';

const DETAIL: ExperimentDetail = {
  slug: 'masked-demo', title: 'Demo', collecting: false, owner: 'alice', access: [{ username: 'alice', access: 'owner' }],
  versions: [{ version: 1, createdAt: '2026-01-01T00:00:00Z', definition: DEMO }], draft: null, status: 'published-closed',
};

const OVERVIEW: StudyOverview = {
  slug: 'masked-demo', targetParticipants: 40, collecting: false, includesPilots: false,
  counts: { started: 3, inProgress: 0, completed: 1, abandoned: 0, screenedOut: 1, excluded: 0, withdrawn: 1, pilots: 0 },
  completionRate: { count: 1, of: 1, value: 1, lower: 0.21, upper: 1 },
  medianDurationS: 420,
  cells: [
    { trialType: 'masked', manipulation: 'none', level: null, durationMs: 133, assigned: 30, answered: 30 },
    { trialType: 'masked', manipulation: 'none', level: null, durationMs: 267, assigned: 30, answered: 29 },
  ],
  balance: { minAssigned: 30, maxAssigned: 30, spread: 0 },
  timingOk: { count: 55, of: 60, value: 55 / 60, lower: 0.82, upper: 0.96 },
  participants: [{
    session: SESSION, recruitmentIds: { PROLIFIC_PID: 'p-1' }, status: 'completed', pilot: false, excludedReason: null,
    durationS: 420, answered: 70, total: 70, accuracy: 0.8, timingFlags: 5,
  }],
};

function open(fake: FakeServer) {
  const root = document.createElement('div');
  document.body.replaceChildren(root);
  new ConsoleApp(root, new FakeHistory('/console/experiments/masked-demo/study'), { fetch: fake.fetch }).start();
  return root;
}

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.replaceChildren();
});

describe('study tab', () => {
  it('shows the overview, and deletes a session with the reason the experimenter gives', async () => {
    const fake = new FakeServer()
      .on('GET /api/auth/me', { body: ALICE })
      .on('GET /api/experiments/masked-demo', { body: DETAIL })
      .on('GET /api/experiments/masked-demo/overview', { body: OVERVIEW })
      .on('GET /api/experiments/masked-demo/deletions', { body: [] })
      .on(`DELETE /api/sessions/${SESSION}`, { body: { sessions: 1, rows: { response: 70 } } });
    vi.stubGlobal('prompt', () => 'asked by email'); // jsdom has no window.prompt
    const root = open(fake);
    await vi.waitFor(() => expect(byTestId(root, 'overview-completed').textContent).toBe('1'));
    expect(byTestId(root, 'experiment-collecting').textContent).toBe('published, not open yet');
    expect(byTestId(root, 'overview-withdrawn').textContent).toBe('1');
    expect(byTestId(root, 'overview-screened-out').textContent).toBe('1');
    expect(byTestId(root, 'overview-target').textContent).toBe('40');
    expect(byTestId(root, 'overview-completion-rate').title).toMatch(/^1 of 1; 95% CI 21\.0\s?%–100\.0\s?%$/);
    expect(byTestId(root, 'overview-balance').dataset.spread).toBe('0');
    expect(byTestId(root, `overview-ids-${SESSION}`).textContent).toBe('PROLIFIC_PID=p-1');

    byTestId<HTMLButtonElement>(root, `delete-${SESSION}`).click();
    await vi.waitFor(() => expect(fake.calls(`DELETE /api/sessions/${SESSION}`)).toHaveLength(1));
    const call = fake.calls(`DELETE /api/sessions/${SESSION}`)[0]!;
    expect(call.body).toEqual({ reason: 'asked by email' });
    expect(call.headers['X-CSRF-Token']).toBe('csrf-alice');
  });

  it('deletes every session of a recruitment id, sending the reason', async () => {
    const fake = new FakeServer()
      .on('GET /api/auth/me', { body: ALICE })
      .on('GET /api/experiments/masked-demo', { body: DETAIL })
      .on('GET /api/experiments/masked-demo/overview', { body: OVERVIEW })
      .on('GET /api/experiments/masked-demo/deletions', { body: [] })
      .on('DELETE /api/experiments/masked-demo/participants/p-1', { body: { sessions: 2, rows: {} } });
    const root = open(fake);
    await vi.waitFor(() => byTestId(root, 'delete-recruitment-id'));
    type(byTestId<HTMLInputElement>(root, 'delete-recruitment-id'), 'p-1');
    type(byTestId<HTMLInputElement>(root, 'delete-recruitment-reason'), 'GDPR request');
    byTestId<HTMLButtonElement>(root, 'delete-recruitment-submit').click();
    await vi.waitFor(() => expect(byTestId(root, 'delete-recruitment-status').textContent).toBe('Deleted 2 session(s).'));
    expect(fake.calls('DELETE /api/experiments/masked-demo/participants/p-1')[0]!.body).toEqual({ reason: 'GDPR request' });
  });
});
