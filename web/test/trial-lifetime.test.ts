import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TrialLifetime } from '../src/core/trial-lifetime';
import { FakeFrames, settle } from './fakes';

function at<E extends Event>(e: E, timeStamp: number): E {
  Object.defineProperty(e, 'timeStamp', { value: timeStamp });
  return e;
}

describe('TrialLifetime', () => {
  let frames: FakeFrames;
  let life: TrialLifetime;

  beforeEach(() => {
    vi.useFakeTimers();
    frames = new FakeFrames();
    life = new TrialLifetime(frames);
  });

  afterEach(() => {
    life.end();
    vi.useRealTimers();
  });

  it('end() cancels every timer, interval, frame callback and listener registered so far', async () => {
    const ran: string[] = [];
    const target = new EventTarget();
    life.listen('response', target, 'click', () => ran.push('click'));
    life.listen('other', target, 'keydown', () => ran.push('key'));
    life.watchPageState(document);
    life.after(100, () => ran.push('after'));
    life.every(10, () => ran.push('every'));
    let waited = false;
    void life.wait(50).then(() => (waited = true));
    let drawn = false;
    let frameDone = false;
    void life.nextFrame(() => (drawn = true)).then(() => (frameDone = true));
    life.requestFrame(() => ran.push('frame'));
    expect(vi.getTimerCount()).toBe(3);
    expect(frames.waiting).toBe(2);

    life.end();

    expect(vi.getTimerCount()).toBe(0);
    expect(frames.waiting).toBe(0);
    await vi.advanceTimersByTimeAsync(1000);
    frames.frame(16);
    target.dispatchEvent(new Event('click'));
    target.dispatchEvent(new Event('keydown'));
    document.dispatchEvent(new Event('visibilitychange'));
    document.dispatchEvent(new Event('fullscreenchange'));
    await settle();
    expect(ran).toEqual([]);
    expect([waited, drawn, frameDone]).toEqual([false, false, false]);
    expect(life.visibilityChanges).toEqual([]);
    expect(life.fullscreenChanges).toEqual([]);
    life.end(); // a second end() does nothing and throws nothing
  });

  it('removes one group alone: the other groups and the page-state watch stay until end()', () => {
    const clicks: string[] = [];
    const button = new EventTarget();
    life.watchPageState(document);
    life.listen('response', button, 'click', () => clicks.push('response'));
    life.listen('response', document, 'keydown', () => clicks.push('response-key'));
    life.listen('other', button, 'click', () => clicks.push('other'));

    life.removeGroup('response');
    life.removeGroup('response'); // again: nothing left to remove
    life.removeGroup('never-used');
    button.dispatchEvent(new Event('click'));
    document.dispatchEvent(new Event('keydown'));
    document.dispatchEvent(at(new Event('visibilitychange'), 42));
    document.dispatchEvent(at(new Event('fullscreenchange'), 43));

    expect(clicks).toEqual(['other']);
    expect(life.visibilityChanges).toEqual([{ t: 42, state: document.visibilityState }]);
    expect(life.fullscreenChanges).toEqual([{ t: 43, fullscreen: false }]);
    life.end();
    button.dispatchEvent(new Event('click'));
    document.dispatchEvent(new Event('visibilitychange'));
    expect(clicks).toEqual(['other']);
    expect(life.visibilityChanges).toHaveLength(1);
  });

  it('returns copies of the page-state changes, not the lists it keeps recording into', () => {
    life.watchPageState(document);
    const before = life.visibilityChanges;
    document.dispatchEvent(at(new Event('visibilitychange'), 7));
    expect(before).toEqual([]);
    expect(life.visibilityChanges).toHaveLength(1);
  });

  it('runs after(), every() and wait() at their times, and clearTimers() stops only the timers', async () => {
    const ran: string[] = [];
    const target = new EventTarget();
    life.listen('response', target, 'click', () => ran.push('click'));
    life.after(30, () => ran.push('after'));
    life.every(20, () => ran.push('every'));
    let waited = false;
    void life.wait(50).then(() => (waited = true));
    await vi.advanceTimersByTimeAsync(49);
    expect(ran).toEqual(['every', 'after', 'every']);
    expect(waited).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(waited).toBe(true);
    expect(vi.getTimerCount()).toBe(1); // the interval; the one-shot timers removed themselves
    life.clearTimers();
    expect(vi.getTimerCount()).toBe(0);
    target.dispatchEvent(new Event('click'));
    expect(ran).toEqual(['every', 'after', 'every', 'click']);
  });

  it('draws in the next frame callback with its timestamp, resolves after the draw, and forgets the handle', async () => {
    const order: string[] = [];
    let stamp = -1;
    life.requestFrame((t) => (stamp = t));
    const done = life.nextFrame(() => order.push('draw')).then(() => order.push('resolved'));
    expect(order).toEqual([]);
    frames.frame(16.7);
    expect(stamp).toBe(16.7);
    expect(order).toEqual(['draw']); // drawn inside the frame callback itself
    await done;
    expect(order).toEqual(['draw', 'resolved']);
    expect(frames.waiting).toBe(0);
    const cancel = vi.spyOn(frames, 'cancel');
    life.end();
    expect(cancel).not.toHaveBeenCalled(); // frames already run are not cancelled again
  });

  it('keeps working after end(): what is registered later runs until the next end()', () => {
    const clicks: number[] = [];
    const target = new EventTarget();
    life.end();
    life.listen('points', target, 'click', () => clicks.push(1));
    target.dispatchEvent(new Event('click'));
    life.end();
    target.dispatchEvent(new Event('click'));
    expect(clicks).toEqual([1]);
  });
});
