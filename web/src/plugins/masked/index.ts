/**
 * masked — backward-masked n-way classification (DESIGN.md; Geirhos et al. 2018).
 *
 * fixation → stimulus N frames → blank B frames → mask M frames → response screen (buttons and
 * keys) → feedback (practice only) → inter-trial interval. Frame counts come from the server,
 * planned from the refresh rate measured at the screen check.
 *
 * Like a jsPsych plugin: a typed, documented {@link info}, one entry point {@link trial}, and
 * one end-of-trial path that cancels every timer and listener. Unlike jsPsych's keyboard
 * plugins, RT runs from the rAF timestamp of the frame that drew the response screen, not from
 * when a listener was attached.
 */
import type { Category, ResponseRecord, ResponseSource, TimingSpec, Trial } from '../../core/api';
import type { DecodedImage } from '../../core/images';
import {
  browserFrames, frameLateness, LATE_FRAME_FRACTION, presentPhases, ranLate, timingOk,
  type FrameChange, type Phase, type PhaseRecord,
} from '../../core/timing';
import { TrialLifetime } from '../../core/trial-lifetime';
import { uuidV4 } from '../../core/uuid';
import type { PluginInfo, TrialEnvironment } from '../registry';
import type { MaskedDisplay } from './display';

export const PLUGIN_VERSION = 'masked@1.1.0'; // 1.1: frameChanges, and late change frames fail timingOk (issue 11)

/** Parameters the plugin takes and data it records, in the manner of jsPsych's `info`. */
export const info = {
  name: 'masked',
  version: PLUGIN_VERSION,
  parameters: {
    trial: { type: 'object', description: 'The server\'s trial: index, requestedMs and the planned fixationFrames, plannedFrames (stimulus), blankFrames, maskFrames; correctCategory on practice trials.' },
    categories: { type: 'array', description: 'Response categories; one button each (data-testid response-<slug>) and an optional key.' },
    timing: { type: 'object', description: 'The experiment\'s timing: responseDeadlineMs (0/null: none), feedbackMs, interTrialMs.' },
    refreshHz: { type: 'number', description: 'Refresh rate measured on this page load; recorded with the trial.' },
    frameIntervalMs: { type: 'number', description: 'Measured median frame interval; used to count frames shown from rAF timestamps.' },
    stimulus: { type: 'image', description: 'The decoded stimulus, drawn at its native size.' },
    mask: { type: 'image', description: 'The decoded mask, or null for no mask.' },
    onRecorded: { type: 'function', description: 'Optional; called with the record as soon as the response is made, before feedback, so it can be stored at once.' },
  },
  data: {
    responseId: { type: 'string', description: 'UUID v4 made here; the server stores idempotently on it.' },
    trialIndex: { type: 'int', description: 'The trial\'s index in the session.' },
    response: { type: 'string', description: 'Chosen category name; null on timeout.' },
    source: { type: 'string', description: '"key", "button" or "timeout".' },
    key: { type: 'string', description: 'KeyboardEvent.key for key responses, else null.' },
    rtMs: { type: 'float', description: 'event.timeStamp − response-screen rAF timestamp; null on timeout.' },
    timing: { type: 'object', description: 'requestedMs, plannedFrames, refreshHz, rAF timestamps of fixationOnset, stimulusOnset, maskOnset, maskOffset, responseScreenOnset, stimulusFramesShown, maskFramesShown, frameChanges (each frame that changed the screen: screen, rafTimestamp, workDoneAt, nextRafTimestamp, lateMs), lateFrameLimitMs, lateFrames, timingOk (stimulus, blank and mask each shown for exactly the planned frames, and no onset or offset frame of them late by more than LATE_FRAME_FRACTION of a refresh), visibilityChanges, fullscreenChanges, pluginVersion.' },
    clientTime: { type: 'string', description: 'ISO time at which the response was made.' },
  },
} as const satisfies PluginInfo;

export interface MaskedTrialParams {
  trial: Trial;
  categories: readonly Category[];
  timing: TimingSpec;
  refreshHz: number;
  frameIntervalMs: number;
  stimulus: DecodedImage;
  mask: DecodedImage | null;
  onRecorded?: (record: ResponseRecord) => void;
  /** Practice feedback in the participant's language (issue 14); `{answer}` is the right category's label. */
  feedbackTexts?: FeedbackTexts;
}

