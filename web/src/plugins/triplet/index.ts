/**
 * triplet — odd-one-out (issue 13; Hebart et al. 2020, the THINGS odd-one-out task).
 *
 * fixation → the three images, drawn together in one rAF callback (their onset) → in "frames"
 * presentation: the images for the planned frames, then the mask at all three positions for
 * its frames, then blank canvases; in "untilResponse": the images until the choice. The choice
 * is open from the onset on, by a click or tap on an image, or (response "keys") by the keys
 * 1, 2, 3 for left, middle, right; clicks count in that mode too. There is no time limit (THINGS
 * has none). The presentation runs its planned frames whatever the choice's time, so the
 * trial ends once both the choice is made and the presentation has reached its last screen.
 *
 * Like the masked plugin: a typed, documented {@link info}, one entry point {@link trial}, one
 * end-of-trial path that cancels every timer, frame callback and listener, and RT from the rAF
 * timestamp of the frame that drew the images, not from when a listener was attached.
 */
import type { Trial, TripletRecord, TripletSource, TripletSpec } from '../../core/api';
import type { DecodedImage } from '../../core/images';
import {
  browserFrames, frameLateness, LATE_FRAME_FRACTION, presentPhases, ranLate, timingOk,
  type FrameChange, type Phase, type PhaseRecord,
} from '../../core/timing';
import { TrialLifetime } from '../../core/trial-lifetime';
import { uuidV4 } from '../../core/uuid';
import type { PluginInfo, TrialEnvironment } from '../registry';
import { POSITIONS, type Position, type TripletDisplay } from './display';

export const PLUGIN_VERSION = 'triplet@1.0.0';

/** Parameters the plugin takes and data it records, in the manner of jsPsych's `info`. */
export const info = {
  name: 'triplet',
  version: PLUGIN_VERSION,
  parameters: {
    trial: { type: 'object', description: 'The server\'s trial: index, the planned fixationFrames, plannedFrames (images, frames presentation) and maskFrames.' },
    images: { type: 'array', description: 'The three decoded stimuli by position, left to right; drawn in one frame, enlarged nearest-neighbour to the display size.' },
    mask: { type: 'image', description: 'The decoded mask shown at all three positions after the images (frames presentation), or null for none.' },
    presentation: { type: 'string', description: '"untilResponse" (images until the choice) or "frames" (plannedFrames frames, then the mask, then blank).' },
    response: { type: 'string', description: '"click" (a click or tap on an image) or "keys" (keys 1, 2, 3 for left, middle, right; clicks count too).' },
    refreshHz: { type: 'number', description: 'Refresh rate measured on this page load; recorded with the trial.' },
    frameIntervalMs: { type: 'number', description: 'Measured median frame interval; used to count frames shown from rAF timestamps.' },
    interTrialMs: { type: 'number', description: 'Optional; blank time after the choice before the trial resolves.' },
    onRecorded: { type: 'function', description: 'Optional; called with the record as soon as it exists, before the inter-trial interval.' },
  },
  data: {
    responseId: { type: 'string', description: 'UUID v4 made here; sent as judgementId, on which the server stores idempotently.' },
    trialIndex: { type: 'int', description: 'The trial\'s index in the session.' },
    chosenPosition: { type: 'int', description: 'The odd one chosen: 0, 1 or 2 (left, middle, right).' },
    source: { type: 'string', description: '"click" (pointer or a button\'s activation) or "key".' },
    key: { type: 'string', description: 'KeyboardEvent.key for key choices, else null.' },
    rtMs: { type: 'float', description: 'event.timeStamp − rAF timestamp of the frame that drew the three images.' },
    timing: { type: 'object', description: 'presentation, plannedFrames, plannedMaskFrames, refreshHz, rAF timestamps fixationOnset, onsetTs (the images), imagesOffset, maskOnset, maskOffset, framesShown and maskFramesShown (frames presentation, else null), frameChanges (each frame that changed the screen from the onset on: screen images, mask or blank, rafTimestamp, workDoneAt, nextRafTimestamp, lateMs), lateFrameLimitMs, lateFrames, timingOk (images and mask each shown for exactly the planned frames, and no change frame late by more than LATE_FRAME_FRACTION of a refresh), visibilityChanges, fullscreenChanges, pluginVersion.' },
    clientTime: { type: 'string', description: 'ISO time at which the choice was made.' },
  },
} as const satisfies PluginInfo;

