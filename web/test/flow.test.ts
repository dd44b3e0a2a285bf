/**
 * The whole participant flow against an in-memory server that follows the API contract,
 * with rAF simulated at 60 Hz and real (short) timers.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TandemApi, type ResponseRecord, type RoundRecord, type SessionState, type Trial, type TripletJudgement } from '../src/core/api';
import { ImageCache } from '../src/core/images';
import { queueStorageKey } from '../src/core/queue';
import type { FrameSource } from '../src/core/timing';
import { runParticipant } from '../src/participant/flow';
import { sessionStorageKey, startStorageKey } from '../src/participant/session';
import { FRAME_60HZ, MemoryStorage } from './fakes';

/** rAF driven by macrotasks: every callback requested before a "frame" runs with its timestamp. */
class AutoFrames implements FrameSource {
  private t = 0;
  private next = 1;
  private readonly due = new Map<number, (t: number) => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  request(cb: (t: number) => void): number {
    const h = this.next++;
    this.due.set(h, cb);
    this.timer ??= setTimeout(() => this.frame(), 0);
    return h;
  }

  cancel(h: number): void {
    this.due.delete(h);
  }

  private frame(): void {
    this.timer = null;
    this.t += FRAME_60HZ;
    const cbs = [...this.due.values()];
    this.due.clear();
    for (const cb of cbs) cb(this.t);
  }
}

/** The server side of CONTEXT.md's participant API, in memory. */
class FakeServer {
  state: SessionState;
  stored = new Map<number, ResponseRecord>();
  postsToFail = 0;
  responsePosts = 0;
  minRefreshHz = 59;
  screenFailures = 0;
  /** Data collection closed: new sessions are refused as the server does. */
  closed = false;
  created: Record<string, string>[] = [];
  /** The start id of every session POST, and how many of them lose their answer (the session is made, the 201 lost). */
  startIds: string[] = [];
  startAnswersToLose = 0;
  /** ClickMe round results by trial index, and the partner queries asked. */
  rounds = new Map<number, RoundRecord>();
  partnerQueries = 0;
  /** Triplet judgements by trial index; the triplet POSTs, and how many more of them get no answer. */
  judgements = new Map<number, TripletJudgement>();
  tripletPosts = 0;
  tripletPostsToFail = 0;

  constructor(trials: Trial[]) {
    this.state = {
      sessionId: 's1', status: 'started', screen: null, trials, answered: [], completion: null,
      blocks: [...new Set(trials.map((t) => t.block))].map((b) => ({
        index: b, practice: trials.some((t) => t.block === b && t.practice), trialCount: trials.filter((t) => t.block === b).length,
      })),
      experiment: {
        slug: 'demo', version: 1, title: 'Demo', trialType: 'masked',
        consentHtml: '<p>Consent text</p>', instructionsHtml: '<p>Instructions</p>',
        categories: [{ name: 'T-shirt/top', label: 'T-shirt/top', key: '0' }, { name: 'Bag', label: 'Bag', key: '8' }],
        timing: { fixationMs: 33, blankMs: 0, maskMs: 33, interTrialMs: 0, responseDeadlineMs: 0, feedbackMs: 20 },
        minRefreshHz: 59, requestFullscreen: true,
      },
    };
  }

