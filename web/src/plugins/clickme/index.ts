/**
 * clickme — reveal game with a DNN partner (issue 5; Linsley et al. 2019, "Learning what and
 * where to attend").
 *
 * The image starts hidden under noise. Clicking or painting reveals squares; every
 * `revealsPerQuery` reveals the plugin sends all reveals so far to the server, which composes
 * the image exactly as displayed here (composition.ts = RevealComposition.java) and asks the
 * partner model. The round ends when the partner's top-k holds the true category (points =
 * (1 − elapsed/limit) × 100, elapsed = time of the last reveal the winning query included),
 * at the time limit, or on skip (0 points). Then the points and a Next button are shown.
 *
 * Like the masked plugin: a documented {@link info}, one entry point {@link trial}, and one
 * end-of-round path that cancels every timer and listener. Times are ms since the rAF
 * timestamp of the round's first frame.
 */
import type { ClickMeSpec, PartnerAnswer, PartnerQueryBody, RevealRecord, RoundOutcome, RoundRecord, Trial, VisibilityChange } from '../../core/api';
import { browserFrames, type FrameSource } from '../../core/timing';
import { uuidV4 } from '../../core/uuid';
import { checksum, Composition } from './composition';
import type { ClickMeDisplay } from './display';
import { Painter } from './painter';

export const PLUGIN_VERSION = 'clickme@1.0.0';

/** Parameters the plugin takes and data it records, in the manner of jsPsych's `info`. */
export const info = {
  name: 'clickme',
  version: PLUGIN_VERSION,
  parameters: {
    trial: 'The server\'s trial: index and noiseSeed (uint32) of the noise over unrevealed pixels.',
    spec: 'The experiment\'s ClickMe parameters: revealSize, paintIntervalMs, revealsPerQuery, timeLimitMs, noiseSd, noiseMean, topK.',
    grey: 'The stimulus\'s pixels as decoded before the round: width × height grey values, or interleaved R, G, B for a colour stimulus.',
    query: 'Sends a partner query; resolves to the partner\'s answer.',
    onRecorded: 'Called with the round record as soon as the round ends, before the points screen.',
  },
  data: {
    responseId: 'UUID v4 of this round result; the server stores idempotently on it.',
    trialIndex: 'The round\'s trial index in the session.',
    outcome: '"partner-correct", "timeout" or "skip".',
    elapsedMs: 'Time of the winning query\'s last reveal, the time limit, or the time of the skip.',
    reveals: 'Every reveal: square centre x, y and side size in image pixels, time t.',
    details: 'pluginVersion, points shown, every query (queryId, revealCount, topK, correct, roundTripMs), visibilityChanges.',
    clientTime: 'ISO time at which the round ended.',
  },
} as const;

export interface ClickMeTrialParams {
  trial: Trial;
  spec: ClickMeSpec;
  grey: Uint8Array;
  width: number;
  height: number;
  query: (body: PartnerQueryBody) => Promise<PartnerAnswer>;
  onRecorded?: (record: RoundRecord) => void;
  /** Category labels by name, for showing the partner's guess. */
  labels?: ReadonlyMap<string, string>;
  /** The round's texts in the participant's language (issue 14); `{guess}` and `{points}` are filled in. */
  texts?: ClickMeTexts;
}

export interface ClickMeTexts {
  waiting: string;
  partnerRight: string;
  partnerGuess: string;
  timeUp: string;
  points: string;
  skip: string;
  next: string;
}

const ENGLISH: ClickMeTexts = {
  waiting: 'Partner: waiting for your reveals…',
  partnerRight: 'Partner: {guess}. Right!',
  partnerGuess: 'Partner: {guess}?',
  timeUp: 'Time is up.',
  points: '{points} points',
  skip: 'Skip',
  next: 'Next',
};

/** What the plugin needs from the browser; replaced in tests. */
export interface ClickMeEnvironment {
  frames: FrameSource;
  document: Document;
  now: () => number;
  newId: () => string;
  clock: () => Date;
}

