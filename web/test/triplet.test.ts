/**
 * The triplet (odd-one-out) plugin, issue 13: the three images drawn in one frame, RT from that
 * frame, keys 1/2/3 and clicks, the frames presentation with its mask, the one end-of-trial path,
 * and the judgements' own result channel.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TandemApi, type Experiment, type Trial, type TripletRecord } from '../src/core/api';
import { ImageCache, type DecodedImage } from '../src/core/images';
import { queueStorageKey, ResponseQueue, type QueuedRecord } from '../src/core/queue';
import { LANGUAGES, textTable } from '../src/participant/texts';
import { optionTestId, TripletDisplay } from '../src/plugins/triplet/display';
import { PLUGIN_VERSION, info, trial, type TripletEnvironment, type TripletTrialParams } from '../src/plugins/triplet/index';
import { tripletPlugin } from '../src/plugins/triplet/plugin';
import type { BlockContext } from '../src/plugins/registry';
import { FakeFrames, FRAME_60HZ, MemoryStorage, settle } from './fakes';

/** What one canvas was asked to draw: each image with its destination box, in order. */
interface Drawn {
  image: unknown;
  smoothing: boolean;
  box: number[];
}

/** A 2D context per canvas that records drawImage calls. */
function recordingContexts(): Map<HTMLCanvasElement, Drawn[]> {
  const drawn = new Map<HTMLCanvasElement, Drawn[]>();
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(function (this: HTMLCanvasElement) {
    const calls: Drawn[] = [];
    drawn.set(this, calls);
    const ctx = {
      imageSmoothingEnabled: true, fillStyle: '', strokeStyle: '', lineWidth: 1,
      setTransform: () => {}, fillRect: () => {}, beginPath: () => {}, moveTo: () => {}, lineTo: () => {}, stroke: () => {},
      drawImage(image: unknown, ...box: number[]) { calls.push({ image, smoothing: ctx.imageSmoothingEnabled, box }); },
    };
    return ctx as never;
  } as never);
  return drawn;
}

function image(name: string, width = 28, height = 28): DecodedImage {
  return { width, height, name, close: () => {} } as unknown as ImageBitmap;
}

const A = image('a');
const B = image('b');
const C = image('c');
const MASK = image('mask');

function tripletTrial(over: Partial<Trial> = {}): Trial {
  return {
    index: 4, type: 'triplet', block: 1, practice: false, stimulusUrl: null,
    stimulusUrls: ['/stimuli/a.png', '/stimuli/b.png', '/stimuli/c.png'], maskUrl: '/stimuli/m.png',
    requestedMs: null, plannedFrames: 2, fixationFrames: 3, blankFrames: null, maskFrames: 4, ...over,
  };
}

function keyDown(key: string, timeStamp: number): KeyboardEvent {
  const e = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
  Object.defineProperty(e, 'timeStamp', { value: timeStamp });
  document.dispatchEvent(e);
  return e;
}

function option(position: 0 | 1 | 2): HTMLButtonElement {
  return document.querySelector<HTMLButtonElement>(`[data-testid="${optionTestId(position)}"]`)!;
}

/** A click on an option at the given event time (pointerdown, then the click a browser sends after it). */
function clickOption(position: 0 | 1 | 2, timeStamp: number): void {
  for (const e of [new MouseEvent('pointerdown', { bubbles: true, button: 0 }), new MouseEvent('click', { bubbles: true })]) {
    Object.defineProperty(e, 'timeStamp', { value: timeStamp });
    option(position).dispatchEvent(e);
  }
}

let frames: FakeFrames;
let drawn: Map<HTMLCanvasElement, Drawn[]>;
let display: TripletDisplay;
let now: number;
let env: TripletEnvironment;
let recorded: TripletRecord[];

/** What each canvas (left to right) has drawn so far, as image names. */
function drawnNames(): string[][] {
  return display.canvases.map((c) => drawn.get(c)!.map((d) => (d.image as { name: string }).name));
}

