/**
 * What a trial leaves running in the browser — listeners, timers and frame callbacks —
 * registered in one place, so that the trial's one end-of-trial path ({@link TrialLifetime.end},
 * called from its `finally`) cancels all of them, however the trial ends.
 *
 * Listeners belong to named groups so that part of them can go earlier (the response
 * listeners once the answer is given) while the rest (page state) stay until the end.
 */
import type { FullscreenChange, VisibilityChange } from './api';
import type { FrameSource } from './timing';

/** The group {@link TrialLifetime.watchPageState} listens in. */
export const PAGE_GROUP = 'page';

export class TrialLifetime {
  private readonly groups = new Map<string, Array<() => void>>();
  private readonly timers = new Set<() => void>();
  private readonly frameHandles = new Set<number>();
  private readonly visibility: VisibilityChange[] = [];
  private readonly fullscreen: FullscreenChange[] = [];

  constructor(private readonly frames: FrameSource) {}

  /** Adds `fn` on `target` until {@link removeGroup}(group) or {@link end}. */
  listen(group: string, target: EventTarget, type: string, fn: EventListener): void {
    target.addEventListener(type, fn);
    let removes = this.groups.get(group);
    if (!removes) this.groups.set(group, (removes = []));
    removes.push(() => target.removeEventListener(type, fn));
  }

  /** Removes the group's listeners now; the other groups stay. */
  removeGroup(group: string): void {
    const removes = this.groups.get(group);
    if (!removes) return;
    this.groups.delete(group);
    for (const remove of removes) remove();
  }

  /**
   * Records the document's visibility and fullscreen changes (at the events' timestamps) until
   * {@link end}, in the group {@link PAGE_GROUP}.
   */
  watchPageState(doc: Document): void {
    this.listen(PAGE_GROUP, doc, 'visibilitychange', (e) => {
      this.visibility.push({ t: e.timeStamp, state: doc.visibilityState });
    });
    this.listen(PAGE_GROUP, doc, 'fullscreenchange', (e) => {
      this.fullscreen.push({ t: e.timeStamp, fullscreen: doc.fullscreenElement != null });
    });
  }

  /** The visibility changes seen so far, as a copy. */
  get visibilityChanges(): VisibilityChange[] {
    return [...this.visibility];
  }

  /** The fullscreen changes seen so far, as a copy. */
  get fullscreenChanges(): FullscreenChange[] {
    return [...this.fullscreen];
  }

  /** Runs `fn` once after `ms`, unless cancelled first. */
  after(ms: number, fn: () => void): void {
    const cancel = (): void => clearTimeout(id);
    const id = setTimeout(() => {
      this.timers.delete(cancel);
      fn();
    }, ms);
    this.timers.add(cancel);
  }

  /** Runs `fn` every `ms` until cancelled. */
  every(ms: number, fn: () => void): void {
    const id = setInterval(fn, ms);
    this.timers.add(() => clearInterval(id));
  }

  /** Resolves after `ms`; never, if cancelled first. */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => this.after(ms, resolve));
  }

  /** Cancels every timer of {@link after}, {@link every} and {@link wait} now. */
  clearTimers(): void {
    for (const cancel of this.timers) cancel();
    this.timers.clear();
  }

  /** Runs `cb` with the rAF timestamp of the next frame, unless cancelled first. */
  requestFrame(cb: (t: number) => void): void {
    const h = this.frames.request((t) => {
      this.frameHandles.delete(h);
      cb(t);
    });
    this.frameHandles.add(h);
  }

  /** Draws in the next frame's rAF callback; resolves after the draw (never, if cancelled first). */
  nextFrame(draw: () => void): Promise<void> {
    return new Promise((resolve) => this.requestFrame(() => {
      draw();
      resolve();
    }));
  }

  /** Cancels every frame callback requested so far. */
  cancelFrames(): void {
    for (const h of this.frameHandles) this.frames.cancel(h);
    this.frameHandles.clear();
  }

  /**
   * Cancels every timer, frame callback and listener registered so far. Idempotent; what is
   * registered afterwards runs until the next call.
   */
  end(): void {
    this.clearTimers();
    this.cancelFrames();
    for (const group of [...this.groups.keys()]) this.removeGroup(group);
  }
}
