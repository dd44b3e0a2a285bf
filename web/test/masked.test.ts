import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Category, ResponseRecord, TimingSpec, Trial } from '../src/core/api';
import { responseTestId } from '../src/core/testid';
import { MaskedDisplay } from '../src/plugins/masked/display';
import { PLUGIN_VERSION, info, trial, type MaskedEnvironment, type MaskedTrialParams } from '../src/plugins/masked/index';
import { FakeFrames, FRAME_60HZ, settle } from './fakes';

const categories: Category[] = [
  { name: 'T-shirt/top', label: 'T-shirt/top', key: '0' },
  { name: 'Bag', label: 'Bag', key: '8' },
  { name: 'Ankle boot', label: 'Ankle boot', key: 'a' },
];

const timing: TimingSpec = {
  fixationMs: 500, blankMs: 0, maskMs: 67, interTrialMs: 0, responseDeadlineMs: 0, feedbackMs: 0,
};

const image = { width: 28, height: 28 } as ImageBitmap;

function mainTrial(over: Partial<Trial> = {}): Trial {
  return {
    index: 7, block: 1, practice: false, stimulusUrl: '/stimuli/s.png', maskUrl: '/stimuli/m.png',
    requestedMs: 33, plannedFrames: 2, fixationFrames: 3, blankFrames: 0, maskFrames: 4, ...over,
  };
}

function keyDown(key: string, timeStamp: number): KeyboardEvent {
  const e = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
  Object.defineProperty(e, 'timeStamp', { value: timeStamp });
  document.dispatchEvent(e);
  return e;
}

function withTimeStamp<E extends Event>(e: E, timeStamp: number): E {
  Object.defineProperty(e, 'timeStamp', { value: timeStamp });
  return e;
}

let frames: FakeFrames;
let display: MaskedDisplay;
let now: number;
let env: MaskedEnvironment;

function start(over: Partial<MaskedTrialParams> = {}): Promise<ResponseRecord> {
  return trial(display, {
    trial: mainTrial(), categories, timing, refreshHz: 60, frameIntervalMs: FRAME_60HZ,
    stimulus: image, mask: image, ...over,
  }, env);
}

beforeEach(() => {
  vi.useFakeTimers();
  document.body.replaceChildren();
  frames = new FakeFrames();
  display = new MaskedDisplay(document.body, categories, window);
  display.resize(92, 92);
  now = 0;
  env = {
    frames, document, now: () => now, newId: () => 'id-1', clock: () => new Date('2026-11-22T12:00:00.000Z'),
  };
});

afterEach(() => vi.useRealTimers());

