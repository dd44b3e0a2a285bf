/**
 * The participant's way through an experiment (CONTEXT.md, "Participant flow"):
 * consent → instructions → screen check → blocks (block-start, trials, breaks) → all
 * responses confirmed → complete → completion code or redirect. A reload resumes at the first
 * trial that neither the server nor the local queue has a response for.
 */
import { ApiError, type SessionCredentials, type SessionState, type TrialType } from '../core/api';
import type { TandemApi } from '../core/api';
import type { ImageCache } from '../core/images';
import { ResponseQueue, type KeyValueStorage, type QueuedRecord } from '../core/queue';
import { measureRefresh, waitFrames, type FrameSource, type RefreshMeasurement } from '../core/timing';
import { uuidV4 } from '../core/uuid';
import { pluginFor, resultChannels, type AnyTrialPlugin, type BlockContext, type PluginDisplay, type TrialEnvironment } from '../plugins/registry';
import { answeredTrials, blocksToRun, unansweredCount, type BlockToRun } from './progress';
import { Screens } from './screens';
import { forgetSession, forgetStartId, loadSession, pendingStartId, pilotFromHash, recruitmentParams, saveSession, slugFromPath } from './session';
import { browserLanguage, fill, textTable } from './texts';

export interface FlowEnvironment {
  api: TandemApi;
  storage: KeyValueStorage;
  location: { pathname: string; search: string; hash?: string };
  root: HTMLElement;
  window: Window;
  frames: FrameSource;
  images: ImageCache;
  navigate: (url: string) => void;
  /** What every trial plugin gets from the browser; by default the browser's own, with `frames`. */
  trialEnvironment?: TrialEnvironment;
}

const REFRESH_FRAMES = 120;
/** Shown instead of an error when the experimenter has closed data collection (the server answers 409, field "collection"). */
export const STUDY_CLOSED = textTable('en').studyClosed;
/** MTurk shows the page to workers previewing a HIT with this assignment id; they must not take a place in the design. */
export const MTURK_PREVIEW = 'ASSIGNMENT_ID_NOT_AVAILABLE';

export async function runParticipant(env: FlowEnvironment): Promise<void> {
  const screens = new Screens(env.root);
  screens.texts = textTable(browserLanguage(env.window.navigator?.language));
  try {
    await new ParticipantFlow(env, screens).run();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    screens.error(screens.texts.errorTitle, fill(screens.texts.errorText, { message }));
    throw e;
  }
}

class ParticipantFlow {
  /** What the start button says while images load, and the button if it is on screen. */
  private loadingText = '';
  private loadingButton: HTMLButtonElement | null = null;
  private creds!: SessionCredentials;
  private state!: SessionState;
  /**
   * One persistent queue per result channel of the registered kinds (plugins/registry.ts), by
   * queue name, in registry order; every kind's records are delivered by the same rules.
   */
  private readonly queues = new Map<string, ResponseQueue<QueuedRecord>>();
  private refresh: RefreshMeasurement | null = null;
  /** Each kind's display, built when its first block runs and reused after. */
  private readonly displays = new Map<TrialType, PluginDisplay>();
  /** Trials done in this page's life (stored, queued or just recorded), for the progress bar. */
  private readonly done = new Set<number>();

  constructor(private readonly env: FlowEnvironment, private readonly screens: Screens) {}