export type TripletImages = readonly [DecodedImage, DecodedImage, DecodedImage];

export interface TripletTrialParams {
  trial: Trial;
  images: TripletImages;
  mask: DecodedImage | null;
  presentation: TripletSpec['presentation'];
  response: TripletSpec['response'];
  refreshHz: number;
  frameIntervalMs: number;
  interTrialMs?: number;
  onRecorded?: (record: TripletRecord) => void;
}

/** What the plugin needs from the browser; replaced in tests. */
export type TripletEnvironment = TrialEnvironment;

export function browserEnvironment(): TripletEnvironment {
  return { frames: browserFrames, document, now: () => performance.now(), newId: uuidV4, clock: () => new Date() };
}

/** Keys 1, 2, 3 choose left, middle, right (the digit row and the numeric keypad give the same key). */
const KEY_POSITIONS: Readonly<Record<string, Position>> = { 1: 0, 2: 1, 3: 2 };

interface Choice {
  position: Position;
  source: TripletSource;
  key: string | null;
  /** event.timeStamp. */
  at: number;
  clientTime: string;
}

/** Runs one trial; resolves with its record after the choice and the presentation's last screen. */
export function trial(
  display: TripletDisplay,
  params: TripletTrialParams,
  env: TripletEnvironment = browserEnvironment(),
): Promise<TripletRecord> {
  return new TripletTrial(display, params, env).run();
}

class TripletTrial {
  /** Page-state listeners live for the whole trial; choice listeners (group 'choice') until the choice. */
  private readonly life: TrialLifetime;
  private cancelPresentation: () => void = () => {};
  private onset: number | null = null;
  private chosen = false;

  constructor(
    private readonly display: TripletDisplay,
    private readonly p: TripletTrialParams,
    private readonly env: TripletEnvironment,
  ) {
    this.life = new TrialLifetime(env.frames);
  }

  async run(): Promise<TripletRecord> {
    try {
      const frames = this.p.presentation === 'frames';
      if (frames) requireFrames(this.p.trial);
      this.life.watchPageState(this.env.document);
      this.display.enableChoice(false);
      this.display.showKeys(this.p.response === 'keys');
      let choose: (c: Choice) => void = () => {};
      const choice = new Promise<Choice>((resolve) => (choose = resolve));
      const presentation = presentPhases(this.phases(choose), (t) => {
        if (frames) this.display.clear();
        else this.showImages(t, choose);
      }, this.p.frameIntervalMs, this.env.frames, this.env.now);
      this.cancelPresentation = presentation.cancel;
      const [shown, given] = await Promise.all([presentation.done, choice]);
      const record = this.record(shown.phases, shown.changes, given);
      this.p.onRecorded?.(record);
      if (!frames) await this.life.nextFrame(() => this.display.clear());
      const pause = this.p.interTrialMs ?? 0;
      if (pause > 0) await this.life.wait(pause);
      return record;
    } finally {
      this.end();
    }
  }

  private phases(choose: (c: Choice) => void): Phase[] {
    const t = this.p.trial;
    const d = this.display;
    const fixation: Phase = { name: 'fixation', frames: t.fixationFrames ?? 0, draw: () => d.drawFixation() };
    if (this.p.presentation !== 'frames') return [fixation]; // the images are the final screen
    const mask = this.p.mask;
    return [
      fixation,
      { name: 'images', frames: requireFrames(t), draw: (ts) => this.showImages(ts, choose) },
      { name: 'mask', frames: mask ? t.maskFrames ?? 0 : 0, draw: () => mask && d.drawEverywhere(mask) },
    ];
  }