describe('masked plugin', () => {
  it('documents its parameters and data and records its version', () => {
    expect(info.name).toBe('masked');
    expect(info.version).toBe(PLUGIN_VERSION);
    expect(Object.keys(info.data)).toEqual(
      ['responseId', 'trialIndex', 'response', 'source', 'key', 'rtMs', 'timing', 'clientTime']);
  });

  it('shows fixation, stimulus and mask for their planned frames and records each onset', async () => {
    const done = start();
    const t0 = 1000;
    frames.run(10, t0); // 3 fixation + 2 stimulus + 4 mask frames, then the response screen
    keyDown('8', t0 + 9 * FRAME_60HZ + 500);
    const r = await done;
    expect(r.timing).toMatchObject({
      requestedMs: 33, plannedFrames: 2, refreshHz: 60,
      fixationOnset: t0,
      stimulusOnset: t0 + 3 * FRAME_60HZ,
      maskOnset: t0 + 5 * FRAME_60HZ,
      maskOffset: t0 + 9 * FRAME_60HZ,
      responseScreenOnset: t0 + 9 * FRAME_60HZ,
      stimulusFramesShown: 2, maskFramesShown: 4, timingOk: true, pluginVersion: PLUGIN_VERSION,
    });
    expect(r).toMatchObject({ responseId: 'id-1', trialIndex: 7, response: 'Bag', source: 'key', key: '8' });
    expect(r.clientTime).toBe('2026-11-22T12:00:00.000Z');
  });

  it('flags the trial when a dropped frame kept the stimulus up one frame too long', async () => {
    const done = start({ trial: mainTrial({ plannedFrames: 1 }) });
    frames.run(12, 0, FRAME_60HZ, new Set([4])); // stimulus drawn at frame 3; frame 4 dropped
    keyDown('0', 1000);
    const r = await done;
    expect(r.timing.stimulusFramesShown).toBe(2);
    expect(r.timing.timingOk).toBe(false);
  });

  it('does not flag the trial for a frame dropped during the fixation', async () => {
    const done = start();
    frames.run(11, 0, FRAME_60HZ, new Set([1]));
    keyDown('0', 1000);
    const r = await done;
    expect(r.timing.stimulusOnset).toBe(3 * FRAME_60HZ);
    expect(r.timing.timingOk).toBe(true);
  });

  it('flags a trial whose mask frame finished its drawing late and keeps each change frame\'s lateness', async () => {
    const done = start();
    for (let i = 0; i < 11; i++) {
      const t = i * FRAME_60HZ;
      now = t + (i === 5 ? 12 : 1); // frame 5 draws the mask; its work ends 12 ms after its timestamp
      frames.frame(t);
    }
    keyDown('0', 1000);
    const r = await done;
    expect(r.timing.stimulusFramesShown).toBe(2);
    expect(r.timing.maskFramesShown).toBe(4); // the frame counts alone look right
    expect(r.timing.timingOk).toBe(false);
    expect(r.timing.lateFrames).toEqual(['mask']);
    expect(r.timing.lateFrameLimitMs).toBeCloseTo(FRAME_60HZ / 2, 3);
    expect(r.timing.frameChanges.map((c) => [c.screen, c.lateMs])).toEqual([['stimulus', 1], ['mask', 12], ['end', 1]]);
    expect(r.timing.frameChanges[2]).toMatchObject({ rafTimestamp: 9 * FRAME_60HZ, nextRafTimestamp: 10 * FRAME_60HZ });
  });

  it('keeps a trial whose change frames all finished within half a refresh', async () => {
    const done = start();
    for (let i = 0; i < 11; i++) {
      now = i * FRAME_60HZ + 3; // 3 ms of work: within 8.3 ms
      frames.frame(i * FRAME_60HZ);
    }
    keyDown('0', 1000);
    const r = await done;
    expect(r.timing.timingOk).toBe(true);
    expect(r.timing.lateFrames).toEqual([]);
  });

  it('times RT from the response screen frame timestamp, not from when its listener was attached', async () => {
    const done = start();
    frames.run(9, 0);
    now = 170; // the callback that draws the response screen runs late, at 170 ms
    frames.frame(150);
    keyDown('a', 750);
    const r = await done;
    expect(r.timing.responseScreenOnset).toBe(150);
    expect(r.rtMs).toBe(600);
    expect(r.response).toBe('Ankle boot');
  });

  it('ignores keys pressed before the response screen and keys of no category', async () => {
    const done = start();
    frames.run(5, 0);
    keyDown('8', 90);
    frames.run(5, 5 * FRAME_60HZ);
    keyDown('x', 400);
    keyDown('A', 500); // Caps Lock still answers "Ankle boot"
    const r = await done;
    expect(r).toMatchObject({ response: 'Ankle boot', key: 'A', rtMs: 500 - 9 * FRAME_60HZ });
  });

  it('takes a button press with data-testid response-<slug> and its event time', async () => {
    const done = start();
    frames.run(10, 0);
    const button = document.querySelector<HTMLButtonElement>(`[data-testid="${responseTestId('T-shirt/top')}"]`)!;
    expect(button.disabled).toBe(false);
    button.dispatchEvent(withTimeStamp(new MouseEvent('click', { bubbles: true }), 9 * FRAME_60HZ + 321));
    const r = await done;
    expect(r).toMatchObject({ response: 'T-shirt/top', source: 'button', key: null });
    expect(r.rtMs).toBeCloseTo(321, 6);
    expect(button.disabled).toBe(true);
  });

  it('records a timeout with no response when the deadline passes', async () => {
    const done = start({ timing: { ...timing, responseDeadlineMs: 2000 } });
    frames.run(10, 0);
    await vi.advanceTimersByTimeAsync(1999);
    let finished = false;
    void done.then(() => { finished = true; });
    await settle();
    expect(finished).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const r = await done;
    expect(r).toMatchObject({ response: null, source: 'timeout', key: null, rtMs: null });
  });

  it('shows feedback with the right answer on practice trials for feedbackMs', async () => {
    const recorded: ResponseRecord[] = [];
    const done = start({
      trial: mainTrial({ practice: true, correctCategory: 'Bag' }),
      timing: { ...timing, feedbackMs: 800, interTrialMs: 300 },
      onRecorded: (r) => recorded.push(r),
    });
    frames.run(10, 0);
    keyDown('0', 500);
    await settle();
    expect(recorded).toHaveLength(1); // stored before the feedback is shown
    frames.frame(200);
    await settle();
    const feedback = document.querySelector('.feedback')!;
    expect(feedback.textContent).toBe('Wrong. The answer was: Bag');
    await vi.advanceTimersByTimeAsync(800);
    frames.frame(1000);
    await settle();
    expect(feedback.textContent).toBe('');
    await vi.advanceTimersByTimeAsync(300);
    expect((await done).response).toBe('T-shirt/top');
  });

  it('shows the feedback in the texts it is given (the participant\'s language)', async () => {
    const done = start({
      trial: mainTrial({ practice: true, correctCategory: 'Bag' }),
      timing: { ...timing, feedbackMs: 800, interTrialMs: 300 },
      feedbackTexts: { correct: 'Richtig!', tooSlow: 'Zu langsam: {answer}', wrong: 'Falsch. Die Antwort war: {answer}' },
    });
    frames.run(10, 0);
    keyDown('0', 500);
    await settle();
    frames.frame(200);
    await settle();
    expect(document.querySelector('.feedback')!.textContent).toBe('Falsch. Die Antwort war: Bag');
    await vi.advanceTimersByTimeAsync(800);
    frames.frame(1000);
    await settle();
    await vi.advanceTimersByTimeAsync(300);
    await done;
  });

  it('records visibility and fullscreen changes during the trial', async () => {
    const done = start();
    frames.run(3, 0);
    document.dispatchEvent(withTimeStamp(new Event('visibilitychange'), 42));
    document.dispatchEvent(withTimeStamp(new Event('fullscreenchange'), 43));
    frames.run(7, 3 * FRAME_60HZ);
    keyDown('8', 1000);
    const r = await done;
    expect(r.timing.visibilityChanges).toEqual([{ t: 42, state: document.visibilityState }]);
    expect(r.timing.fullscreenChanges).toEqual([{ t: 43, fullscreen: false }]);
  });

  it('leaves no timer, frame callback or listener behind when it ends', async () => {
    const add = vi.spyOn(document, 'addEventListener');
    const remove = vi.spyOn(document, 'removeEventListener');
    const done = start({ timing: { ...timing, responseDeadlineMs: 5000 } });
    frames.run(10, 0);
    keyDown('8', 400);
    await done;
    expect(vi.getTimerCount()).toBe(0);
    expect(frames.waiting).toBe(0);
    expect(remove.mock.calls.map((c) => c[0]).sort()).toEqual(add.mock.calls.map((c) => c[0]).sort());
    keyDown('0', 900); // a late key press changes nothing and throws nothing
  });

  it('refuses to run a trial whose frames the server has not planned yet', async () => {
    await expect(start({ trial: mainTrial({ plannedFrames: null }) })).rejects.toThrow('no planned frames');
  });
});

describe('response button test ids', () => {
  it('lower-case the category name and write spaces and slashes as dashes', () => {
    expect(responseTestId('T-shirt/top')).toBe('response-t-shirt-top');
    expect(responseTestId('Ankle boot')).toBe('response-ankle-boot');
    expect(responseTestId('Bag')).toBe('response-bag');
  });

  it('are on the buttons the display builds', () => {
    const ids = [...document.querySelectorAll('.responses button')].map((b) => (b as HTMLElement).dataset.testid);
    expect(ids).toEqual(['response-t-shirt-top', 'response-bag', 'response-ankle-boot']);
  });
});