  async run(): Promise<void> {
    const slug = slugFromPath(this.env.location.pathname);
    if (slug === null) {
      this.screens.error(this.screens.texts.linkIncompleteTitle, this.screens.texts.linkIncompleteText);
      return;
    }
    if (!(await this.openSession(slug))) return;
    this.env.window.document.title = this.state.experiment.title;
    this.screens.texts = textTable(this.state.experiment.language, this.state.experiment.texts);
    if (this.state.status === 'screened-out') {
      this.screens.screenOut(this.state.screenOut ?? { code: null, redirectUrl: null });
      return;
    }
    if (this.state.status === 'withdrawn') {
      this.screens.withdrawn();
      return;
    }
    for (const channel of resultChannels()) {
      this.queues.set(channel.queueName, new ResponseQueue<QueuedRecord>({
        storage: this.env.storage,
        sessionId: this.creds.sessionId,
        name: channel.queueName,
        field: channel.field,
        send: (records) => channel.send(this.env.api, this.creds, records),
        fetchAnswered: async () => (await this.env.api.getSession(this.creds)).answered,
        onChange: (s) => this.screens.showQueue(s),
      }));
    }
    const first = this.queues.values().next().value;
    if (first !== undefined) this.screens.showQueue(first.state());
    this.env.window.addEventListener('online', () => {
      for (const q of this.queues.values()) q.retryNow();
    });
    for (const q of this.queues.values()) q.start();

    if (this.state.status === 'started') {
      const e = this.state.experiment;
      const t = this.screens.texts;
      await this.screens.ask({ title: e.title, html: e.consentHtml, button: { testId: 'consent-accept', label: t.agree } });
      await this.screens.ask({ title: t.instructionsTitle, html: e.instructionsHtml, button: { testId: 'instructions-continue', label: t.continue } });
      if (!(await this.screenCheck())) return;
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
    const pilot = pilotFromHash(this.env.location.hash ?? '');
    const saved = pilot ?? loadSession(storage, slug, params);
    if (saved !== null) {
      try {
        this.creds = saved;
        this.state = await this.retrying(() => api.getSession(saved));
        return true;
      } catch (e) {
        if (!(e instanceof ApiError && [401, 403, 404].includes(e.status))) throw e;
        if (pilot !== null) throw e; // a deleted pilot: nothing to start afresh
        forgetSession(storage, slug, params); // the server no longer knows it (deleted): start afresh
      }
    }
    if (params.assignmentId === MTURK_PREVIEW) {
      this.screens.notice(this.screens.texts.previewTitle, this.screens.texts.previewText, 'mturk-preview');
      return false;
    }
    this.screens.message(this.screens.texts.startingTitle, this.screens.texts.startingText);
    let creds: SessionCredentials;
    try {
      const startId = pendingStartId(storage, slug, params); // every retry (and a reload) sends it again
      creds = await this.retrying(() => api.createSession(slug, params, startId));
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 409 && e.field === 'collection')) throw e;
      this.screens.notice(this.screens.texts.studyClosedTitle, this.screens.texts.studyClosed, 'study-closed');
      return false;
    }
    saveSession(storage, slug, { ...creds, params });
    forgetStartId(storage, slug);
    this.creds = creds;
    this.state = await this.retrying(() => api.getSession(creds));
    return true;
  }

  /**
   * Measures the refresh rate until the server accepts it. After the experiment's
   * screenCheckAttempts refusals the page also offers the screen-out ending, so nobody is stuck
   * (issue 14); false when the participant took it.
   */
  private async screenCheck(): Promise<boolean> {
    const e = this.state.experiment;
    const t = this.screens.texts;
    const page = this.screens.show({
      title: t.screenCheckTitle,
      text: e.requestFullscreen ? t.screenCheckFullscreen : t.screenCheckText,
      button: { testId: 'screen-check-continue', label: e.requestFullscreen ? t.enterFullscreen : t.continue },
    });
    const button = page.button!;
    const errorLine = this.env.root.ownerDocument.createElement('p');
    errorLine.setAttribute('role', 'alert');
    errorLine.className = 'error';
    errorLine.dataset.testid = 'screen-check-error';
    page.body.append(errorLine);
    const screenOut = this.env.root.ownerDocument.createElement('button');
    screenOut.type = 'button';
    screenOut.dataset.testid = 'screen-out';
    screenOut.textContent = t.screenOutButton;
    screenOut.hidden = true;
    button.after(screenOut);
    const screenOutPressed = new Promise<'screen-out'>((resolve) =>
      screenOut.addEventListener('click', () => resolve('screen-out'), { once: true }));
    let failures = 0;
    for (;;) {
      const pressed = await Promise.race([
        new Promise<'check'>((resolve) => button.addEventListener('click', () => resolve('check'), { once: true })),
        screenOutPressed,
      ]);
      if (pressed === 'screen-out') {
        screenOut.disabled = true;
        button.disabled = true;
        const ending = await this.retrying(() => this.env.api.screenOut(this.creds));
        await this.leaveFullscreen();
        this.screens.screenOut(ending);
        if (ending.redirectUrl) this.redirectSoon(ending.redirectUrl);
        return false;
      }
      button.disabled = true;
      errorLine.textContent = '';
      if (e.requestFullscreen) await this.enterFullscreen();
      button.textContent = t.measuring;
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
        return true;
      } catch (err) {
        if (!(err instanceof ApiError) || err.status !== 422) throw err;
        failures++;
        errorLine.textContent = err.field === 'refreshHz' && e.minRefreshHz !== null
          ? fill(t.screenCheckFailed, { hz: this.refresh.refreshHz.toFixed(1), min: e.minRefreshHz })
          : err.message;
        button.textContent = t.tryAgain;
        button.disabled = false;
        screenOut.hidden = failures < (e.screenCheckAttempts ?? 3);
      }
    }
  }

  /** Runs every unanswered trial, then asks for completion until the server agrees. */
  private async runTrialsAndComplete(): Promise<void> {
    for (;;) {
      const blocks = blocksToRun(this.state, answeredTrials(this.state, this.queuedTrials()));
      if (blocks.length > 0) await this.runBlocks(blocks);
      this.screens.message(this.screens.texts.savingTitle, this.screens.texts.savingText);
      for (const q of this.queues.values()) await q.drain();
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
      this.screens.message(this.screens.texts.preparingTitle, this.screens.texts.preparingText);
      this.refresh = await measureRefresh(REFRESH_FRAMES, this.env.frames);
    }
    const t = this.screens.texts;
    this.updateProgress();
    for (const [i, b] of blocks.entries()) {
      const loading = this.preload(b);
      if (i > 0) {
        const afterPractice = blocks[i - 1]!.block.practice && !b.block.practice;
        // The experimenter's break message (blocks.breakMessage) between main blocks.
        await this.screens.ask({
          title: afterPractice ? t.practiceFinishedTitle : t.breakTitle,
          ...(afterPractice || !this.state.experiment.breakMessage
            ? { text: t.practiceFinishedText }
            : { html: this.state.experiment.breakMessage }),
          button: { testId: 'break-continue', label: t.continue },
        });
      }
      const plugin = pluginFor(b.block.type);
      const start = this.screens.show({
        title: b.block.practice ? t.practiceTitle : fill(t.blockTitle, { n: b.number, of: b.of }),
        text: fill(t[plugin.blockTextKey], { count: b.trials.length }),
        button: { testId: 'block-start', label: t.start },
      });
      start.button!.disabled = true;
      start.button!.textContent = this.loadingText;
      this.loadingButton = start.button!;
      await loading;
      this.loadingButton = null;
      start.button!.disabled = false;
      start.button!.textContent = t.start;
      await start.pressed;
      if (this.state.experiment.requestFullscreen) await this.enterFullscreen();
      await this.runBlock(plugin, b);
    }
  }

  /**
   * Loads a block's images, retrying with backoff for as long as it takes (the server may be
   * restarting); meanwhile the start button says it is reconnecting, and the block can start by
   * itself once the images are in (issue 12).
   */
  private async preload(b: BlockToRun): Promise<void> {
    const plugin = pluginFor(b.block.type);
    const urls = b.trials.flatMap((t) => plugin.imageUrls(t));
    const t = this.screens.texts;
    this.loadingText = t.loadingImages;
    await this.env.images.preloadRetrying(urls, {
      onRetry: ({ retryInMs }) => this.showLoading(fill(t.reconnecting, { seconds: Math.ceil(retryInMs / 1000) })),
      onRecovered: () => this.showLoading(t.loadingImages),
    });
  }

  private showLoading(text: string): void {
    this.loadingText = text;
    if (this.loadingButton !== null) this.loadingButton.textContent = text;
  }

  /** Runs a block's trials with its kind's plugin, one after another, on the kind's display. */
  private async runBlock(plugin: AnyTrialPlugin, b: BlockToRun): Promise<void> {
    const e = this.state.experiment;
    const type = plugin.info.name;
    const queue = this.queues.get(plugin.results.queueName)!;
    const ctx: BlockContext<QueuedRecord> = {
      experiment: e,
      root: this.env.root,
      window: this.env.window,
      images: this.env.images,
      refresh: this.refresh!,
      texts: this.screens.texts,
      api: this.env.api,
      creds: this.creds,
      recorded: (record) => {
        queue.enqueue(record);
        this.updateProgress(record.trialIndex);
      },
    };
    const display = this.displays.get(type) ?? plugin.createDisplay(this.env.root, e, this.env.window);
    this.displays.set(type, display);
    plugin.prepareBlock(display, b.trials, ctx);
    this.screens.hide();
    display.root.hidden = false;
    // Frames to wait after the trial screen appears (and after entering full screen) so layout and compositing settle.
    if (plugin.settleFrames > 0) await waitFrames(plugin.settleFrames, this.env.frames);
    const environment = this.env.trialEnvironment ?? browserTrialEnvironment(this.env.frames);
    try {
      for (const t of b.trials) await plugin.trial(display, plugin.params(display, t, ctx), environment);
    } finally {
      display.root.hidden = true;
    }
  }

  /** Trials done (stored or queued) of the session's total, on the progress bar. */
  private updateProgress(recorded?: number): void {
    for (const t of answeredTrials(this.state, this.queuedTrials())) this.done.add(t);
    if (recorded !== undefined) this.done.add(recorded);
    this.screens.showProgress(this.done.size, this.state.trials.length);
  }

  /** Trials whose result waits in either local queue (they count as answered on resume). */
  private queuedTrials(): Set<number> {
    return new Set([...this.queues.values()].flatMap((q) => [...q.queuedTrials()]));
  }

  private async finish(): Promise<void> {
    const completion = this.state.completion;
    if (completion === null) throw new Error('the server reported no completion code');
    await this.leaveFullscreen();
    const withdrawCode = completion.withdrawCode;
    // With a withdrawal code on the page, the participant must have time to note it: no redirect.
    this.screens.completion(completion, withdrawCode ? async () => {
      await this.retrying(() => this.env.api.withdraw(withdrawCode));
      this.screens.withdrawn();
    } : undefined);
    if (completion.redirectUrl && !withdrawCode) this.redirectSoon(completion.redirectUrl);
  }

  private redirectSoon(url: string): void {
    setTimeout(() => this.env.navigate(url), 1500);
  }

  private async leaveFullscreen(): Promise<void> {
    const doc = this.env.window.document;
    if (doc.fullscreenElement) await doc.exitFullscreen().catch(() => undefined);
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

/** The browser's clock, document and ids, with the flow's frame source. */
function browserTrialEnvironment(frames: FrameSource): TrialEnvironment {
  return { frames, document, now: () => performance.now(), newId: uuidV4, clock: () => new Date() };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
