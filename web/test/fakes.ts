/** Test doubles: a hand-driven requestAnimationFrame and an in-memory localStorage. */
import type { FrameSource } from '../src/core/timing';
import type { KeyValueStorage } from '../src/core/queue';

export const FRAME_60HZ = 1000 / 60;

/** rAF under the test's control: frame(t) runs every callback requested before it, with timestamp t. */
export class FakeFrames implements FrameSource {
  private nextHandle = 1;
  private readonly callbacks = new Map<number, (t: number) => void>();

  request(cb: (t: number) => void): number {
    const h = this.nextHandle++;
    this.callbacks.set(h, cb);
    return h;
  }

  cancel(h: number): void {
    this.callbacks.delete(h);
  }

  get waiting(): number {
    return this.callbacks.size;
  }

  frame(t: number): void {
    const due = [...this.callbacks.values()];
    this.callbacks.clear();
    for (const cb of due) cb(t);
  }

  /** Runs frames at t0, t0+interval, …, skipping the frame numbers in `dropped`; returns the next timestamp. */
  run(count: number, t0: number, interval = FRAME_60HZ, dropped: ReadonlySet<number> = new Set()): number {
    for (let i = 0; i < count; i++) {
      if (!dropped.has(i)) this.frame(t0 + i * interval);
    }
    return t0 + count * interval;
  }
}

export class MemoryStorage implements KeyValueStorage {
  readonly items = new Map<string, string>();

  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }

  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }

  removeItem(key: string): void {
    this.items.delete(key);
  }
}

/** Lets pending promise callbacks run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
