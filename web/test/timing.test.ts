import { describe, expect, it } from 'vitest';
import {
  frameLateness, LATE_FRAME_FRACTION, measureRefresh, median, msToFrames, presentPhases, ranLate, timingOk, type Phase,
} from '../src/core/timing';
import { FakeFrames, FRAME_60HZ, settle } from './fakes';

describe('msToFrames', () => {
  it('converts the demo durations to 1, 2, 4, 8 and 16 frames at 60 Hz', () => {
    expect([17, 33, 67, 133, 267].map((ms) => msToFrames(ms, 60))).toEqual([1, 2, 4, 8, 16]);
  });

  it('gives one frame for 8.3 ms at 120 Hz', () => {
    expect(msToFrames(8.3, 120)).toBe(1);
  });

  it('never plans fewer than one frame', () => {
    expect(msToFrames(0, 60)).toBe(1);
    expect(msToFrames(3, 60)).toBe(1);
  });

  it('rounds to the nearest frame at a measured, non-integer rate', () => {
    expect(msToFrames(50, 59.94)).toBe(3);
    expect(msToFrames(100, 143.9)).toBe(14);
  });
});

describe('median', () => {
  it('takes the middle value of an odd count and the mean of the middle two of an even count', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('measureRefresh', () => {
  it('reports the median rAF interval, unmoved by dropped frames and jitter', async () => {
    const frames = new FakeFrames();
    const result = measureRefresh(60, frames, 0);
    let t = 1000;
    for (let i = 0; i < 61; i++) {
      frames.frame(t);
      t += i % 10 === 0 ? 2 * FRAME_60HZ : FRAME_60HZ + ((i % 3) - 1) * 0.2;
    }
    const m = await result;
    expect(m.frameIntervalsMs).toHaveLength(60);
    expect(m.refreshHz).toBeCloseTo(60, 0);
  });

  it('recovers 60 Hz from timestamps rounded to 0.1 ms, as Chrome reports them', async () => {
    const frames = new FakeFrames();
    const result = measureRefresh(120, frames, 0);
    for (let i = 0; i < 121; i++) frames.frame(Math.round((5000 + i * FRAME_60HZ) * 10) / 10);
    const m = await result;
    expect(m.medianIntervalMs).toBeCloseTo(16.7, 5);
    expect(m.refreshHz).toBeCloseTo(60, 1);
  });

  it('measures at least 60 frame intervals even when asked for fewer', async () => {
    const frames = new FakeFrames();
    let resolved = false;
    const result = measureRefresh(10, frames, 0).then((m) => {
      resolved = true;
      return m;
    });
    frames.run(30, 0);
    await settle();
    expect(resolved).toBe(false);
    frames.run(31, 30 * FRAME_60HZ);
    expect((await result).frameIntervalsMs).toHaveLength(60);
  });

  it('skips warm-up frames before it starts measuring', async () => {
    const frames = new FakeFrames();
    const result = measureRefresh(60, frames, 3);
    frames.frame(0);
    frames.frame(100); // a slow first frame after a layout change
    frames.frame(200);
    frames.run(61, 300, 1000 / 120);
    expect((await result).refreshHz).toBeCloseTo(120, 5);
  });
});

describe('presentPhases', () => {
  const phases = (log: string[], stimulusFrames: number): Phase[] => [
    { name: 'fixation', frames: 3, draw: () => log.push('fixation') },
    { name: 'stimulus', frames: stimulusFrames, draw: () => log.push('stimulus') },
    { name: 'blank', frames: 0, draw: () => log.push('blank') },
    { name: 'mask', frames: 4, draw: () => log.push('mask') },
  ];

  it('shows each phase for its planned frames, drawing only inside frame callbacks', async () => {
    const frames = new FakeFrames();
    const log: string[] = [];
    let end = -1;
    const p = presentPhases(phases(log, 2), (t) => { end = t; log.push('response'); }, FRAME_60HZ, frames);
    expect(log).toEqual([]);
    frames.run(10, 0);
    const r = await p.done;
    expect(log).toEqual(['fixation', 'stimulus', 'mask', 'response']);
    expect(r.phases.map((ph) => [ph.name, ph.onset, ph.framesShown])).toEqual([
      ['fixation', 0, 3],
      ['stimulus', 3 * FRAME_60HZ, 2],
      ['mask', 5 * FRAME_60HZ, 4],
    ]);
    expect(end).toBe(9 * FRAME_60HZ);
    expect(r.endOnset).toBe(end);
    expect(timingOk(r.phases)).toBe(true);
    expect(frames.waiting).toBe(1); // one more frame, for the timestamp after the final screen
    frames.frame(10 * FRAME_60HZ);
    expect(frames.waiting).toBe(0);
    expect(r.changes.map((c) => [c.screen, c.rafTimestamp, c.nextRafTimestamp])).toEqual([
      ['fixation', 0, FRAME_60HZ],
      ['stimulus', 3 * FRAME_60HZ, 4 * FRAME_60HZ],
      ['mask', 5 * FRAME_60HZ, 6 * FRAME_60HZ],
      ['end', 9 * FRAME_60HZ, 10 * FRAME_60HZ],
    ]);
  });

  it('records when each screen change finished its drawing work, from the clock it is given', async () => {
    const frames = new FakeFrames();
    let clock = 0;
    const draws: Phase[] = [
      { name: 'stimulus', frames: 2, draw: () => { clock += 1.5; } },
      { name: 'mask', frames: 2, draw: () => { clock += 2; } },
    ];
    const p = presentPhases(draws, () => { clock += 0.5; }, FRAME_60HZ, frames, () => clock);
    for (let i = 0; i < 6; i++) {
      clock = 100 + i * FRAME_60HZ + 0.25; // each callback starts a quarter of a ms after its frame began
      frames.frame(100 + i * FRAME_60HZ);
    }
    const r = await p.done;
    expect(r.changes.map((c) => [c.screen, +(c.workDoneAt - c.rafTimestamp).toFixed(3)])).toEqual([
      ['stimulus', 1.75], ['mask', 2.25], ['end', 0.75],
    ]);
    expect(r.changes.every((c) => !ranLate(c, FRAME_60HZ))).toBe(true);
    expect(timingOk(r.phases, r.changes, FRAME_60HZ)).toBe(true);
  });

  it('flags a mask frame that finished its work late although every frame count matches the plan', async () => {
    const frames = new FakeFrames();
    let clock = 0;
    const stall = (ms: number) => () => { clock += ms; };
    const draws: Phase[] = [
      { name: 'stimulus', frames: 2, draw: stall(1) },
      { name: 'mask', frames: 2, draw: stall(50) }, // a main-thread stall inside the mask's frame
    ];
    const p = presentPhases(draws, () => {}, FRAME_60HZ, frames, () => clock);
    for (let i = 0; i < 6; i++) {
      clock = i * FRAME_60HZ;
      frames.frame(i * FRAME_60HZ); // the fake screen keeps its pace: only the work ran late
    }
    const r = await p.done;
    expect(r.phases.map((ph) => ph.framesShown)).toEqual([2, 2]);
    expect(timingOk(r.phases)).toBe(true); // what the frame counts alone would say
    const mask = r.changes.find((c) => c.screen === 'mask')!;
    expect(frameLateness(mask, FRAME_60HZ)).toBeCloseTo(50, 9);
    expect(timingOk(r.phases, r.changes, FRAME_60HZ)).toBe(false);
  });

  it('flags a change whose next frame came more than half a refresh late', () => {
    const onTime = { screen: 'mask', rafTimestamp: 0, workDoneAt: 1, nextRafTimestamp: FRAME_60HZ };
    const justInside = { ...onTime, nextRafTimestamp: FRAME_60HZ * (1 + LATE_FRAME_FRACTION) - 0.01 };
    const stalled = { ...onTime, nextRafTimestamp: 2 * FRAME_60HZ }; // the frame after the change was skipped
    expect(ranLate(onTime, FRAME_60HZ)).toBe(false);
    expect(ranLate(justInside, FRAME_60HZ)).toBe(false);
    expect(ranLate(stalled, FRAME_60HZ)).toBe(true);
    expect(frameLateness(stalled, FRAME_60HZ)).toBeCloseTo(FRAME_60HZ, 9);
    expect(ranLate({ ...onTime, nextRafTimestamp: null }, FRAME_60HZ)).toBe(false);
  });

  it('counts a frame the browser dropped during the stimulus as a frame shown, and flags the trial', async () => {
    const frames = new FakeFrames();
    const p = presentPhases(phases([], 1), () => {}, FRAME_60HZ, frames);
    frames.run(12, 0, FRAME_60HZ, new Set([4])); // stimulus drawn at frame 3; callback 4 never ran
    const r = await p.done;
    const stimulus = r.phases.find((ph) => ph.name === 'stimulus')!;
    expect(stimulus.framesShown).toBe(2);
    expect(stimulus.callbacks).toBe(1);
    expect(timingOk(r.phases)).toBe(false);
  });

  it('stops requesting frames when cancelled', async () => {
    const frames = new FakeFrames();
    const p = presentPhases(phases([], 2), () => {}, FRAME_60HZ, frames);
    frames.run(2, 0);
    p.cancel();
    expect(frames.waiting).toBe(0);
    await expect(p.done).rejects.toThrow('cancelled');
  });
});
