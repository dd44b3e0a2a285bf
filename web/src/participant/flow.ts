/**
 * The participant's way through an experiment (CONTEXT.md, "Participant flow"):
 * consent → instructions → screen check → blocks (block-start, trials, breaks) → all
 * responses confirmed → complete → completion code or redirect. A reload resumes at the first
 * trial that neither the server nor the local queue has a response for.
 */
import { ApiError, type RoundRecord, type SessionCredentials, type SessionState } from '../core/api';
import type { TandemApi } from '../core/api';
import type { ImageCache } from '../core/images';
import { imageSize } from '../core/images';
import { ResponseQueue, type KeyValueStorage } from '../core/queue';
import { measureRefresh, waitFrames, type FrameSource, type RefreshMeasurement } from '../core/timing';
import { ClickMeDisplay } from '../plugins/clickme/display';
import { trial as clickmeTrial, browserEnvironment as clickmeBrowserEnvironment, type ClickMeEnvironment } from '../plugins/clickme/index';
import { MaskedDisplay } from '../plugins/masked/display';
import { trial as maskedTrial, browserEnvironment, type MaskedEnvironment } from '../plugins/masked/index';
import { answeredTrials, blocksToRun, unansweredCount, type BlockToRun } from './progress';
import { Screens } from './screens';
import { forgetSession, forgetStartId, loadSession, pendingStartId, recruitmentParams, saveSession, slugFromPath } from './session';

export interface FlowEnvironment {
  api: TandemApi;
  storage: KeyValueStorage;
  location: { pathname: string; search: string };
  root: HTMLElement;
  window: Window;
  frames: FrameSource;
  images: ImageCache;
  navigate: (url: string) => void;
  trialEnvironment?: MaskedEnvironment;
  clickmeEnvironment?: ClickMeEnvironment;
}

/** Margin around the largest image of a block, in CSS px, so the canvas edge is never at the image. */
const CANVAS_MARGIN = 32;
const REFRESH_FRAMES = 120;
/** Frames to wait after the trial screen appears (and after entering full screen) so layout and compositing settle. */
const SETTLE_FRAMES = 30;
/** Shown instead of an error when the experimenter has closed data collection (the server answers 409, field "collection"). */
export const STUDY_CLOSED = 'This study is not accepting participants right now.';
/** MTurk shows the page to workers previewing a HIT with this assignment id; they must not take a place in the design. */
export const MTURK_PREVIEW = 'ASSIGNMENT_ID_NOT_AVAILABLE';

export async function runParticipant(env: FlowEnvironment): Promise<void> {
  const screens = new Screens(env.root);
  try {
    await new ParticipantFlow(env, screens).run();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    screens.error('Something went wrong', `${message}. Your responses so far are saved; reloading this page continues where you left off.`);
    throw e;
  }
}

/** The start button while a block's images load. */
export const LOADING = 'Loading images…';
/** The start button while images cannot be loaded and are retried. */
export const RECONNECTING = 'Reconnecting…';

class ParticipantFlow {
  /** What the start button says while images load, and the button if it is on screen. */
  private loadingText = LOADING;
  private loadingButton: HTMLButtonElement | null = null;
  private creds!: SessionCredentials;
  private state!: SessionState;
  private queue!: ResponseQueue;
  /** ClickMe round results: a second persistent queue with the same delivery rules. */
  private rounds!: ResponseQueue<RoundRecord>;
  private clickmeDisplay: ClickMeDisplay | null = null;
  private refresh: RefreshMeasurement | null = null;
  private display: MaskedDisplay | null = null;

  constructor(private readonly env: FlowEnvironment, private readonly screens: Screens) {}