export interface FeedbackTexts {
  correct: string;
  tooSlow: string;
  wrong: string;
}

const ENGLISH_FEEDBACK: FeedbackTexts = {
  correct: 'Correct!',
  tooSlow: 'Too slow. The answer was: {answer}',
  wrong: 'Wrong. The answer was: {answer}',
};

/** What the plugin needs from the browser; replaced in tests. */
export type MaskedEnvironment = TrialEnvironment;

export function browserEnvironment(): MaskedEnvironment {
  return {
    frames: browserFrames,
    document,
    now: () => performance.now(),
    newId: uuidV4,
    clock: () => new Date(),
  };
}

interface Answer {
  response: string | null;
  source: ResponseSource;
  key: string | null;
  /** event.timeStamp, or null on timeout. */
  at: number | null;
}

export function trial(
  display: MaskedDisplay,
  params: MaskedTrialParams,
  env: MaskedEnvironment = browserEnvironment(),
): Promise<ResponseRecord> {
  return new MaskedTrial(display, params, env).run();
}

class MaskedTrial {
  /** Page-state listeners live for the whole trial; response listeners (group 'response') until the answer. */
  private readonly life: TrialLifetime;
  private cancelPresentation: () => void = () => {};
  private responseScreenOnset: number | null = null;
  private answered = false;

  constructor(
    private readonly display: MaskedDisplay,
    private readonly p: MaskedTrialParams,
    private readonly env: MaskedEnvironment,
  ) {
    this.life = new TrialLifetime(env.frames);
  }

  async run(): Promise<ResponseRecord> {
    try {
      this.life.watchPageState(this.env.document);
      this.display.showResponses(false);
      this.display.showFeedback(null);
      let answerWith: (a: Answer) => void = () => {};
      const answer = new Promise<Answer>((resolve) => (answerWith = resolve));
      const presentation = presentPhases(
        this.phases(), (t) => this.showResponseScreen(t, answerWith), this.p.frameIntervalMs, this.env.frames, this.env.now);
      this.cancelPresentation = presentation.cancel;
      const [shown, given] = await Promise.all([presentation.done, answer]);
      const record = this.record(shown.phases, shown.endOnset, shown.changes, given);
      this.p.onRecorded?.(record);
      await this.showFeedback(given.response);
      await this.interTrialInterval();
      return record;
    } finally {
      this.end();
    }
  }

  private phases(): Phase[] {
    const t = this.p.trial;
    const d = this.display;
    const mask = this.p.mask;
    return [
      { name: 'fixation', frames: t.fixationFrames ?? 0, draw: () => d.drawFixation() },
      { name: 'stimulus', frames: requireFrames(t), draw: () => d.drawImage(this.p.stimulus) },
      { name: 'blank', frames: t.blankFrames ?? 0, draw: () => d.clear() },
      { name: 'mask', frames: mask ? t.maskFrames ?? 0 : 0, draw: () => mask && d.drawImage(mask) },
    ];
  }

  /** Runs inside the rAF callback at timestamp t: the response screen is drawn in this frame. */
  private showResponseScreen(t: number, resolve: (a: Answer) => void): void {
    this.responseScreenOnset = t;
    this.display.clear();
    this.display.showResponses(true);
    const give = (a: Answer): void => {
      if (this.answered) return;
      this.answered = true;
      this.stopListening();
      this.display.showResponses(false);
      resolve(a);
    };
    const byKey = (e: KeyboardEvent): void => {
      if (e.repeat || e.ctrlKey || e.metaKey || e.altKey) return;
      const c = this.p.categories.find((cat) => cat.key !== null && cat.key !== '' && sameKey(cat.key, e.key));
      if (!c) return;
      e.preventDefault();
      give({ response: c.name, source: 'key', key: e.key, at: e.timeStamp });
    };
    this.life.listen('response', this.env.document, 'keydown', byKey as EventListener);
    for (const [name, button] of this.display.buttons) {
      // pointerdown is the moment of the choice; click covers keyboard activation of a button.
      const byButton = (e: Event): void => {
        if (e.type === 'pointerdown' && (e as MouseEvent).button !== 0) return;
        give({ response: name, source: 'button', key: null, at: e.timeStamp });
      };
      this.life.listen('response', button, 'pointerdown', byButton);
      this.life.listen('response', button, 'click', byButton);
    }
    const deadline = this.p.timing.responseDeadlineMs;
    if (deadline !== null && deadline > 0) {
      // The deadline counts from the frame's timestamp, not from when this callback ran.
      const remaining = deadline - Math.min(deadline, Math.max(0, this.env.now() - t));
      this.life.after(remaining, () => give({ response: null, source: 'timeout', key: null, at: null }));
    }
  }

