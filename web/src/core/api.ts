/**
 * Typed client of Tandem's participant HTTP API (the contract in CONTEXT.md).
 * Every failure is an {@link ApiError}: status 0 means the request never got an answer
 * (offline, DNS, connection reset), so callers can tell "retry later" from "rejected".
 */

export interface Category {
  /** Stored as the response; also the source of the button's data-testid. */
  name: string;
  /** Button text shown to the participant. */
  label: string;
  /** KeyboardEvent.key that selects this category; may be absent. */
  key: string | null;
}

export interface TimingSpec {
  fixationMs: number;
  blankMs: number;
  maskMs: number;
  interTrialMs: number;
  /** Milliseconds from the response screen to a timeout; 0 or null: wait forever. */
  responseDeadlineMs: number | null;
  feedbackMs: number;
}

export interface Experiment {
  slug: string;
  version: number;
  title: string;
  /** 'clickme' sessions may still hold masked blocks; each trial and block names its type. */
  trialType: TrialType;
  /** HTML rendered from Markdown and sanitized by the server. */
  consentHtml: string;
  instructionsHtml: string;
  categories: Category[];
  timing: TimingSpec;
  minRefreshHz: number | null;
  requestFullscreen: boolean;
  /** The ClickMe game's parameters; null without ClickMe rounds. */
  clickme?: ClickMeSpec | null;
  /** The odd-one-out task's parameters; null for other kinds. */
  triplet?: TripletSpec | null;
  /** Side of the display box in CSS pixels; stimuli (at their render size) are enlarged to it. */
  displaySize?: number;
  /** HTML of the experimenter's break message (shown between blocks). */
  breakMessage?: string;
  /** Failed screen checks after which the screen-out ending is offered (issue 14). */
  screenCheckAttempts?: number;
  /** Language of the fixed texts ('en', 'de') and the experiment's overrides of single texts. */
  language?: string;
  texts?: Record<string, string>;
}

/** ClickMe parameters (issue 5); sizes in display pixels. */
export interface ClickMeSpec {
  revealSize: number;
  paintIntervalMs: number;
  revealsPerQuery: number;
  timeLimitMs: number;
  noiseSd: number;
  noiseMean: number;
  topK: number;
  partnerModel: string;
}

/** How a triplet trial is shown and answered (issue 13). */
export interface TripletSpec {
  /** 'click': a click or tap on an image; 'keys': keys 1, 2, 3 (left to right), clicks too. */
  response: 'click' | 'keys';
  /** 'untilResponse': the images stay until the choice; 'frames': `frames` frames, then the mask. */
  presentation: 'untilResponse' | 'frames';
  frames: number | null;
}

export type TrialType = 'masked' | 'clickme' | 'triplet';

export interface Trial {
  index: number;
  /** Absent in older servers' answers: masked. */
  type?: TrialType;
  /** ClickMe rounds: seed (uint32) of the noise over unrevealed pixels. */
  noiseSeed?: number | null;
  block: number;
  practice: boolean;
  /** The one stimulus of a masked trial or ClickMe round; null on triplet trials. */
  stimulusUrl: string | null;
  /** Triplet trials: the three stimuli by position, left to right; absent or null otherwise. */
  stimulusUrls?: string[] | null;
  maskUrl: string | null;
  requestedMs: number | null;
  /** Frame counts are planned by the server from the measured rate; null before the screen check. */
  plannedFrames: number | null;
  fixationFrames: number | null;
  blankFrames: number | null;
  maskFrames: number | null;
  /** Sent for practice trials only, for feedback. */
  correctCategory?: string | null;
}

/** The one stimulus of a masked trial or ClickMe round; throws for a trial without one. */
export function singleStimulusUrl(t: Trial): string {
  if (t.stimulusUrl === null) throw new Error(`trial ${t.index} has no stimulus`);
  return t.stimulusUrl;
}

export interface Block {
  index: number;
  type?: TrialType;
  practice: boolean;
  trialCount: number;
}

export interface Completion {
  /** null only for a screen-out ending without a configured code. */
  code: string | null;
  redirectUrl: string | null;
  /** The one-time withdrawal code; only in the answer that released the completion code. */
  withdrawCode?: string | null;
}

export type SessionStatus = 'started' | 'screen-checked' | 'screened-out' | 'completed' | 'withdrawn';

export interface SessionState {
  sessionId: string;
  status: SessionStatus;
  experiment: Experiment;
  screen: ({ refreshHz: number } & Record<string, unknown>) | null;
  trials: Trial[];
  blocks: Block[];
  answered: number[];
  completion: Completion | null;
  /** The screen-out ending of a screened-out session. */
  screenOut?: Completion | null;
}

export interface SessionCredentials {
  sessionId: string;
  token: string;
}