  async run(): Promise<void> {
    const slug = slugFromPath(this.env.location.pathname);
    if (slug === null) {
      this.screens.error('Link incomplete', 'This address does not name an experiment (expected /run/<experiment>)');
      return;
    }
    if (!(await this.openSession(slug))) return;
    this.env.window.document.title = this.state.experiment.title;
    this.queue = new ResponseQueue({
      storage: this.env.storage,
      sessionId: this.creds.sessionId,
      send: (records) => this.env.api.postResponses(this.creds, records),
      fetchAnswered: async () => (await this.env.api.getSession(this.creds)).answered,
      onChange: (s) => this.screens.showQueue(s),
    });
    this.rounds = new ResponseQueue<RoundRecord>({
      storage: this.env.storage,
      sessionId: this.creds.sessionId,
      name: 'clickme',
      field: 'rounds',
      send: (records) => this.env.api.postRounds(this.creds, records),
      fetchAnswered: async () => (await this.env.api.getSession(this.creds)).answered,
      onChange: (s) => this.screens.showQueue(s),
    });
    this.screens.showQueue(this.queue.state());
    this.env.window.addEventListener('online', () => {
      this.queue.retryNow();
      this.rounds.retryNow();
    });
    this.queue.start();
    this.rounds.start();

    if (this.state.status === 'started') {
      const e = this.state.experiment;
      await this.screens.ask({ title: e.title, html: e.consentHtml, button: { testId: 'consent-accept', label: 'I agree' } });
      await this.screens.ask({ title: 'Instructions', html: e.instructionsHtml, button: { testId: 'instructions-continue', label: 'Continue' } });
      await this.screenCheck();
    }
    if (this.state.status !== 'completed') await this.runTrialsAndComplete();
    await this.finish();
  }

