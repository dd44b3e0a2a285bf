/**
 * Frame timing: refresh-rate measurement and a frame-accurate presentation scheduler.
 *
 * Durations in an experiment are written in ms and presented as whole frames of the measured
 * refresh rate (DESIGN.md, "masked"). Every display change happens inside a
 * requestAnimationFrame callback; how long a phase was actually on screen is judged from the
 * rAF timestamps (frame begin times) of its onset and of the next phase's onset, so a frame
 * the browser dropped shows up as an extra frame instead of passing silently.
 */

/** requestAnimationFrame / cancelAnimationFrame, injectable for tests. */
export interface FrameSource {
  request(callback: (timestamp: number) => void): number;
  cancel(handle: number): void;
}

/** The browser's rAF, looked up at call time. */
export const browserFrames: FrameSource = {
  request: (cb) => globalThis.requestAnimationFrame(cb),
  cancel: (h) => globalThis.cancelAnimationFrame(h),
};

/** Same rule as the server's planning: at least one frame, rounded to the nearest frame. */
export function msToFrames(ms: number, refreshHz: number): number {
  return Math.max(1, Math.round((ms * refreshHz) / 1000));
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface RefreshMeasurement {
  /** 1000 / frameIntervalMs. */
  refreshHz: number;
  /**
   * Mean of the intervals within ±10 % of the median interval: the median rejects dropped and
   * doubled frames, the mean then undoes the browsers' coarsening of timestamps (Chrome rounds
   * rAF timestamps to 0.1 ms, so a plain median of a 60 Hz screen reads 16.7 ms = 59.88 Hz).
   */
  frameIntervalMs: number;
  medianIntervalMs: number;
  frameIntervalsMs: number[];
}

/** Median-filtered mean of frame intervals (see {@link RefreshMeasurement.frameIntervalMs}). */
export function typicalInterval(intervals: readonly number[]): number {
  const mid = median(intervals);
  const near = intervals.filter((x) => Math.abs(x - mid) <= 0.1 * mid);
  return near.reduce((a, b) => a + b, 0) / near.length;
}

export const MIN_REFRESH_FRAMES = 60;

/**
 * Frame interval from `frames` rAF intervals (at least 60), robust to the odd dropped or
 * doubled frame; the first few callbacks after a layout change are skipped.
 */
export function measureRefresh(
  frames = 120,
  source: FrameSource = browserFrames,
  warmupFrames = 5,
): Promise<RefreshMeasurement> {
  const wanted = Math.max(MIN_REFRESH_FRAMES, Math.floor(frames));
  return new Promise((resolve) => {
    const stamps: number[] = [];
    let warmup = warmupFrames;
    const tick = (t: number): void => {
      if (warmup > 0) {
        warmup -= 1;
      } else {
        stamps.push(t);
        if (stamps.length > wanted) {
          const intervals = stamps.slice(1).map((s, i) => s - stamps[i]!);
          const frameIntervalMs = typicalInterval(intervals);
          resolve({
            refreshHz: 1000 / frameIntervalMs, frameIntervalMs, medianIntervalMs: median(intervals), frameIntervalsMs: intervals,
          });
          return;
        }
      }
      source.request(tick);
    };
    source.request(tick);
  });
}

/** Resolves after `count` frames, e.g. to let layout and compositing settle before a trial. */
export function waitFrames(count: number, source: FrameSource = browserFrames): Promise<number> {
  return new Promise((resolve) => {
    let left = count;
    const tick = (t: number): void => {
      if (--left <= 0) resolve(t);
      else source.request(tick);
    };
    source.request(tick);
  });
}

/** One screen of a presentation sequence, e.g. fixation, stimulus, blank, mask. */
export interface Phase {
  name: string;
  /** Planned number of frames; phases with 0 frames are skipped. */
  frames: number;
  /** Draws the phase; called inside the rAF callback of its onset, with that callback's timestamp. */
  draw: (timestamp: number) => void;
}

export interface PhaseRecord {
  name: string;
  plannedFrames: number;
  /** rAF timestamp of the callback that drew the phase. */
  onset: number;
  /** rAF timestamp of the callback that replaced it. */
  offset: number;
  /** round((offset − onset) / frame interval): frames the phase was really on screen. */
  framesShown: number;
  /** rAF callbacks that ran while the phase was up (lower than framesShown if frames were dropped). */
  callbacks: number;
}

/**
 * A frame that changed the screen (a phase's onset, or the final screen): when its rAF callback
 * began, when its drawing work ended, and when the next rAF callback began. A change is only
 * on screen once its frame's work is done; work that ends late in the refresh, or a next frame
 * that comes more than one refresh later, means the change probably reached the screen a
 * refresh (or more) after its timestamp, so the phase before it stayed up longer than recorded.
 */
export interface FrameChange {
  /** The phase drawn ("stimulus", "mask", …), or "end" for the final screen. */
  screen: string;
  /** rAF timestamp of the callback that drew it. */
  rafTimestamp: number;
  /** performance.now() right after the drawing work of that callback. */
  workDoneAt: number;
  /** rAF timestamp of the next callback; null until it has run. */
  nextRafTimestamp: number | null;
}

export interface PresentationResult {
  phases: PhaseRecord[];
  /** rAF timestamp of the callback that drew the final screen (the end of the last phase). */
  endOnset: number;
  /**
   * Every frame that changed the screen, in order. The presentation asks for one more frame
   * after the final screen, so the last entry's nextRafTimestamp fills in one refresh after
   * {@link done} resolves (it stays null if the presentation is cancelled first).
   */
  changes: FrameChange[];
}

/**
 * A frame that changed the screen ran late when its work ended, or the next frame began, more
 * than this fraction of a refresh later than it should have (issue 11: under main-thread stalls
 * a mask frame finished 50 ms after its timestamp while the frame counts still matched the plan).
 * Half a refresh: work that runs past the middle of the refresh risks missing the compositor's
 * deadline for that vsync.
 */
export const LATE_FRAME_FRACTION = 0.5;

/**
 * How late a screen change ran, in ms: the larger of (work done − rAF timestamp) and
 * (next rAF timestamp − rAF timestamp − one refresh); ≤ 0 means on time.
 */
export function frameLateness(change: FrameChange, frameIntervalMs: number): number {
  const work = change.workDoneAt - change.rafTimestamp;
  const next = change.nextRafTimestamp === null ? -Infinity : change.nextRafTimestamp - change.rafTimestamp - frameIntervalMs;
  return Math.max(work, next);
}

/** True when the change ran late by more than {@link LATE_FRAME_FRACTION} of a refresh. */
export function ranLate(change: FrameChange, frameIntervalMs: number): boolean {
  return frameLateness(change, frameIntervalMs) > LATE_FRAME_FRACTION * frameIntervalMs;
}

export class PresentationCancelled extends Error {
  constructor() {
    super('presentation cancelled');
    this.name = 'PresentationCancelled';
  }
}

export interface Presentation {
  done: Promise<PresentationResult>;
  cancel(): void;
}

/**
 * Shows `phases` back to back, each for its planned number of frames, then calls `finish`
 * (also inside a rAF callback, e.g. to show the response screen). A phase is replaced in the
 * first callback at which at least its planned number of frame intervals has elapsed since its
 * onset, judged from the rAF timestamps against `frameIntervalMs`.
 */
export function presentPhases(
  phases: readonly Phase[],
  finish: (timestamp: number) => void,
  frameIntervalMs: number,
  source: FrameSource = browserFrames,
  now: () => number = () => performance.now(),
): Presentation {
  const shown = phases.filter((p) => p.frames > 0);
  const records: PhaseRecord[] = [];
  const changes: FrameChange[] = [];
  let handle: number | null = null;
  let cancelled = false;
  let rejectDone: (e: Error) => void = () => {};

  const done = new Promise<PresentationResult>((resolve, reject) => {
    rejectDone = reject;
    let current = -1;
    let onset = 0;
    let callbacks = 0;

    const startPhase = (i: number, t: number): void => {
      current = i;
      onset = t;
      callbacks = 0;
      if (i < shown.length) {
        shown[i]!.draw(t);
      } else {
        finish(t);
      }
      changes.push({ screen: i < shown.length ? shown[i]!.name : 'end', rafTimestamp: t, workDoneAt: now(), nextRafTimestamp: null });
    };

    const tick = (t: number): void => {
      handle = null;
      if (cancelled) return;
      const last = changes[changes.length - 1];
      if (last !== undefined && last.nextRafTimestamp === null && t > last.rafTimestamp) last.nextRafTimestamp = t;
      if (current >= shown.length) return; // the one frame after the final screen, for its audit
      if (current < 0) {
        startPhase(0, t);
      } else {
        callbacks += 1;
        const phase = shown[current]!;
        const elapsed = Math.round((t - onset) / frameIntervalMs);
        if (elapsed >= phase.frames) {
          records.push({
            name: phase.name, plannedFrames: phase.frames, onset, offset: t,
            framesShown: elapsed, callbacks,
          });
          startPhase(current + 1, t);
        }
      }
      if (current >= shown.length) resolve({ phases: records, endOnset: t, changes });
      handle = source.request(tick);
    };
    handle = source.request(tick);
  });
  done.catch(() => undefined); // a cancelled presentation nobody waits for is not an error

  return {
    done,
    cancel(): void {
      if (cancelled) return;
      cancelled = true;
      if (handle !== null) source.cancel(handle);
      handle = null;
      rejectDone(new PresentationCancelled());
    },
  };
}

/**
 * True when every phase was on screen for exactly its planned number of frames and, when
 * `changes` are given, none of those frames ran late ({@link ranLate}).
 */
export function timingOk(phases: readonly PhaseRecord[], changes: readonly FrameChange[] = [], frameIntervalMs = 0): boolean {
  return phases.every((p) => p.framesShown === p.plannedFrames) && !changes.some((c) => ranLate(c, frameIntervalMs));
}