export interface ScreenCheck {
  refreshHz: number;
  frameIntervalsMs: number[];
  windowWidth: number;
  windowHeight: number;
  screenWidth: number;
  screenHeight: number;
  devicePixelRatio: number;
  fullscreen: boolean;
}

export interface VisibilityChange {
  t: number;
  state: DocumentVisibilityState;
}

export interface FullscreenChange {
  t: number;
  fullscreen: boolean;
}

/** Timing record of one masked trial; all onsets are rAF timestamps (performance.now() ms). */
export interface TrialTiming {
  requestedMs: number;
  plannedFrames: number;
  refreshHz: number;
  fixationOnset: number | null;
  stimulusOnset: number | null;
  maskOnset: number | null;
  maskOffset: number | null;
  responseScreenOnset: number | null;
  stimulusFramesShown: number;
  maskFramesShown: number;
  /**
   * Every frame from the stimulus onset on that changed the screen ("end": the response screen),
   * with lateMs = max(work done − rAF timestamp, next rAF timestamp − rAF timestamp − one refresh).
   */
  frameChanges: Array<{
    screen: string; rafTimestamp: number; workDoneAt: number; nextRafTimestamp: number | null; lateMs: number;
  }>;
  /** LATE_FRAME_FRACTION (core/timing.ts) of the measured refresh interval, in ms. */
  lateFrameLimitMs: number;
  /** Screens whose change ran later than lateFrameLimitMs. */
  lateFrames: string[];
  /** Frames shown as planned and no late frame. */
  timingOk: boolean;
  visibilityChanges: VisibilityChange[];
  fullscreenChanges: FullscreenChange[];
  pluginVersion: string;
}

export type ResponseSource = 'key' | 'button' | 'timeout';

export interface ResponseRecord {
  responseId: string;
  trialIndex: number;
  response: string | null;
  source: ResponseSource;
  key: string | null;
  rtMs: number | null;
  timing: TrialTiming;
  clientTime: string;
}

/** One revealed square, t in ms since the round's first frame. */
export interface RevealRecord {
  x: number;
  y: number;
  size: number;
  t: number;
}

export interface PartnerQueryBody {
  queryId: string;
  trialIndex: number;
  reveals: RevealRecord[];
  /** FNV-1a of the grey pixels on screen when the query was sent. */
  displayChecksum: number;
}

export interface PartnerAnswer {
  queryId: string;
  trialIndex: number;
  revealCount: number;
  topK: string[];
  probabilities: Record<string, number>;
  correct: boolean;
  elapsedMs: number;
  points: number;
  latencyMs: number;
  matchesDisplay: boolean | null;
}

export type RoundOutcome = 'partner-correct' | 'timeout' | 'skip';

/** How a ClickMe round ended; delivered like responses (persistent queue, idempotent id). */
export interface RoundRecord {
  responseId: string;
  trialIndex: number;
  outcome: RoundOutcome;
  elapsedMs: number;
  reveals: RevealRecord[];
  clientTime: string;
  details: {
    pluginVersion: string;
    points: number;
    queries: { queryId: string; revealCount: number; topK: string[] | null; correct: boolean | null; roundTripMs: number | null }[];
    visibilityChanges: VisibilityChange[];
  };
}

export type TripletSource = 'click' | 'key';

/** Timing record of one triplet trial; all onsets are rAF timestamps (performance.now() ms). */
export interface TripletTiming {
  presentation: 'untilResponse' | 'frames';
  /** Frames mode: the planned frames of the images; null in untilResponse. */
  plannedFrames: number | null;
  plannedMaskFrames: number | null;
  refreshHz: number;
  fixationOnset: number | null;
  /** The frame that drew the three images; RT counts from it. */
  onsetTs: number;
  /** Frames mode: the frame that replaced the images (by the mask, or the blank). */
  imagesOffset: number | null;
  maskOnset: number | null;
  maskOffset: number | null;
  /** Frames mode: frames the images were up, from rAF timestamps; null in untilResponse. */
  framesShown: number | null;
  maskFramesShown: number | null;
  /** As in {@link TrialTiming}: every frame from the images' onset on that changed the screen. */
  frameChanges: TrialTiming['frameChanges'];
  lateFrameLimitMs: number;
  lateFrames: string[];
  /** Images (and mask) shown for exactly the planned frames, and no change frame late. */
  timingOk: boolean;
  visibilityChanges: VisibilityChange[];
  fullscreenChanges: FullscreenChange[];
  pluginVersion: string;
}

/**
 * One odd-one-out choice. `responseId` is made in the browser once per trial and kept in the
 * queue across retries and reloads; the server receives it as `judgementId` and stores
 * idempotently on it.
 */