/** The trial's record, once a frame after the choice has cleared the images (untilResponse). */
async function cleared(done: Promise<TripletRecord>, t = 10_000): Promise<TripletRecord> {
  await settle();
  frames.frame(t);
  return done;
}

function start(over: Partial<TripletTrialParams> = {}): Promise<TripletRecord> {
  return trial(display, {
    trial: tripletTrial(), images: [A, B, C], mask: MASK, presentation: 'untilResponse', response: 'keys',
    refreshHz: 60, frameIntervalMs: FRAME_60HZ, onRecorded: (r) => recorded.push(r), ...over,
  }, env);
}

beforeEach(() => {
  vi.useFakeTimers();
  document.body.replaceChildren();
  drawn = recordingContexts();
  frames = new FakeFrames();
  display = new TripletDisplay(document.body, window);
  display.resize(224);
  now = 0;
  recorded = [];
  env = { frames, document, now: () => now, newId: () => 'judgement-1', clock: () => new Date('2026-12-02T12:00:00.000Z') };
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('triplet plugin', () => {
  it('documents its parameters and data and records its version', () => {
    expect(info.name).toBe('triplet');
    expect(info.version).toBe(PLUGIN_VERSION);
    expect(Object.keys(info.data)).toEqual(
      ['responseId', 'trialIndex', 'chosenPosition', 'source', 'key', 'rtMs', 'timing', 'clientTime']);
  });

  it('draws the three images together in the one frame after the fixation, left to right, enlarged nearest-neighbour', async () => {
    const done = start();
    frames.run(3, 0); // the fixation's 3 frames
    expect(drawnNames()).toEqual([[], [], []]);
    expect(option(0).disabled).toBe(true);
    frames.frame(3 * FRAME_60HZ);
    expect(drawnNames()).toEqual([['a'], ['b'], ['c']]);
    for (const c of display.canvases) expect(drawn.get(c)).toEqual([{ image: expect.anything(), smoothing: false, box: [0, 0, 224, 224] }]);
    expect([0, 1, 2].map((p) => option(p as 0 | 1 | 2).disabled)).toEqual([false, false, false]);
    keyDown('2', 3 * FRAME_60HZ + 800);
    const r = await cleared(done);
    expect(r.timing.onsetTs).toBe(3 * FRAME_60HZ);
    expect(r.timing.fixationOnset).toBe(0);
  });

  it('enlarges an image that is not square so its longer side fills the box, centred', () => {
    display.drawImages([image('wide', 28, 14), B, C]);
    expect(drawn.get(display.canvases[0])!.at(-1)!.box).toEqual([0, 56, 224, 112]);
  });

  it('times RT from the images\' frame timestamp, not from when its callback ran or its listeners were attached', async () => {
    const done = start();
    frames.run(3, 0);
    now = 90; // the callback that draws the images runs late
    frames.frame(50);
    keyDown('3', 862.5);
    const r = await cleared(done);
    expect(r.timing.onsetTs).toBe(50);
    expect(r.rtMs).toBe(812.5);
  });

  it('takes keys 1, 2 and 3 as left, middle and right, from the onset on only', async () => {
    for (const [key, position] of [['1', 0], ['2', 1], ['3', 2]] as const) {
      const done = start();
      frames.run(2, 0);
      keyDown(key, 10); // during the fixation: ignored
      frames.run(2, 2 * FRAME_60HZ);
      keyDown('4', 100);
      keyDown(key, 500);
      const r = await cleared(done);
      expect(r).toMatchObject({ chosenPosition: position, source: 'key', key, trialIndex: 4, responseId: 'judgement-1' });
      expect(r.rtMs).toBeCloseTo(500 - 3 * FRAME_60HZ, 6);
    }
  });

  it('takes a click on an option, with data-testid triplet-option-<position>, in either response mode', async () => {
    const done = start({ response: 'click' });
    frames.run(4, 0);
    keyDown('1', 200); // keys are not a response in click mode
    clickOption(2, 3 * FRAME_60HZ + 321);
    const r = await cleared(done);
    expect(r).toMatchObject({ chosenPosition: 2, source: 'click', key: null });
    expect(r.rtMs).toBeCloseTo(321, 6);

    const second = start({ response: 'keys' });
    frames.run(4, 2000);
    clickOption(0, 2000 + 3 * FRAME_60HZ + 100);
    expect(await cleared(second)).toMatchObject({ chosenPosition: 0, source: 'click', key: null });
  });

  it('shows the keys under the images only when the response is by key', async () => {
    const hints = () => [...document.querySelectorAll('.triplet-option kbd')].map((k) => (k as HTMLElement).hidden);
    const done = start({ response: 'keys' });
    expect(hints()).toEqual([false, false, false]);
    frames.run(4, 0);
    keyDown('1', 300);
    await cleared(done);
    void start({ response: 'click' });
    expect(hints()).toEqual([true, true, true]);
  });

  it('keeps the images until the choice and clears them in the frame after it', async () => {
    const done = start();
    frames.run(60, 0);
    expect(drawnNames()).toEqual([['a'], ['b'], ['c']]);
    keyDown('1', 2000);
    await settle();
    expect(recorded).toHaveLength(1); // the record exists before the screen is cleared
    let finished = false;
    void done.then(() => { finished = true; });
    await settle();
    expect(finished).toBe(false);
    frames.frame(2010);
    const r = await done;
    expect(r.timing).toMatchObject({ presentation: 'untilResponse', plannedFrames: null, framesShown: null, maskFramesShown: null, timingOk: true });
    expect(r.timing.frameChanges.map((c) => c.screen)).toEqual(['images']);
  });

  it('in frames presentation shows the images for the planned frames, then the mask at all three positions, then blank', async () => {
    const done = start({ presentation: 'frames', trial: tripletTrial({ plannedFrames: 2, maskFrames: 4 }) });
    frames.run(4, 0); // 3 fixation frames, images at frame 3
    expect(drawnNames()).toEqual([['a'], ['b'], ['c']]);
    keyDown('2', 3 * FRAME_60HZ + 20); // a choice while the images are up counts...
    await settle();
    expect(recorded).toHaveLength(0); // ...but the presentation runs its course first
    frames.frame(4 * FRAME_60HZ);
    expect(drawnNames()).toEqual([['a'], ['b'], ['c']]);
    frames.frame(5 * FRAME_60HZ); // 2 frames of images: the mask
    expect(drawnNames()).toEqual([['a', 'mask'], ['b', 'mask'], ['c', 'mask']]);
    frames.run(4, 6 * FRAME_60HZ); // 4 frames of mask: blank at frame 9
    expect(drawnNames()).toEqual([['a', 'mask'], ['b', 'mask'], ['c', 'mask']]);
    const r = await done;
    expect(recorded).toEqual([r]);
    expect(r).toMatchObject({ chosenPosition: 1, rtMs: 20 });
    expect(r.timing).toMatchObject({
      presentation: 'frames', plannedFrames: 2, plannedMaskFrames: 4, refreshHz: 60,
      onsetTs: 3 * FRAME_60HZ, imagesOffset: 5 * FRAME_60HZ, maskOnset: 5 * FRAME_60HZ, maskOffset: 9 * FRAME_60HZ,
      framesShown: 2, maskFramesShown: 4, timingOk: true, lateFrames: [], pluginVersion: PLUGIN_VERSION,
    });
    expect(r.timing.frameChanges.map((c) => c.screen)).toEqual(['images', 'mask', 'blank']);
  });

  it('keeps the choice open after the mask, on blank canvases', async () => {
    const done = start({ presentation: 'frames', response: 'click' });
    frames.run(20, 0);
    expect(option(1).disabled).toBe(false);
    clickOption(1, 1500);
    const r = await done;
    expect(r).toMatchObject({ chosenPosition: 1, rtMs: 1500 - 3 * FRAME_60HZ });
    expect(r.timing.framesShown).toBe(2);
  });

  it('shows no mask when the trial has none, and goes from the images to blank', async () => {
    const done = start({ presentation: 'frames', mask: null });
    frames.run(8, 0);
    keyDown('1', 400);
    const r = await done;
    expect(drawnNames()).toEqual([['a'], ['b'], ['c']]);
    expect(r.timing).toMatchObject({ framesShown: 2, maskFramesShown: 0, maskOnset: null, timingOk: true });
  });

  it('flags a trial whose images stayed up a frame too long because frames were dropped', async () => {
    const done = start({ presentation: 'frames' });
    frames.run(14, 0, FRAME_60HZ, new Set([4, 5])); // images at frame 3; the next two frames dropped
    keyDown('1', 1000);
    const r = await done;
    expect(r.timing.framesShown).toBe(3);
    expect(r.timing.timingOk).toBe(false);
  });

  it('draws the images in the first frame when the trial has no fixation', async () => {
    const done = start({ trial: tripletTrial({ fixationFrames: null }) });
    frames.frame(100);
    expect(drawnNames()).toEqual([['a'], ['b'], ['c']]);
    keyDown('1', 600);
    const r = await cleared(done);
    expect(r.timing).toMatchObject({ fixationOnset: null, onsetTs: 100 });
    expect(r.rtMs).toBe(500);
  });

  it('flags a trial whose images\' frame finished drawing late', async () => {
    const done = start();
    for (let i = 0; i < 5; i++) {
      now = i * FRAME_60HZ + (i === 3 ? 12 : 1); // frame 3 draws the images; its work ends 12 ms late
      frames.frame(i * FRAME_60HZ);
    }
    keyDown('1', 1000);
    const r = await cleared(done);
    expect(r.timing.timingOk).toBe(false);
    expect(r.timing.lateFrames).toEqual(['images']);
  });

  it('ends on one path: no frame callback, timer or listener is left, and a second click records nothing', async () => {
    const targets = [document, ...display.options];
    const add = targets.map((t) => vi.spyOn(t, 'addEventListener'));
    const remove = targets.map((t) => vi.spyOn(t, 'removeEventListener'));
    const done = start({ response: 'keys', interTrialMs: 300 });
    frames.run(5, 0);
    clickOption(0, 400);
    await settle();
    frames.frame(500);
    await vi.advanceTimersByTimeAsync(300);
    const r = await done;
    expect(r.chosenPosition).toBe(0);
    expect(frames.waiting).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    targets.forEach((_, i) => {
      expect(remove[i]!.mock.calls.map((c) => c[0]).sort()).toEqual(add[i]!.mock.calls.map((c) => c[0]).sort());
      expect(add[i]!.mock.calls.length).toBeGreaterThan(0);
    });
    expect([0, 1, 2].map((p) => option(p as 0 | 1 | 2).disabled)).toEqual([true, true, true]);
    option(1).disabled = false; // even if something enabled the button again
    clickOption(1, 900);
    keyDown('3', 950);
    await settle();
    expect(recorded).toEqual([r]);
  });

  it('cancels its frame callbacks when the trial fails', async () => {
    await expect(start({ presentation: 'frames', trial: tripletTrial({ plannedFrames: null }) })).rejects.toThrow('no planned frames');
    expect(frames.waiting).toBe(0);
  });
});

describe('triplet registration', () => {
  const experiment = (triplet: Experiment['triplet']): Experiment => ({
    slug: 'triplet-demo', version: 1, title: 'Odd one out', trialType: 'triplet', consentHtml: '', instructionsHtml: '',
    categories: [], timing: { fixationMs: 500, blankMs: 0, maskMs: 0, interTrialMs: 250, responseDeadlineMs: null, feedbackMs: 0 },
    minRefreshHz: null, requestFullscreen: false, displaySize: 160, triplet,
  });

  async function context(e: Experiment): Promise<BlockContext<QueuedRecord>> {
    const images = new ImageCache(async (url) => image(url.replace(/^\/stimuli\/|\.png$/g, '')));
    await images.preload(tripletPlugin.imageUrls(tripletTrial()));
    return {
      experiment: e, root: document.body, window, images, texts: textTable('en'),
      refresh: { refreshHz: 60, frameIntervalMs: FRAME_60HZ, medianIntervalMs: FRAME_60HZ, frameIntervalsMs: [] },
      api: new TandemApi(async () => new Response('{}')), creds: { sessionId: 's1', token: 'tok' }, recorded: (r) => recorded.push(r as TripletRecord),
    };
  }

  it('preloads the three stimuli and the mask, and turns a server trial into the trial\'s params', async () => {
    expect(tripletPlugin.imageUrls(tripletTrial())).toEqual(['/stimuli/a.png', '/stimuli/b.png', '/stimuli/c.png', '/stimuli/m.png']);
    expect(tripletPlugin.imageUrls(tripletTrial({ maskUrl: null }))).toHaveLength(3);
    const ctx = await context(experiment({ response: 'keys', presentation: 'frames', frames: 2 }));
    const d = tripletPlugin.createDisplay(document.body, ctx.experiment, window);
    expect(d.root.hidden).toBe(true);
    tripletPlugin.prepareBlock(d, [tripletTrial()], ctx);
    expect(d.canvases[0].style.width).toBe('160px');
    const p = tripletPlugin.params(d, tripletTrial(), ctx);
    expect(p).toMatchObject({ presentation: 'frames', response: 'keys', refreshHz: 60, interTrialMs: 250 });
    expect(p.images.map((i) => (i as unknown as { name: string }).name)).toEqual(['a', 'b', 'c']);
    expect((p.mask as unknown as { name: string }).name).toBe('m');
    const untilResponse = tripletPlugin.params(d, tripletTrial(), await context(experiment({ response: 'click', presentation: 'untilResponse', frames: null })));
    expect(untilResponse.mask).toBeNull();
  });

  it('refuses a block without triplet parameters or a trial without three stimuli', async () => {
    const ctx = await context(experiment(null));
    const d = tripletPlugin.createDisplay(document.body, ctx.experiment, window);
    expect(() => tripletPlugin.prepareBlock(d, [tripletTrial()], ctx)).toThrow('without triplet parameters');
    expect(() => tripletPlugin.imageUrls(tripletTrial({ stimulusUrls: ['/a.png', '/b.png'] }))).toThrow('three stimuli');
  });

  it('has its block text in every language', () => {
    for (const table of Object.values(LANGUAGES)) expect(table[tripletPlugin.blockTextKey]).toContain('{count}');
  });
});

describe('triplet judgements channel', () => {
  function judgement(trialIndex: number, responseId: string): TripletRecord {
    return {
      responseId, trialIndex, chosenPosition: 2, source: 'key', key: '3', rtMs: 812.5,
      timing: {
        presentation: 'untilResponse', plannedFrames: null, plannedMaskFrames: null, refreshHz: 60, fixationOnset: 0,
        onsetTs: 50, imagesOffset: null, maskOnset: null, maskOffset: null, framesShown: null, maskFramesShown: null,
        frameChanges: [], lateFrameLimitMs: 8.333, lateFrames: [], timingOk: true, visibilityChanges: [], fullscreenChanges: [],
        pluginVersion: PLUGIN_VERSION,
      },
      clientTime: '2026-12-02T12:00:00.000Z',
    };
  }

  /** POST /api/sessions/s1/triplets as the CONTRACT has it; the first `fail` requests get no answer. */
  function server(fail: number) {
    const posts: { url: string; auth: string; body: { judgements: Record<string, unknown>[] } }[] = [];
    const fetch = async (url: string, init?: RequestInit): Promise<Response> => {
      posts.push({ url, auth: (init?.headers as Record<string, string>).Authorization!, body: JSON.parse(init!.body as string) });
      if (posts.length <= fail) throw new TypeError('Failed to fetch');
      const ids = posts.at(-1)!.body.judgements.map((j) => j.judgementId);
      return new Response(JSON.stringify({ confirmed: ids }), { status: 200 });
    };
    return { posts, api: new TandemApi(fetch) };
  }

  function queue(storage: MemoryStorage, api: TandemApi): ResponseQueue<TripletRecord> {
    const channel = tripletPlugin.results;
    return new ResponseQueue<TripletRecord>({
      storage, sessionId: 's1', name: channel.queueName, field: channel.field, random: () => 1,
      send: (records) => channel.send(api, { sessionId: 's1', token: 'tok' }, records),
      fetchAnswered: async () => [],
    });
  }

  it('posts {judgements: [...]} to the session\'s triplets with the client-made judgementId, and drops what is confirmed', async () => {
    const storage = new MemoryStorage();
    const { posts, api } = server(0);
    const q = queue(storage, api);
    q.enqueue(judgement(3, 'j-3'));
    await settle();
    expect(posts).toHaveLength(1);
    expect(posts[0]!.url).toBe('/api/sessions/s1/triplets');
    expect(posts[0]!.auth).toBe('Bearer tok');
    const { responseId: _, ...rest } = judgement(3, 'j-3');
    expect(posts[0]!.body).toEqual({ judgements: [{ judgementId: 'j-3', ...rest }] });
    expect(q.pending).toHaveLength(0);
    expect(storage.getItem(queueStorageKey('s1', 'triplets'))).toBeNull();
  });

  it('keeps a judgement in its own queue under the same id across failed sends and a reload until confirmed', async () => {
    const storage = new MemoryStorage();
    const { posts, api } = server(2);
    const q = queue(storage, api);
    q.enqueue(judgement(5, 'j-5'));
    await settle();
    expect(storage.getItem(queueStorageKey('s1', 'triplets'))).toContain('"j-5"');
    expect(storage.getItem(queueStorageKey('s1'))).toBeNull(); // not in the masked responses' queue
    q.stop(); // the page is reloaded while the retry waits

    const reloaded = queue(storage, api);
    expect(reloaded.queuedTrials()).toEqual(new Set([5]));
    reloaded.start();
    await settle();
    await vi.advanceTimersByTimeAsync(1000);
    await reloaded.drain();
    expect(posts.map((p) => p.body.judgements.map((j) => j.judgementId))).toEqual([['j-5'], ['j-5'], ['j-5']]);
    expect(storage.getItem(queueStorageKey('s1', 'triplets'))).toBeNull();
  });

  it('sets aside a judgement the server rejects by its field path, so later ones still go', async () => {
    const storage = new MemoryStorage();
    let calls = 0;
    const api = new TandemApi(async (_url, init) => {
      const body = JSON.parse(init!.body as string) as { judgements: { judgementId: string }[] };
      calls++;
      if (body.judgements.some((j) => j.judgementId === 'bad')) {
        const i = body.judgements.findIndex((j) => j.judgementId === 'bad');
        return new Response(JSON.stringify({ error: 'must be 0, 1 or 2', field: `judgements[${i}].chosenPosition` }), { status: 400 });
      }
      return new Response(JSON.stringify({ confirmed: body.judgements.map((j) => j.judgementId) }), { status: 200 });
    });
    const q = queue(storage, api);
    storage.setItem(queueStorageKey('s1', 'triplets'), JSON.stringify([judgement(1, 'ok-1'), judgement(2, 'bad'), judgement(3, 'ok-3')]));
    const loaded = queue(storage, api);
    q.stop();
    loaded.start();
    await loaded.drain();
    expect(calls).toBe(2);
    expect(storage.getItem('tandem:rejected:triplets:s1')).toContain('"bad"');
  });
});