  /**
   * Resumes the session saved for this link, or starts one. False when the study takes no new
   * participants (data collection closed): the page says so and nothing else happens. A saved
   * session resumes even then, so someone who started can always finish.
   */
  private async openSession(slug: string): Promise<boolean> {
    const { api, storage } = this.env;
    const params = recruitmentParams(this.env.location.search);
    const saved = loadSession(storage, slug, params);
    if (saved !== null) {
      try {
        this.creds = saved;
        this.state = await this.retrying(() => api.getSession(saved));
        return true;
      } catch (e) {
        if (!(e instanceof ApiError && [401, 403, 404].includes(e.status))) throw e;
        forgetSession(storage, slug); // the server no longer knows it: start afresh
      }
    }
    if (params.assignmentId === MTURK_PREVIEW) {
      this.screens.notice('Preview', 'This is a preview of the study. Accept the HIT to take part.', 'mturk-preview');
      return false;
    }
    this.screens.message('Starting', 'Connecting to the study…');
    let creds: SessionCredentials;
    try {
      const startId = pendingStartId(storage, slug, params); // every retry (and a reload) sends it again
      creds = await this.retrying(() => api.createSession(slug, params, startId));
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 409 && e.field === 'collection')) throw e;
      this.screens.notice('Study closed', STUDY_CLOSED, 'study-closed');
      return false;
    }
    saveSession(storage, slug, { ...creds, params });
    forgetStartId(storage, slug);
    this.creds = creds;
    this.state = await this.retrying(() => api.getSession(creds));
    return true;
  }

  private async screenCheck(): Promise<void> {
    const e = this.state.experiment;
    const page = this.screens.show({
      title: 'Screen check',
      text: e.requestFullscreen
        ? 'The study runs in full screen. We now measure how fast your screen refreshes; this takes two seconds. Please keep this window in front.'
        : 'We now measure how fast your screen refreshes; this takes two seconds. Please keep this window in front.',
      button: { testId: 'screen-check-continue', label: e.requestFullscreen ? 'Enter full screen and continue' : 'Continue' },
    });
    const button = page.button!;
    const errorLine = this.env.root.ownerDocument.createElement('p');
    errorLine.setAttribute('role', 'alert');
    errorLine.className = 'error';
    errorLine.dataset.testid = 'screen-check-error';
    page.body.append(errorLine);
    for (;;) {
      await new Promise<void>((resolve) => button.addEventListener('click', () => resolve(), { once: true }));
      button.disabled = true;
      errorLine.textContent = '';
      if (e.requestFullscreen) await this.enterFullscreen();
      button.textContent = 'Measuring…';
      this.refresh = await measureRefresh(REFRESH_FRAMES, this.env.frames);
      const w = this.env.window;
      try {
        this.state = await this.retrying(() => this.env.api.screenCheck(this.creds, {
          refreshHz: this.refresh!.refreshHz,
          frameIntervalsMs: this.refresh!.frameIntervalsMs,
          windowWidth: w.innerWidth,
          windowHeight: w.innerHeight,
          screenWidth: w.screen.width,
          screenHeight: w.screen.height,
          devicePixelRatio: w.devicePixelRatio || 1,
          fullscreen: w.document.fullscreenElement != null,
        }));
        return;
      } catch (err) {
        if (!(err instanceof ApiError) || err.status !== 422) throw err;
        errorLine.textContent = err.message; // e.g. the refresh rate is below the minimum
        button.textContent = 'Try again';
        button.disabled = false;
      }
    }
  }

  /** Runs every unanswered trial, then asks for completion until the server agrees. */
  private async runTrialsAndComplete(): Promise<void> {
    for (;;) {
      const blocks = blocksToRun(this.state, answeredTrials(this.state, this.queuedTrials()));
      if (blocks.length > 0) await this.runBlocks(blocks);
      this.screens.message('Saving', 'Saving your responses…');
      await this.queue.drain();
      await this.rounds.drain();
      try {
        const completion = await this.retrying(() => this.env.api.complete(this.creds));
        this.state = { ...this.state, status: 'completed', completion };
        return;
      } catch (e) {
        if (!(e instanceof ApiError) || e.status !== 409) throw e;
        // The server misses a response: find out which trials and run them (again).
        this.state = await this.retrying(() => this.env.api.getSession(this.creds));
        if (unansweredCount(this.state, answeredTrials(this.state, this.queuedTrials())) === 0) {
          await sleep(2000);
        }
      }
    }
  }

  private async runBlocks(blocks: BlockToRun[]): Promise<void> {
    if (this.refresh === null) {
      this.screens.message('Preparing', 'Measuring your screen…');
      this.refresh = await measureRefresh(REFRESH_FRAMES, this.env.frames);
    }
    for (const [i, b] of blocks.entries()) {
      const loading = this.preload(b);
      if (i > 0) {
        const afterPractice = blocks[i - 1]!.block.practice && !b.block.practice;
        await this.screens.ask({
          title: afterPractice ? 'Practice finished' : 'Break',
          text: afterPractice ? 'Well done. The main part starts next; there is no more feedback.' : 'Take a short rest. Continue when you are ready.',
          button: { testId: 'break-continue', label: 'Continue' },
        });
      }
      const clickme = b.block.type === 'clickme';
      const start = this.screens.show({
        title: b.block.practice ? 'Practice' : `Block ${b.number} of ${b.of}`,
        text: clickme
          ? `${b.trials.length} rounds. Click or paint to uncover what your partner needs to see.`
          : `${b.trials.length} trials. Look at the cross in the centre; answer as accurately as you can.`,
        button: { testId: 'block-start', label: 'Start' },
      });
      start.button!.disabled = true;
      start.button!.textContent = this.loadingText;
      this.loadingButton = start.button!;
      await loading;
      this.loadingButton = null;
      start.button!.disabled = false;
      start.button!.textContent = 'Start';
      await start.pressed;
      if (this.state.experiment.requestFullscreen) await this.enterFullscreen();
      if (clickme) await this.runClickmeBlock(b);
      else await this.runBlock(b);
    }
  }

  /**
   * Loads a block's images, retrying with backoff for as long as it takes (the server may be
   * restarting); meanwhile the start button says it is reconnecting, and the block can start by
   * itself once the images are in (issue 12).
   */
  private async preload(b: BlockToRun): Promise<void> {
    const urls = b.trials.flatMap((t) => (t.maskUrl ? [t.stimulusUrl, t.maskUrl] : [t.stimulusUrl]));
    this.loadingText = LOADING;
    await this.env.images.preloadRetrying(urls, {
      onRetry: ({ retryInMs }) => this.showLoading(`${RECONNECTING} (next try in ${Math.ceil(retryInMs / 1000)} s)`),
      onRecovered: () => this.showLoading(LOADING),
    });
  }

  private showLoading(text: string): void {
    this.loadingText = text;
    if (this.loadingButton !== null) this.loadingButton.textContent = text;
  }

  private async runBlock(b: BlockToRun): Promise<void> {
    const e = this.state.experiment;
    const display = this.display ?? (this.display = new MaskedDisplay(this.env.root, e.categories, this.env.window));
    const sizes = b.trials.flatMap((t) => [t.stimulusUrl, ...(t.maskUrl ? [t.maskUrl] : [])])
      .map((u) => imageSize(this.env.images.get(u)));
    // Stimuli arrive at their render size and are drawn enlarged to the display size (issue 10).
    const box = e.displaySize ?? Math.max(...sizes.map((s) => Math.max(s.width, s.height)));
    display.resize(box + 2 * CANVAS_MARGIN, box + 2 * CANVAS_MARGIN, box);
    this.screens.hide();
    display.root.hidden = false;
    await waitFrames(SETTLE_FRAMES, this.env.frames);
    const trialEnvironment = this.env.trialEnvironment ?? { ...browserEnvironment(), frames: this.env.frames };
    try {
      for (const t of b.trials) {
        await maskedTrial(display, {
          trial: t,
          categories: e.categories,
          timing: e.timing,
          refreshHz: this.refresh!.refreshHz,
          frameIntervalMs: this.refresh!.frameIntervalMs,
          stimulus: this.env.images.get(t.stimulusUrl),
          mask: t.maskUrl ? this.env.images.get(t.maskUrl) : null,
          onRecorded: (record) => this.queue.enqueue(record),
        }, trialEnvironment);
      }
    } finally {
      display.root.hidden = true;
    }
  }

  private async runClickmeBlock(b: BlockToRun): Promise<void> {
    const e = this.state.experiment;
    if (!e.clickme) throw new Error('the server sent ClickMe rounds without ClickMe parameters');
    const display = this.clickmeDisplay ?? (this.clickmeDisplay = new ClickMeDisplay(this.env.root));
    const environment = this.env.clickmeEnvironment ?? { ...clickmeBrowserEnvironment(), frames: this.env.frames };
    const labels = new Map(e.categories.map((c) => [c.name, c.label]));
    this.screens.hide();
    display.root.hidden = false;
    try {
      for (const t of b.trials) {
        const image = this.env.images.get(t.stimulusUrl);
        const { width, height } = imageSize(image);
        await clickmeTrial(display, {
          trial: t,
          spec: e.clickme,
          grey: display.greyOf(image),
          width,
          height,
          labels,
          query: (body) => this.env.api.clickmeQuery(this.creds, body),
          onRecorded: (record) => this.rounds.enqueue(record),
        }, environment);
      }
    } finally {
      display.root.hidden = true;
    }
  }

  /** Trials whose result waits in either local queue (they count as answered on resume). */
  private queuedTrials(): Set<number> {
    return new Set([...this.queue.queuedTrials(), ...this.rounds.queuedTrials()]);
  }

  private async finish(): Promise<void> {
    const completion = this.state.completion;
    if (completion === null) throw new Error('the server reported no completion code');
    const doc = this.env.window.document;
    if (doc.fullscreenElement) await doc.exitFullscreen().catch(() => undefined);
    this.screens.completion(completion.code, completion.redirectUrl);
    if (completion.redirectUrl) {
      const url = completion.redirectUrl;
      setTimeout(() => this.env.navigate(url), 1500);
    }
  }

  private async enterFullscreen(): Promise<void> {
    const doc = this.env.window.document;
    if (doc.fullscreenElement || !doc.documentElement.requestFullscreen) return;
    try {
      await doc.documentElement.requestFullscreen({ navigationUI: 'hide' });
    } catch {
      // Refused (no user gesture, iframe without permission): run in the window; trials record it.
    }
  }

  /** Repeats a call while the failure is transient (offline, 5xx, 429), with capped backoff. */
  private async retrying<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await call();
      } catch (e) {
        if (!(e instanceof ApiError) || !e.transient) throw e;
        const delay = Math.min(10_000, 500 * 2 ** attempt) * (0.5 + Math.random() / 2);
        await sleep(Math.max(delay, (e.retryAfterS ?? 0) * 1000));
      }
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