export function browserEnvironment(): ClickMeEnvironment {
  return { frames: browserFrames, document, now: () => performance.now(), newId: uuidV4, clock: () => new Date() };
}

/** Plays one round; resolves with its record after the participant pressed Next. */
export async function trial(display: ClickMeDisplay, p: ClickMeTrialParams, env: ClickMeEnvironment): Promise<RoundRecord> {
  const record = await new Promise<RoundRecord>((resolve) => new Round(display, p, env, resolve).start());
  p.onRecorded?.(record);
  display.skip.hidden = true;
  display.points.hidden = false;
  display.points.textContent = (p.texts ?? ENGLISH).points.replace('{points}', String(Math.round(record.details.points)));
  display.points.dataset.points = String(record.details.points);
  display.next.hidden = false;
  await new Promise<void>((resolve) => display.next.addEventListener('click', () => resolve(), { once: true }));
  display.next.hidden = true;
  display.points.hidden = true;
  return record;
}

class Round {
  private readonly composition: Composition;
  private readonly painter: Painter;
  private readonly reveals: RevealRecord[] = [];
  private readonly queries: RoundRecord['details']['queries'] = [];
  private readonly visibility: VisibilityChange[] = [];
  private readonly cleanups: Array<() => void> = [];
  private dirty: { x0: number; y0: number; x1: number; y1: number } | null = null;
  private t0 = 0;
  private ended = false;

  constructor(
    private readonly display: ClickMeDisplay,
    private readonly p: ClickMeTrialParams,
    private readonly env: ClickMeEnvironment,
    private readonly resolve: (record: RoundRecord) => void,
  ) {
    this.composition = new Composition(p.grey, p.width, p.height, p.trial.noiseSeed ?? 0,
      { mean: p.spec.noiseMean, sd: p.spec.noiseSd });
    this.painter = new Painter(p.spec.revealSize, p.spec.paintIntervalMs, p.width, p.height);
  }

  start(): void {
    const d = this.display;
    d.resize(this.p.width, this.p.height);
    const t = this.p.texts ?? ENGLISH;
    d.guess.textContent = t.waiting;
    d.skip.textContent = t.skip;
    d.next.textContent = t.next;
    d.skip.hidden = false;
    d.skip.disabled = false;
    d.timeBar.style.width = '100%';
    this.env.frames.request((t) => {
      d.draw(this.composition.pixels, this.p.width, { x0: 0, y0: 0, x1: this.p.width, y1: this.p.height });
      this.t0 = t;
      this.listen();
      this.frame();
    });
  }

  private listen(): void {
    const c = this.display.canvas;
    const at = (e: Event): number => Math.max(0, (e.timeStamp || this.env.now()) - this.t0);
    this.on(c, 'pointerdown', (e) => {
      const pe = e as PointerEvent;
      pe.preventDefault();
      c.setPointerCapture?.(pe.pointerId);
      this.add(this.painter.press(this.display.pointOf(pe), at(e)), at(e));
    });
    this.on(c, 'pointermove', (e) => this.add(this.painter.move(this.display.pointOf(e as PointerEvent), at(e)), at(e)));
    const release = (): void => this.painter.release();
    this.on(c, 'pointerup', release);
    this.on(c, 'pointercancel', release);
    this.on(this.display.skip, 'click', (e) => this.end('skip', at(e), 0));
    this.on(this.env.document, 'visibilitychange', () => this.visibility.push({
      t: this.env.now() - this.t0, state: this.env.document.visibilityState }));
    const timer = setTimeout(() => this.end('timeout', this.p.spec.timeLimitMs, 0), this.p.spec.timeLimitMs);
    this.cleanups.push(() => clearTimeout(timer));
    const painting = setInterval(() => {
      const t = this.env.now() - this.t0;
      this.add(this.painter.tick(t), t);
    }, this.p.spec.paintIntervalMs);
    this.cleanups.push(() => clearInterval(painting));
  }