export interface TripletRecord {
  responseId: string;
  trialIndex: number;
  /** 0, 1 or 2: left, middle, right. */
  chosenPosition: 0 | 1 | 2;
  source: TripletSource;
  key: string | null;
  rtMs: number;
  timing: TripletTiming;
  clientTime: string;
}

/** A {@link TripletRecord} as POST /api/sessions/{id}/triplets takes it. */
export type TripletJudgement = Omit<TripletRecord, 'responseId'> & { judgementId: string };

/** A failed API call. status 0: no HTTP answer at all. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field: string | null = null,
    /** Seconds from a Retry-After header, when the server sent one. */
    readonly retryAfterS: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Worth sending again later: no answer, server trouble, or rate limiting. */
  get transient(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export class TandemApi {
  private readonly fetchFn: FetchLike;

  /** fetch is looked up at call time so tests (and polyfills) can replace it. */
  constructor(
    fetchFn?: FetchLike,
    private readonly baseUrl = '',
  ) {
    this.fetchFn = fetchFn ?? ((input, init) => globalThis.fetch(input, init));
  }

  /**
   * Starts a session. `startId` is made once by the caller and sent again on every retry: the
   * server answers a retry with the session the first attempt made, so a lost 201 leaves no
   * orphan session behind (issue 12).
   */
  createSession(slug: string, params: Record<string, string>, startId: string): Promise<SessionCredentials> {
    return this.call('POST', `/api/experiments/${encodeURIComponent(slug)}/sessions`, null, { params, startId });
  }

  getSession(creds: SessionCredentials): Promise<SessionState> {
    return this.call('GET', this.sessionPath(creds, ''), creds.token);
  }

  screenCheck(creds: SessionCredentials, check: ScreenCheck): Promise<SessionState> {
    return this.call('POST', this.sessionPath(creds, '/screen-check'), creds.token, check);
  }

  /** Returns the confirmed responseIds (replays are confirmed too). */
  async postResponses(creds: SessionCredentials, responses: ResponseRecord[]): Promise<string[]> {
    const body = await this.call<{ confirmed: string[] }>(
      'POST', this.sessionPath(creds, '/responses'), creds.token, { responses });
    return body.confirmed;
  }

  /** Asks the ClickMe partner about the reveals so far. */
  clickmeQuery(creds: SessionCredentials, query: PartnerQueryBody): Promise<PartnerAnswer> {
    return this.call('POST', this.sessionPath(creds, '/clickme/queries'), creds.token, query);
  }

  /** Returns the confirmed round ids (replays are confirmed too). */
  async postRounds(creds: SessionCredentials, rounds: RoundRecord[]): Promise<string[]> {
    const body = await this.call<{ confirmed: string[] }>(
      'POST', this.sessionPath(creds, '/clickme/rounds'), creds.token, { rounds });
    return body.confirmed;
  }

  /** Returns the confirmed judgement ids (replays are confirmed too). */
  async postTriplets(creds: SessionCredentials, records: TripletRecord[]): Promise<string[]> {
    const judgements: TripletJudgement[] = records.map(({ responseId, ...rest }) => ({ judgementId: responseId, ...rest }));
    const body = await this.call<{ confirmed: string[] }>(
      'POST', this.sessionPath(creds, '/triplets'), creds.token, { judgements });
    return body.confirmed;
  }

  /** Ends the session with the screen-out ending (after enough failed screen checks). */
  screenOut(creds: SessionCredentials): Promise<Completion> {
    return this.call('POST', this.sessionPath(creds, '/screen-out'), creds.token);
  }

  /** Withdraws the session of a one-time withdrawal code: its data are deleted. */
  withdraw(code: string): Promise<unknown> {
    return this.call('POST', '/api/withdrawals', null, { code });
  }

  complete(creds: SessionCredentials): Promise<Completion> {
    return this.call('POST', this.sessionPath(creds, '/complete'), creds.token);
  }

  private sessionPath(creds: SessionCredentials, suffix: string): string {
    return `/api/sessions/${encodeURIComponent(creds.sessionId)}${suffix}`;
  }

  private async call<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await this.fetchFn(this.baseUrl + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch (e) {
      throw new ApiError(0, `network error: ${e instanceof Error ? e.message : String(e)}`);
    }
    const text = await res.text().catch(() => '');
    const json = parseJson(text);
    if (!res.ok) {
      const error = isRecord(json) && typeof json.error === 'string' ? json.error : `HTTP ${res.status}`;
      const field = isRecord(json) && typeof json.field === 'string' ? json.field : null;
      throw new ApiError(res.status, error, field, retryAfterSeconds(res.headers.get('Retry-After')));
    }
    return json as T;
  }
}

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function retryAfterSeconds(header: string | null): number | null {
  if (header === null) return null;
  const s = Number(header);
  return Number.isFinite(s) && s >= 0 ? s : null;
}