  private record(phases: PhaseRecord[], endOnset: number, allChanges: FrameChange[], a: Answer): ResponseRecord {
    const t = this.p.trial;
    const phase = (name: string): PhaseRecord | undefined => phases.find((ph) => ph.name === name);
    const fixation = phase('fixation');
    const stimulus = phase('stimulus');
    const mask = phase('mask');
    const onset = this.responseScreenOnset ?? endOnset;
    const interval = this.p.frameIntervalMs;
    // The fixation's onset does not matter to the experiment; every later change is an onset or
    // offset of the stimulus, blank or mask.
    const changes = allChanges.filter((c) => c.screen !== 'fixation');
    return {
      responseId: this.env.newId(),
      trialIndex: t.index,
      response: a.response,
      source: a.source,
      key: a.key,
      rtMs: a.at === null ? null : roundMs(a.at - onset),
      timing: {
        requestedMs: t.requestedMs ?? 0,
        plannedFrames: requireFrames(t),
        refreshHz: this.p.refreshHz,
        fixationOnset: fixation?.onset ?? null,
        stimulusOnset: stimulus?.onset ?? null,
        maskOnset: mask?.onset ?? null,
        maskOffset: mask?.offset ?? null,
        responseScreenOnset: onset,
        stimulusFramesShown: stimulus?.framesShown ?? 0,
        maskFramesShown: mask?.framesShown ?? 0,
        frameChanges: changes.map((c) => ({ ...c, lateMs: roundMs(frameLateness(c, interval)) })),
        lateFrameLimitMs: roundMs(LATE_FRAME_FRACTION * interval),
        lateFrames: changes.filter((c) => ranLate(c, interval)).map((c) => c.screen),
        // The fixation's length does not matter to the experiment; stimulus, blank (the SOA) and mask do.
        timingOk: timingOk(phases.filter((ph) => ph.name !== 'fixation'), changes, interval),
        visibilityChanges: this.life.visibilityChanges,
        fullscreenChanges: this.life.fullscreenChanges,
        pluginVersion: PLUGIN_VERSION,
      },
      clientTime: this.env.clock().toISOString(),
    };
  }

  private async showFeedback(response: string | null): Promise<void> {
    const correct = this.p.trial.correctCategory;
    const ms = this.p.timing.feedbackMs;
    if (!this.p.trial.practice || !correct || !(ms > 0)) return;
    const label = this.p.categories.find((c) => c.name === correct)?.label ?? correct;
    const t = this.p.feedbackTexts ?? ENGLISH_FEEDBACK;
    const text = (response === correct ? t.correct : response === null ? t.tooSlow : t.wrong).replace('{answer}', label);
    await this.life.nextFrame(() => this.display.showFeedback(text, response === correct));
    await this.life.wait(ms);
    await this.life.nextFrame(() => this.display.showFeedback(null));
  }

  private async interTrialInterval(): Promise<void> {
    const ms = this.p.timing.interTrialMs;
    if (ms > 0) await this.life.wait(ms);
  }

  /** After the answer: no more responses and no deadline; page-state listeners stay until end(). */
  private stopListening(): void {
    this.life.clearTimers();
    this.life.removeGroup('response');
  }

  /** The one end-of-trial path: every timer, frame callback and listener is cancelled here. */
  private end(): void {
    this.cancelPresentation();
    this.life.end();
    this.display.showResponses(false);
  }
}

function requireFrames(t: Trial): number {
  if (t.plannedFrames === null || t.plannedFrames < 1) {
    throw new Error(`trial ${t.index} has no planned frames (screen check missing?)`);
  }
  return t.plannedFrames;
}

/** Keys match exactly, or case-insensitively for letters (Caps Lock must not lose answers). */
function sameKey(expected: string, actual: string): boolean {
  return expected === actual || expected.toLowerCase() === actual.toLowerCase();
}

function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
