/**
 * The ClickMe plugin: painting rules, partner queries every k reveals with exactly the
 * displayed pixels, and the three ways a round ends.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClickMeSpec, PartnerAnswer, PartnerQueryBody, Trial } from '../src/core/api';
import type { FrameSource } from '../src/core/timing';
import { checksum, compose } from '../src/plugins/clickme/composition';
import { ClickMeDisplay } from '../src/plugins/clickme/display';
import { trial, type ClickMeEnvironment } from '../src/plugins/clickme/index';
import { Painter } from '../src/plugins/clickme/painter';

const SPEC: ClickMeSpec = { revealSize: 4, paintIntervalMs: 50, revealsPerQuery: 3, timeLimitMs: 400, noiseSd: 64, noiseMean: 128, topK: 1, partnerModel: 'm' };
const TRIAL: Trial = { index: 5, type: 'clickme', block: 0, practice: false, stimulusUrl: '/s.png', maskUrl: null, requestedMs: null,
  plannedFrames: null, fixationFrames: null, blankFrames: null, maskFrames: null, noiseSeed: 77 };
const W = 32;

/** rAF on a 16 ms (fake) timer; frame, event and clock times all come from the fake Date.now(). */
const frames: FrameSource = {
  request: (cb) => setTimeout(() => cb(Date.now()), 16) as unknown as number,
  cancel: (h) => clearTimeout(h),
};

function environment(): ClickMeEnvironment {
  let id = 0;
  return { frames, document, now: () => Date.now(), newId: () => `00000000-0000-4000-8000-${String(++id).padStart(12, '0')}`, clock: () => new Date() };
}

function grey(): Uint8Array {
  return Uint8Array.from({ length: W * W }, (_, i) => i % 251);
}

/** Dispatches a pointer event stamped with the fake clock, as a browser stamps it with the frame clock. */
function press(canvas: HTMLElement, type: string, x: number, y: number): void {
  const e = new PointerEvent(type, { clientX: x, clientY: y, bubbles: true });
  Object.defineProperty(e, 'timeStamp', { value: Date.now() });
  canvas.dispatchEvent(e);
}

/** Moves the fake clock on, running due timers and the promise callbacks between them. */
const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);

describe('Painter', () => {
  it('reveals one square per press and fills a quick stroke at most half a square apart', () => {
    const p = new Painter(10, 50, 224, 224);
    expect(p.press({ x: 10, y: 10 }, 0)).toEqual([{ x: 10, y: 10 }]);
    expect(p.move({ x: 40, y: 10 }, 20)).toEqual([]); // within 50 ms of the last square
    const stroke = p.move({ x: 40, y: 10 }, 60);
    expect(stroke.map((s) => s.x)).toEqual([15, 20, 25, 30, 35, 40]);
    p.release();
    expect(p.move({ x: 100, y: 100 }, 500)).toEqual([]); // not painting once released
  });

  it('keeps squares inside the image', () => {
    const p = new Painter(10, 50, 224, 224);
    expect(p.press({ x: -5, y: 300 }, 0)).toEqual([{ x: 0, y: 223 }]);
  });
});