  fetch = async (url: string, init?: RequestInit): Promise<Response> => {
    const body = init?.body ? JSON.parse(init.body as string) : null;
    const method = init?.method ?? 'GET';
    const json = (status: number, value: unknown): Response => new Response(JSON.stringify(value), { status });
    if (method === 'POST' && url === '/api/experiments/demo/sessions') {
      if (this.closed) return json(409, { error: 'This study is not accepting participants right now.', field: 'collection' });
      this.startIds.push(body.startId);
      if (this.startIds.filter((id) => id === body.startId).length > 1) {
        return json(201, { sessionId: 's1', token: 'tok' }); // a retry: the same session, not a new one
      }
      this.created.push(body.params);
      if (this.startAnswersToLose > 0) {
        this.startAnswersToLose--;
        throw new TypeError('Failed to fetch');
      }
      return json(201, { sessionId: 's1', token: 'tok' });
    }
    if ((init?.headers as Record<string, string>).Authorization !== 'Bearer tok') return json(401, { error: 'no' });
    if (method === 'GET' && url === '/api/sessions/s1') return json(200, this.view());
    if (url === '/api/sessions/s1/screen-check') {
      if (body.refreshHz < this.minRefreshHz) {
        this.screenFailures++;
        return json(422, { error: `refresh rate ${body.refreshHz.toFixed(1)} Hz is below this experiment's minimum of ${this.minRefreshHz} Hz`, field: 'refreshHz' });
      }
      this.state.status = 'screen-checked';
      this.state.screen = { refreshHz: body.refreshHz };
      for (const t of this.state.trials) Object.assign(t, { plannedFrames: 2, fixationFrames: 2, blankFrames: 0, maskFrames: 2 });
      return json(200, this.view());
    }
    if (url === '/api/sessions/s1/screen-out') {
      if (this.screenFailures < (this.state.experiment.screenCheckAttempts ?? 3)) return json(409, { error: 'too early', field: 'screenCheck' });
      this.state.status = 'screened-out';
      return json(200, { code: 'SCREENED', redirectUrl: null });
    }
    if (url === '/api/sessions/s1/responses') {
      this.responsePosts++;
      if (this.postsToFail > 0) {
        this.postsToFail--;
        throw new TypeError('Failed to fetch');
      }
      for (const r of body.responses as ResponseRecord[]) {
        const old = this.stored.get(r.trialIndex);
        if (old && old.responseId !== r.responseId) return json(409, { error: 'answered', field: 'responses' });
      }
      for (const r of body.responses as ResponseRecord[]) this.stored.set(r.trialIndex, r);
      return json(200, { confirmed: body.responses.map((r: ResponseRecord) => r.responseId) });
    }
    if (url === '/api/sessions/s1/clickme/queries') {
      this.partnerQueries++;
      return json(200, { queryId: body.queryId, trialIndex: body.trialIndex, revealCount: body.reveals.length, topK: ['Bag'],
        probabilities: {}, correct: false, elapsedMs: 0, points: 0, latencyMs: 1, matchesDisplay: true });
    }
    if (url === '/api/sessions/s1/clickme/rounds') {
      for (const r of body.rounds as RoundRecord[]) this.rounds.set(r.trialIndex, r);
      return json(200, { confirmed: body.rounds.map((r: RoundRecord) => r.responseId) });
    }
    if (url === '/api/sessions/s1/triplets') {
      this.tripletPosts++;
      if (this.tripletPostsToFail > 0) {
        this.tripletPostsToFail--;
        throw new TypeError('Failed to fetch');
      }
      const judgements = body.judgements as TripletJudgement[];
      for (const [i, j] of judgements.entries()) {
        const old = this.judgements.get(j.trialIndex);
        if (old && old.judgementId !== j.judgementId) return json(409, { error: 'answered', field: `judgements[${i}].trialIndex` });
      }
      for (const j of judgements) this.judgements.set(j.trialIndex, j);
      return json(200, { confirmed: judgements.map((j) => j.judgementId) });
    }
    if (url === '/api/sessions/s1/complete') {
      if (this.stored.size + this.rounds.size + this.judgements.size !== this.state.trials.length) return json(409, { error: 'not all trials answered' });
      this.state.status = 'completed';
      this.state.completion = { code: 'CODE42', redirectUrl: null };
      return json(200, { ...this.state.completion, withdrawCode: 'W-CODE' });
    }
    return json(404, { error: `no route ${method} ${url}` });
  };

  private view(): SessionState {
    return structuredClone({ ...this.state, answered: [...this.stored.keys(), ...this.rounds.keys(), ...this.judgements.keys()].sort((a, b) => a - b) });
  }
}