  /** Runs inside the rAF callback at timestamp t: the three images are drawn in this frame. */
  private showImages(t: number, choose: (c: Choice) => void): void {
    this.onset = t;
    this.display.drawImages(this.p.images);
    this.display.enableChoice(true);
    const give = (c: Omit<Choice, 'clientTime'>): void => {
      if (this.chosen) return;
      this.chosen = true;
      this.stopListening();
      choose({ ...c, clientTime: this.env.clock().toISOString() });
    };
    if (this.p.response === 'keys') {
      const byKey = (e: KeyboardEvent): void => {
        if (e.repeat || e.ctrlKey || e.metaKey || e.altKey) return;
        const position = KEY_POSITIONS[e.key];
        if (position === undefined) return;
        e.preventDefault();
        give({ position, source: 'key', key: e.key, at: e.timeStamp });
      };
      this.life.listen('choice', this.env.document, 'keydown', byKey as EventListener);
    }
    for (const position of POSITIONS) {
      const button = this.display.options[position];
      // pointerdown is the moment of the choice; click covers keyboard activation of a button.
      const byClick = (e: Event): void => {
        if (e.type === 'pointerdown' && (e as MouseEvent).button !== 0) return;
        give({ position, source: 'click', key: null, at: e.timeStamp });
      };
      this.life.listen('choice', button, 'pointerdown', byClick);
      this.life.listen('choice', button, 'click', byClick);
    }
  }

  private record(phases: PhaseRecord[], allChanges: FrameChange[], c: Choice): TripletRecord {
    const t = this.p.trial;
    const frames = this.p.presentation === 'frames';
    const phase = (name: string): PhaseRecord | undefined => phases.find((ph) => ph.name === name);
    const images = phase('images');
    const mask = phase('mask');
    const onset = this.onset!;
    const interval = this.p.frameIntervalMs;
    // The fixation's onset does not matter to the experiment; every later change is the images'
    // onset or offset, or the mask's. The final screen is named for what it shows.
    const changes = allChanges.filter((ch) => ch.screen !== 'fixation')
      .map((ch) => (ch.screen === 'end' ? { ...ch, screen: frames ? 'blank' : 'images' } : ch));
    const timed = phases.filter((ph) => ph.name !== 'fixation');
    const plannedMask = frames && this.p.mask ? t.maskFrames ?? 0 : 0;
    return {
      responseId: this.env.newId(),
      trialIndex: t.index,
      chosenPosition: c.position,
      source: c.source,
      key: c.key,
      rtMs: roundMs(c.at - onset),
      timing: {
        presentation: this.p.presentation,
        plannedFrames: frames ? requireFrames(t) : null,
        plannedMaskFrames: frames ? plannedMask : null,
        refreshHz: this.p.refreshHz,
        fixationOnset: phase('fixation')?.onset ?? null,
        onsetTs: onset,
        imagesOffset: images?.offset ?? null,
        maskOnset: mask?.onset ?? null,
        maskOffset: mask?.offset ?? null,
        framesShown: images?.framesShown ?? null,
        maskFramesShown: frames ? mask?.framesShown ?? 0 : null,
        frameChanges: changes.map((ch) => ({ ...ch, lateMs: roundMs(frameLateness(ch, interval)) })),
        lateFrameLimitMs: roundMs(LATE_FRAME_FRACTION * interval),
        lateFrames: changes.filter((ch) => ranLate(ch, interval)).map((ch) => ch.screen),
        timingOk: timingOk(timed, changes, interval),
        visibilityChanges: this.life.visibilityChanges,
        fullscreenChanges: this.life.fullscreenChanges,
        pluginVersion: PLUGIN_VERSION,
      },
      clientTime: c.clientTime,
    };
  }

  /** After the choice: no second choice; page-state listeners stay until end(). */
  private stopListening(): void {
    this.display.enableChoice(false);
    this.life.removeGroup('choice');
  }

  /** The one end-of-trial path: every timer, frame callback and listener is cancelled here. */
  private end(): void {
    this.chosen = true;
    this.cancelPresentation();
    this.life.end();
    this.display.enableChoice(false);
  }
}

function requireFrames(t: Trial): number {
  if (t.plannedFrames === null || t.plannedFrames < 1) {
    throw new Error(`trial ${t.index} has no planned frames (screen check missing?)`);
  }
  return t.plannedFrames;
}

function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