describe('clickme round', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('queries every k reveals with the displayed pixels and ends when the partner is right', async () => {
    const display = new ClickMeDisplay(document.body);
    const queries: PartnerQueryBody[] = [];
    const query = async (body: PartnerQueryBody): Promise<PartnerAnswer> => {
      queries.push(body);
      const correct = queries.length === 2;
      const last = body.reveals[body.reveals.length - 1]!;
      return { queryId: body.queryId, trialIndex: 5, revealCount: body.reveals.length, topK: [correct ? 'Bag' : 'Coat'],
        probabilities: {}, correct, elapsedMs: last.t, points: correct ? (1 - last.t / SPEC.timeLimitMs) * 100 : 0, latencyMs: 1, matchesDisplay: true };
    };
    const recorded: unknown[] = [];
    const done = trial(display, { trial: TRIAL, spec: SPEC, grey: grey(), width: W, height: W, query, onRecorded: (r) => recorded.push(r) }, environment());
    await advance(40);
    for (const [x, y] of [[2, 2], [8, 8], [14, 14], [20, 20], [26, 26], [30, 30], [5, 25]]) {
      press(display.canvas, 'pointerdown', x, y);
      press(display.canvas, 'pointerup', x, y);
    }
    await advance(20);
    expect(queries.map((q) => q.reveals.length)).toEqual([3, 6]);
    // The checksum sent is that of the composition of exactly the reveals sent.
    const second = queries[1]!;
    expect(second.displayChecksum).toBe(checksum(compose(grey(), W, W, second.reveals, 77, { mean: 128, sd: 64 })));
    expect(display.next.hidden).toBe(false);
    expect(display.points.hidden).toBe(false);
    expect(display.points.textContent).toMatch(/^\d+ points$/);
    display.next.click();
    const record = await done;
    expect(record.outcome).toBe('partner-correct');
    expect(record.trialIndex).toBe(5);
    expect(record.reveals).toHaveLength(7); // the seventh reveal came before the answer was handled
    expect(record.details.points).toBeGreaterThan(0);
    expect(record.details.pluginVersion).toBe('clickme@1.0.0');
    expect(recorded).toEqual([record]);
    display.root.remove();
  });

  it('ends with no points at the time limit', async () => {
    const display = new ClickMeDisplay(document.body);
    const done = trial(display, { trial: TRIAL, spec: SPEC, grey: grey(), width: W, height: W,
      query: () => Promise.reject(new Error('offline')) }, environment());
    await advance(40);
    press(display.canvas, 'pointerdown', 3, 3);
    await advance(SPEC.timeLimitMs + 50);
    expect(display.next.hidden).toBe(false);
    display.next.click();
    const record = await done;
    expect(record.outcome).toBe('timeout');
    expect(record.elapsedMs).toBe(SPEC.timeLimitMs);
    expect(record.reveals.every((r) => r.t <= SPEC.timeLimitMs)).toBe(true);
    expect(record.details.points).toBe(0);
    expect(display.points.textContent).toBe('0 points');
    display.root.remove();
  });

  it('ends with no points on skip and stops listening', async () => {
    const display = new ClickMeDisplay(document.body);
    const queries: PartnerQueryBody[] = [];
    const done = trial(display, { trial: TRIAL, spec: SPEC, grey: grey(), width: W, height: W,
      query: async (b) => { queries.push(b); throw new Error('unused'); } }, environment());
    await advance(40);
    press(display.canvas, 'pointerdown', 3, 3);
    display.skip.click();
    press(display.canvas, 'pointerdown', 9, 9);
    press(display.canvas, 'pointerdown', 15, 9);
    await advance(0);
    expect(display.next.hidden).toBe(false);
    display.next.click();
    const record = await done;
    expect(record.outcome).toBe('skip');
    expect(record.reveals).toHaveLength(1);
    expect(queries).toHaveLength(0);
    display.root.remove();
  });

  it('cancels every timer, frame callback and listener when the round is over', async () => {
    const display = new ClickMeDisplay(document.body);
    const done = trial(display, { trial: TRIAL, spec: SPEC, grey: grey(), width: W, height: W,
      query: () => Promise.reject(new Error('offline')) }, environment());
    await advance(40);
    expect(vi.getTimerCount()).toBeGreaterThan(0); // time limit, paint interval, next frame
    document.dispatchEvent(new Event('visibilitychange'));
    display.skip.click();
    await advance(0);
    expect(vi.getTimerCount()).toBe(0); // nothing runs while the points are shown
    display.next.click();
    const record = await done;
    expect(vi.getTimerCount()).toBe(0);
    expect(display.next.hidden).toBe(true);
    expect(display.points.hidden).toBe(true);
    document.dispatchEvent(new Event('visibilitychange'));
    press(display.canvas, 'pointerdown', 9, 9);
    display.next.click();
    expect(record.details.visibilityChanges).toHaveLength(1);
    expect(record.reveals).toHaveLength(0);
    display.root.remove();
  });

  it('cleans up the same way when the trial fails', async () => {
    const display = new ClickMeDisplay(document.body);
    const done = trial(display, { trial: TRIAL, spec: SPEC, grey: grey(), width: W, height: W,
      query: () => Promise.reject(new Error('offline')),
      onRecorded: () => { throw new Error('storage full'); } }, environment());
    await advance(40);
    display.skip.click();
    await expect(done).rejects.toThrow('storage full');
    expect(vi.getTimerCount()).toBe(0);
    expect(display.next.hidden).toBe(true);
    display.root.remove();
  });
});