function trials(): Trial[] {
  const t = (index: number, block: number, practice: boolean): Trial => ({
    index, block, practice, stimulusUrl: `/stimuli/s${index}.png`, maskUrl: `/stimuli/m${index}.png`, requestedMs: 33,
    plannedFrames: null, fixationFrames: null, blankFrames: null, maskFrames: null,
    ...(practice ? { correctCategory: 'Bag' } : {}),
  });
  return [t(0, 0, true), t(1, 0, true), t(2, 1, false), t(3, 1, false), t(4, 2, false), t(5, 2, false)];
}

/** Four triplet trials in two blocks, shown for frames and masked, as a triplet experiment's session has them. */
function tripletTrials(): Trial[] {
  return [0, 1, 2, 3].map((index) => ({
    index, type: 'triplet', block: index < 2 ? 0 : 1, practice: false, stimulusUrl: null,
    stimulusUrls: [0, 1, 2].map((p) => `/stimuli/t${index}-${p}.png`), maskUrl: '/stimuli/tm.png',
    requestedMs: null, plannedFrames: null, fixationFrames: null, blankFrames: null, maskFrames: null,
  }));
}

/** A triplet experiment's session: its blocks typed, frames presentation answered by click or key. */
function tripletServer(): FakeServer {
  const server = new FakeServer(tripletTrials());
  for (const b of server.state.blocks) b.type = 'triplet';
  Object.assign(server.state.experiment, { trialType: 'triplet', categories: [], triplet: { response: 'keys', presentation: 'frames', frames: 2 } });
  return server;
}