  private on(target: EventTarget, type: string, handler: (e: Event) => void): void {
    target.addEventListener(type, handler);
    this.cleanups.push(() => target.removeEventListener(type, handler));
  }

  /** Every display change happens in a rAF callback: the revealed squares and the time bar. */
  private frame(): void {
    if (this.ended) return;
    this.env.frames.request((t) => {
      if (this.ended) return;
      if (this.dirty) {
        this.display.draw(this.composition.pixels, this.p.width, this.dirty);
        this.dirty = null;
      }
      const left = Math.max(0, 1 - (t - this.t0) / this.p.spec.timeLimitMs);
      this.display.timeBar.style.width = `${(left * 100).toFixed(1)}%`;
      this.frame();
    });
  }

  private add(points: { x: number; y: number }[], t: number): void {
    if (this.ended) return;
    const k = this.p.spec.revealsPerQuery;
    // Event timestamps and timer times interleave; reveal times must never go back.
    const time = Math.max(Math.round(t * 10) / 10, this.reveals[this.reveals.length - 1]?.t ?? 0);
    for (const point of points) {
      const reveal = { x: point.x, y: point.y, size: this.p.spec.revealSize, t: time };
      this.reveals.push(reveal);
      const rect = this.composition.reveal(reveal);
      this.dirty = this.dirty === null ? rect : {
        x0: Math.min(this.dirty.x0, rect.x0), y0: Math.min(this.dirty.y0, rect.y0),
        x1: Math.max(this.dirty.x1, rect.x1), y1: Math.max(this.dirty.y1, rect.y1),
      };
      if (this.reveals.length % k === 0) this.ask();
    }
  }

  /** Sends the reveals so far; a failed query is only noted (the next one includes everything). */
  private ask(): void {
    const body: PartnerQueryBody = {
      queryId: this.env.newId(),
      trialIndex: this.p.trial.index,
      reveals: this.reveals.slice(),
      displayChecksum: checksum(this.composition.pixels),
    };
    const entry: RoundRecord['details']['queries'][number] = {
      queryId: body.queryId, revealCount: body.reveals.length, topK: null, correct: null, roundTripMs: null };
    this.queries.push(entry);
    const sent = this.env.now();
    this.p.query(body).then((answer) => {
      entry.topK = answer.topK;
      entry.correct = answer.correct;
      entry.roundTripMs = Math.round((this.env.now() - sent) * 10) / 10;
      if (this.ended) return;
      const guess = answer.topK.map((c) => this.p.labels?.get(c) ?? c).join(', ');
      const t = this.p.texts ?? ENGLISH;
      this.display.guess.textContent = (answer.correct ? t.partnerRight : t.partnerGuess).replace('{guess}', guess);
      if (answer.correct) this.end('partner-correct', answer.elapsedMs, answer.points);
    }, () => {
      entry.roundTripMs = null;
    });
  }

  /** The one end-of-round path: cancels every timer and listener, then reports the record. */
  private end(outcome: RoundOutcome, elapsedMs: number, points: number): void {
    if (this.ended) return;
    this.ended = true;
    this.painter.release();
    this.cleanups.forEach((c) => c());
    if (this.dirty) this.display.draw(this.composition.pixels, this.p.width, this.dirty);
    this.display.skip.disabled = true;
    if (outcome === 'timeout') this.display.guess.textContent = (this.p.texts ?? ENGLISH).timeUp;
    this.resolve({
      responseId: this.env.newId(),
      trialIndex: this.p.trial.index,
      outcome,
      elapsedMs: Math.round(Math.min(elapsedMs, this.p.spec.timeLimitMs) * 10) / 10,
      reveals: this.reveals,
      clientTime: this.env.clock().toISOString(),
      details: { pluginVersion: PLUGIN_VERSION, points, queries: this.queries, visibilityChanges: this.visibility },
    });
  }
}
