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
import { browserFrames } from '../../core/timing';
import { TrialLifetime } from '../../core/trial-lifetime';
import { uuidV4 } from '../../core/uuid';
import { checksum, Composition } from './composition';
import type { PluginInfo, TrialEnvironment } from '../registry';
import type { ClickMeDisplay } from './display';
import { Painter } from './painter';

export const PLUGIN_VERSION = 'clickme@1.0.0';

/** Parameters the plugin takes and data it records, in the manner of jsPsych's `info`. */
export const info = {
  name: 'clickme',
  version: PLUGIN_VERSION,
  parameters: {
    trial: { type: 'object', description: 'The server\'s trial: index and noiseSeed (uint32) of the noise over unrevealed pixels.' },
    spec: { type: 'object', description: 'The experiment\'s ClickMe parameters: revealSize, paintIntervalMs, revealsPerQuery, timeLimitMs, noiseSd, noiseMean, topK.' },
    grey: { type: 'array', description: 'The stimulus\'s pixels as decoded before the round: width × height grey values, or interleaved R, G, B for a colour stimulus.' },
    width: { type: 'number', description: 'Image width in pixels (the canvas is this wide).' },
    height: { type: 'number', description: 'Image height in pixels.' },
    query: { type: 'function', description: 'Sends a partner query; resolves to the partner\'s answer.' },
    onRecorded: { type: 'function', description: 'Optional; called with the round record as soon as the round ends, before the points screen.' },
    labels: { type: 'object', description: 'Optional; category labels by name, for showing the partner\'s guess.' },
    texts: { type: 'object', description: 'Optional; the round\'s texts in the participant\'s language (waiting, partnerRight, partnerGuess, timeUp, points, skip, next).' },
  },
  data: {
    responseId: { type: 'string', description: 'UUID v4 of this round result; the server stores idempotently on it.' },
    trialIndex: { type: 'int', description: 'The round\'s trial index in the session.' },
    outcome: { type: 'string', description: '"partner-correct", "timeout" or "skip".' },
    elapsedMs: { type: 'float', description: 'Time of the winning query\'s last reveal, the time limit, or the time of the skip.' },
    reveals: { type: 'array', description: 'Every reveal: square centre x, y and side size in image pixels, time t.' },
    details: { type: 'object', description: 'pluginVersion, points shown, every query (queryId, revealCount, topK, correct, roundTripMs), visibilityChanges.' },
    clientTime: { type: 'string', description: 'ISO time at which the round ended.' },
  },
} as const satisfies PluginInfo;

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
export type ClickMeEnvironment = TrialEnvironment;

export function browserEnvironment(): ClickMeEnvironment {
  return { frames: browserFrames, document, now: () => performance.now(), newId: uuidV4, clock: () => new Date() };
}

/** Plays one round; resolves with its record after the participant pressed Next. */
export function trial(
  display: ClickMeDisplay,
  p: ClickMeTrialParams,
  env: ClickMeEnvironment = browserEnvironment(),
): Promise<RoundRecord> {
  return new Round(display, p, env).run();
}

class Round {
  private readonly composition: Composition;
  private readonly painter: Painter;
  private readonly reveals: RevealRecord[] = [];
  private readonly queries: RoundRecord['details']['queries'] = [];
  private readonly visibility: VisibilityChange[] = [];
  /** Every listener, timer and frame callback; all cancelled at the latest in {@link end}. */
  private readonly life: TrialLifetime;
  private dirty: { x0: number; y0: number; x1: number; y1: number } | null = null;
  private t0 = 0;
  private ended = false;
  private resolve: (record: RoundRecord) => void = () => {};

  constructor(
    private readonly display: ClickMeDisplay,
    private readonly p: ClickMeTrialParams,
    private readonly env: ClickMeEnvironment,
  ) {
    this.composition = new Composition(p.grey, p.width, p.height, p.trial.noiseSeed ?? 0,
      { mean: p.spec.noiseMean, sd: p.spec.noiseSd });
    this.painter = new Painter(p.spec.revealSize, p.spec.paintIntervalMs, p.width, p.height);
    this.life = new TrialLifetime(env.frames);
  }

  async run(): Promise<RoundRecord> {
    try {
      const record = await new Promise<RoundRecord>((resolve) => {
        this.resolve = resolve;
        this.start();
      });
      this.p.onRecorded?.(record);
      await this.showPoints(record);
      return record;
    } finally {
      this.end();
    }
  }

  private start(): void {
    const d = this.display;
    d.resize(this.p.width, this.p.height);
    const t = this.p.texts ?? ENGLISH;
    d.guess.textContent = t.waiting;
    d.skip.textContent = t.skip;
    d.next.textContent = t.next;
    d.skip.hidden = false;
    d.skip.disabled = false;
    d.timeBar.style.width = '100%';
    this.life.requestFrame((t) => {
      d.draw(this.composition.pixels, this.p.width, { x0: 0, y0: 0, x1: this.p.width, y1: this.p.height });
      this.t0 = t;
      this.listen();
      this.frame();
    });
  }

  /** After the round: the points and a Next button, until Next is pressed. */
  private showPoints(record: RoundRecord): Promise<void> {
    const d = this.display;
    d.skip.hidden = true;
    d.points.hidden = false;
    d.points.textContent = (this.p.texts ?? ENGLISH).points.replace('{points}', String(Math.round(record.details.points)));
    d.points.dataset.points = String(record.details.points);
    d.next.hidden = false;
    return new Promise<void>((resolve) => this.life.listen('points', d.next, 'click', () => resolve()));
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
    this.on(this.display.skip, 'click', (e) => this.conclude('skip', at(e), 0));
    this.on(this.env.document, 'visibilitychange', () => this.visibility.push({
      t: this.env.now() - this.t0, state: this.env.document.visibilityState }));
    this.life.after(this.p.spec.timeLimitMs, () => this.conclude('timeout', this.p.spec.timeLimitMs, 0));
    this.life.every(this.p.spec.paintIntervalMs, () => {
      const t = this.env.now() - this.t0;
      this.add(this.painter.tick(t), t);
    });
  }

  private on(target: EventTarget, type: string, handler: (e: Event) => void): void {
    this.life.listen('round', target, type, handler);
  }

  /** Every display change happens in a rAF callback: the revealed squares and the time bar. */
  private frame(): void {
    if (this.ended) return;
    this.life.requestFrame((t) => {
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
      if (answer.correct) this.conclude('partner-correct', answer.elapsedMs, answer.points);
    }, () => {
      entry.roundTripMs = null;
    });
  }

  /**
   * The round is over (partner right, time limit or skip): no more reveals, queries answered
   * later are only noted; then the record is reported.
   */
  private conclude(outcome: RoundOutcome, elapsedMs: number, points: number): void {
    if (this.ended) return;
    this.ended = true;
    this.stop();
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

  /** Cancels every timer, frame callback and listener registered so far. */
  private stop(): void {
    this.painter.release();
    this.life.end();
  }

  /** The one end-of-trial path, however the trial ends (Next, or an error): nothing outlives it. */
  private end(): void {
    this.ended = true;
    this.stop();
    this.display.next.hidden = true;
    this.display.points.hidden = true;
  }
}