async function waitFor(testId: string, timeoutMs = 3000): Promise<HTMLButtonElement> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const el = document.querySelector<HTMLButtonElement>(`[data-testid="${testId}"]`);
    if (el && !el.disabled && !el.closest('[hidden]') && el.closest('.responses')?.getAttribute('style')?.includes('hidden') !== true) return el;
    if (Date.now() > until) throw new Error(`timed out waiting for ${testId}; page: ${document.body.textContent}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Waits until the element has text; answers it. */
async function waitForText(testId: string, timeoutMs = 3000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const text = document.querySelector(`[data-testid="${testId}"]`)?.textContent ?? '';
    if (text !== '') return text;
    if (Date.now() > until) throw new Error(`timed out waiting for text in ${testId}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

async function click(testId: string, timeoutMs?: number): Promise<void> {
  (await waitFor(testId, timeoutMs)).click();
}

let storage: MemoryStorage;
let decoded: string[];

/** Images the fake server answers, unless `imageOutage` says how many more requests fail first. */
let imageOutage = 0;

function start(server: FakeServer, search = '?PROLIFIC_PID=p1&STUDY_ID=st'): Promise<void> {
  const root = document.createElement('main');
  document.body.replaceChildren(root);
  return runParticipant({
    api: new TandemApi(server.fetch),
    storage,
    location: { pathname: '/run/demo', search },
    root,
    window,
    frames: new AutoFrames(),
    images: new ImageCache(async (url) => {
      if (imageOutage > 0) {
        imageOutage -= 1;
        throw new Error('Failed to fetch');
      }
      decoded.push(url);
      return { width: 28, height: 28 } as ImageBitmap;
    }),
    navigate: () => {},
  });
}

beforeEach(() => {
  storage = new MemoryStorage();
  decoded = [];
  imageOutage = 0;
});

afterEach(() => document.body.replaceChildren());

describe('participant flow', () => {
  it('goes from consent to the completion code, storing every trial once despite failed sends', async () => {
    const server = new FakeServer(trials());
    server.postsToFail = 2;
    const done = start(server);
    await click('consent-accept');
    await click('instructions-continue');
    await click('screen-check-continue');
    await click('block-start');
    for (let i = 0; i < 2; i++) await click('response-bag');
    await click('break-continue');
    await click('block-start');
    for (let i = 0; i < 2; i++) await click('response-t-shirt-top');
    await click('break-continue');
    await click('block-start');
    for (let i = 0; i < 2; i++) await click('response-bag');
    await done;

    expect(document.querySelector('[data-testid="completion-code"]')!.textContent).toBe('CODE42');
    expect([...server.stored.keys()].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(server.responsePosts).toBeGreaterThan(2);
    expect(server.created).toEqual([{ PROLIFIC_PID: 'p1', STUDY_ID: 'st' }]);
    expect(storage.getItem(queueStorageKey('s1'))).toBeNull();
    const r = server.stored.get(3)!;
    expect(r).toMatchObject({ trialIndex: 3, response: 'T-shirt/top', source: 'button' });
    expect(r.timing.refreshHz).toBeCloseTo(60, 5);
    expect(r.timing.stimulusFramesShown).toBe(2);
    expect([...server.stored.values()].every((x) => x.timing.timingOk)).toBe(true);
  }, 15_000);

  it('runs each block with the plugin registered for its type: masked trials, then ClickMe rounds in their own queue', async () => {
    // jsdom draws nothing; the ClickMe plugin reads the stimulus's pixels through a canvas.
    const realGetContext = HTMLCanvasElement.prototype.getContext;
    const readBack = vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(function (
      this: HTMLCanvasElement, id: string, options?: { willReadFrequently?: boolean }) {
      if (!options?.willReadFrequently) return (realGetContext as (id: string) => null).call(this, id);
      return { drawImage: () => {}, getImageData: (_x: number, _y: number, w: number, h: number) => ({ data: new Uint8ClampedArray(4 * w * h) }) } as never;
    } as never);
    try {
      const all = trials().slice(2, 6);
      for (const t of all.slice(2)) Object.assign(t, { type: 'clickme', block: 2, maskUrl: null, noiseSeed: 7 });
      const server = new FakeServer(all);
      server.state.blocks[1]!.type = 'clickme';
      server.state.experiment.clickme = { revealSize: 4, paintIntervalMs: 50, revealsPerQuery: 1, timeLimitMs: 60_000,
        noiseSd: 64, noiseMean: 128, topK: 1, partnerModel: 'm' };
      const done = start(server);
      await click('consent-accept');
      await click('instructions-continue');
      await click('screen-check-continue');
      await waitFor('block-start');
      expect(document.body.textContent).toContain('2 trials. Look at the cross');
      await click('block-start');
      for (let i = 0; i < 2; i++) await click('response-bag');
      await click('break-continue');
      await waitFor('block-start');
      expect(document.body.textContent).toContain('2 rounds. Click or paint');
      await click('block-start');
      for (let i = 0; i < 2; i++) {
        const skip = await waitFor('clickme-skip');
        // The round listens from its first frame on (AutoFrames runs one per macrotask turn).
        for (let f = 0; f < 3; f++) await new Promise((r) => setTimeout(r, 0));
        const canvas = document.querySelector('[data-testid="clickme-canvas"]')!;
        skip.click();
        canvas.dispatchEvent(new PointerEvent('pointerdown', { clientX: 3, clientY: 3, bubbles: true })); // after the skip: ignored
        await click('clickme-next');
      }
      await done;
      expect(document.querySelector('[data-testid="completion-code"]')!.textContent).toBe('CODE42');
      expect([...server.stored.keys()].sort()).toEqual([2, 3]);
      expect([...server.rounds.keys()].sort()).toEqual([4, 5]);
      expect([...server.rounds.values()].map((r) => [r.outcome, r.reveals.length, r.details.pluginVersion]))
        .toEqual([['skip', 0, 'clickme@1.0.0'], ['skip', 0, 'clickme@1.0.0']]);
      expect(server.partnerQueries).toBe(0);
      expect(storage.getItem(queueStorageKey('s1'))).toBeNull();
      expect(storage.getItem(queueStorageKey('s1', 'clickme'))).toBeNull();
    } finally {
      readBack.mockRestore();
    }
  }, 15_000);

  it('runs triplet blocks: each choice made on triplet-option-<position> is stored once in its own queue despite failed sends', async () => {
    const server = tripletServer();
    server.tripletPostsToFail = 2;
    const done = start(server);
    await click('consent-accept');
    await click('instructions-continue');
    await click('screen-check-continue');
    await waitFor('block-start');
    expect(document.body.textContent).toContain('2 trials. Each shows three images');
    await click('block-start');
    await click('triplet-option-0');
    await click('triplet-option-2');
    await click('break-continue');
    await click('block-start');
    await click('triplet-option-1');
    await click('triplet-option-1');
    await done;

    expect(document.querySelector('[data-testid="completion-code"]')!.textContent).toBe('CODE42');
    expect([...server.judgements.keys()].sort()).toEqual([0, 1, 2, 3]);
    expect([...server.judgements.values()].map((j) => j.chosenPosition)).toEqual([0, 2, 1, 1]);
    expect(new Set([...server.judgements.values()].map((j) => j.judgementId)).size).toBe(4);
    expect(server.tripletPosts).toBeGreaterThan(2);
    expect(server.stored.size).toBe(0);
    const j = server.judgements.get(1)!;
    expect(j).toMatchObject({ source: 'click', key: null, timing: { presentation: 'frames', framesShown: 2, maskFramesShown: 2 } });
    expect(typeof j.rtMs).toBe('number'); // AutoFrames' timestamps and the events' are different clocks here
    expect(decoded).toEqual(expect.arrayContaining(['/stimuli/t1-0.png', '/stimuli/t1-1.png', '/stimuli/t1-2.png', '/stimuli/tm.png']));
    expect(storage.getItem(queueStorageKey('s1', 'triplets'))).toBeNull();
  }, 15_000);

  it('resumes a triplet session after a reload, sending the judgement that waited in its queue under its id', async () => {
    const server = tripletServer();
    server.state.status = 'screen-checked';
    for (const t of server.state.trials) Object.assign(t, { plannedFrames: 2, fixationFrames: 2, maskFrames: 2 });
    server.judgements.set(0, { judgementId: 'j0', trialIndex: 0 } as TripletJudgement);
    storage.setItem(sessionStorageKey('demo', 'PROLIFIC_PID=p1'), JSON.stringify({ sessionId: 's1', token: 'tok', params: { PROLIFIC_PID: 'p1' } }));
    storage.setItem(queueStorageKey('s1', 'triplets'), JSON.stringify([{ responseId: 'j1', trialIndex: 1, chosenPosition: 2 }]));

    const done = start(server);
    await click('block-start');
    await click('triplet-option-0');
    await click('triplet-option-0');
    await done;

    expect(server.judgements.get(1)).toMatchObject({ judgementId: 'j1', chosenPosition: 2 });
    expect([...server.judgements.keys()].sort()).toEqual([0, 1, 2, 3]);
    expect(decoded).not.toContain('/stimuli/t1-0.png');
    expect(storage.getItem(queueStorageKey('s1', 'triplets'))).toBeNull();
  }, 15_000);

  it('retries a session start whose answer was lost with the same start id, so one session is made', async () => {
    const server = new FakeServer(trials());
    server.startAnswersToLose = 1;
    const done = start(server);
    await click('consent-accept', 5000);
    await click('instructions-continue');
    await click('screen-check-continue');
    await click('block-start');
    expect(server.startIds).toHaveLength(2);
    expect(server.startIds[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(server.startIds[1]).toBe(server.startIds[0]);
    expect(server.created).toEqual([{ PROLIFIC_PID: 'p1', STUDY_ID: 'st' }]);
    expect(storage.getItem(startStorageKey('demo'))).toBeNull();
    for (let i = 0; i < 2; i++) await click('response-bag');
    await click('break-continue');
    await click('block-start');
    for (let i = 0; i < 2; i++) await click('response-t-shirt-top');
    await click('break-continue');
    await click('block-start');
    for (let i = 0; i < 2; i++) await click('response-bag');
    await done;
    expect(document.querySelector('[data-testid="completion-code"]')!.textContent).toBe('CODE42');
  }, 15_000);

  it('resumes after a reload at the first trial that neither server nor queue has, without consent again', async () => {
    const server = new FakeServer(trials());
    server.state.status = 'screen-checked';
    for (const t of server.state.trials) Object.assign(t, { plannedFrames: 2, fixationFrames: 2, blankFrames: 0, maskFrames: 2 });
    server.stored.set(0, { responseId: 'x0', trialIndex: 0 } as ResponseRecord);
    server.stored.set(1, { responseId: 'x1', trialIndex: 1 } as ResponseRecord);
    storage.setItem(sessionStorageKey('demo', 'PROLIFIC_PID=p1'), JSON.stringify({ sessionId: 's1', token: 'tok', params: { PROLIFIC_PID: 'p1' } }));
    const queued = { ...server.stored.get(0)!, responseId: 'q2', trialIndex: 2 };
    storage.setItem(queueStorageKey('s1'), JSON.stringify([queued]));

    const done = start(server);
    await click('block-start');
    expect(document.querySelector('[data-testid="consent-accept"]')).toBeNull();
    await click('response-bag');
    await click('break-continue');
    await click('block-start');
    await click('response-bag');
    await click('response-bag');
    await done;

    expect(server.created).toEqual([]);
    expect(server.stored.get(2)!.responseId).toBe('q2');
    expect([...server.stored.keys()].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(decoded).not.toContain('/stimuli/s2.png');
    expect(document.querySelector('[data-testid="completion-code"]')!.textContent).toBe('CODE42');
  }, 15_000);

  it('keeps loading images through a server outage, showing that it reconnects, and lets the block start by itself', async () => {
    const server = new FakeServer(trials());
    void start(server);
    await click('consent-accept');
    await click('instructions-continue');
    imageOutage = 1; // the first image request of the block fails: the server is restarting
    await click('screen-check-continue');
    const until = Date.now() + 3000;
    let button = document.querySelector<HTMLButtonElement>('[data-testid="block-start"]');
    while (!button?.textContent?.startsWith('Reconnecting…') && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 2));
      button = document.querySelector<HTMLButtonElement>('[data-testid="block-start"]');
    }
    expect(button!.textContent).toMatch(/^Reconnecting… \(next try in \d+ s\)$/);
    expect(button!.disabled).toBe(true);
    await click('block-start'); // enabled once the retry loaded every image, with no reload
    expect(document.querySelector('[data-testid="error"]')).toBeNull();
    expect(decoded).toContain('/stimuli/s0.png');
  }, 15_000);

  it('says the study is not accepting participants, instead of an error, while data collection is closed', async () => {
    const server = new FakeServer(trials());
    server.closed = true;
    await start(server);

    const notice = document.querySelector('[data-testid="study-closed"]');
    expect(notice!.textContent).toBe('This study is not accepting participants right now.');
    expect(document.querySelector('[data-testid="error"]')).toBeNull();
    expect(document.querySelector('h1')!.textContent).toBe('Study closed');
    expect(server.created).toEqual([]);
    expect(storage.getItem(sessionStorageKey('demo', 'PROLIFIC_PID=p1'))).toBeNull();
  });

  it('starts no session for a worker previewing an MTurk HIT', async () => {
    const server = new FakeServer(trials());
    await start(server, '?assignmentId=ASSIGNMENT_ID_NOT_AVAILABLE&hitId=h1');
    expect(document.querySelector('[data-testid="mturk-preview"]')!.textContent).toContain('Accept the HIT');
    expect(server.created).toEqual([]);
  });

  it('lets a participant who already started finish while data collection is closed', async () => {
    const server = new FakeServer(trials());
    server.closed = true;
    storage.setItem(sessionStorageKey('demo', 'PROLIFIC_PID=p1'), JSON.stringify({ sessionId: 's1', token: 'tok', params: { PROLIFIC_PID: 'p1' } }));
    void start(server);
    await click('consent-accept');
    expect(document.querySelector('[data-testid="study-closed"]')).toBeNull();
  }, 15_000);

  it('says in the participant\'s language when the screen is too slow for the experiment', async () => {
    const server = new FakeServer(trials());
    server.minRefreshHz = 100;
    server.state.experiment.minRefreshHz = 100;
    void start(server);
    await click('consent-accept');
    await click('instructions-continue');
    await click('screen-check-continue');
    const error = await waitForText('screen-check-error');
    expect(error)
      .toContain('Your screen refreshes at 60.0 Hz; this study needs at least 100 Hz.');
    expect(server.state.status).toBe('started');
    expect((document.querySelector('[data-testid="screen-out"]') as HTMLElement).hidden).toBe(true);
  }, 15_000);

  it('offers the screen-out ending after the configured failed screen checks and shows its code', async () => {
    const server = new FakeServer(trials());
    server.minRefreshHz = 100;
    server.state.experiment.screenCheckAttempts = 2;
    void start(server);
    await click('consent-accept');
    await click('instructions-continue');
    await click('screen-check-continue');
    await waitForText('screen-check-error');
    expect((document.querySelector('[data-testid="screen-out"]') as HTMLElement).hidden).toBe(true);
    await click('screen-check-continue');
    await click('screen-out');
    await waitFor('screenout-code');
    expect(document.querySelector('[data-testid="screenout-code"]')!.textContent).toBe('SCREENED');
    expect(server.state.status).toBe('screened-out');
  }, 15_000);

  it('shows the experimenter\'s break message, a progress bar and the German texts', async () => {
    const server = new FakeServer(trials());
    Object.assign(server.state.experiment, { language: 'de', breakMessage: '<p>Kurze Pause, gut gemacht!</p>', texts: { start: 'Los' } });
    const done = start(server);
    await click('consent-accept');
    expect((await waitFor('instructions-continue')).textContent).toBe('Weiter');
    await click('instructions-continue');
    await click('screen-check-continue');
    await waitFor('block-start');
    expect(document.querySelector('[data-testid="block-start"]')!.textContent).toBe('Los');
    const bar = document.querySelector('[data-testid="progress"]')!;
    expect(bar.getAttribute('aria-valuenow')).toBe('0');
    expect(bar.getAttribute('aria-valuemax')).toBe('6');
    await click('block-start');
    for (let i = 0; i < 2; i++) await click('response-bag');
    await waitFor('break-continue');
    expect(bar.getAttribute('aria-valuenow')).toBe('2');
    expect(bar.getAttribute('aria-label')).toBe('2 von 6 Durchgängen');
    expect(document.querySelector('h1')!.textContent).toBe('Übung beendet');
    await click('break-continue');
    await click('block-start');
    for (let i = 0; i < 2; i++) await click('response-bag');
    await waitFor('break-continue');
    expect(document.querySelector('.page-body')!.innerHTML).toBe('<p>Kurze Pause, gut gemacht!</p>');
    await click('break-continue');
    await click('block-start');
    for (let i = 0; i < 2; i++) await click('response-bag');
    await done;
    expect(document.querySelector('h1')!.textContent).toBe('Vielen Dank!');
    expect(document.querySelector('[data-testid="withdraw-code"]')!.textContent).toBe('W-CODE');
  }, 15_000);

  it('never resumes another recruitment id\'s session in a shared browser', async () => {
    const server = new FakeServer(trials());
    storage.setItem(sessionStorageKey('demo', 'PROLIFIC_PID=p1'), JSON.stringify({ sessionId: 's1', token: 'tok', params: { PROLIFIC_PID: 'p1' } }));
    void start(server, '?PROLIFIC_PID=p2');
    await waitFor('consent-accept');
    expect(server.created, 'a new session, not p1\'s').toEqual([{ PROLIFIC_PID: 'p2' }]);
    expect(JSON.parse(storage.getItem(sessionStorageKey('demo', 'PROLIFIC_PID=p1'))!).sessionId, 'p1\'s stays for p1').toBe('s1');
  }, 15_000);
});
