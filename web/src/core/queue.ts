/**
 * The response queue: a response is never lost (DESIGN.md, "Reliability").
 *
 * - `enqueue` writes the record to persistent storage before anything is sent, so a reload or
 *   a crash right after a response keeps it.
 * - Records are sent in batches, oldest first, one request at a time.
 * - Network errors, 5xx and 429 are retried with exponential backoff and full jitter, so a
 *   room full of participants coming back online does not hit the server in lockstep.
 * - A record leaves storage only when the server names its responseId as confirmed; the
 *   server stores idempotently on that id, so re-sending after a lost answer is harmless.
 * - 409 means the server already holds another response for one of the trials (e.g. the same
 *   session answered it in a second tab): the queue asks for the answered trials and drops its
 *   records for them.
 * - 400/422 reject the whole batch; the record named by the error's field path
 *   (`responses[3].…`) is moved aside to a separate "rejected" key, kept for diagnosis, so one
 *   bad record cannot block every later one.
 */
import { ApiError, type ResponseRecord } from './api';

/** What the queue delivers: anything with a client-made id and the trial it belongs to. */
export interface QueuedRecord {
  responseId: string;
  trialIndex: number;
}

/** The subset of the Web Storage API the queue needs (localStorage in the browser). */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface QueueOptions<R extends QueuedRecord = ResponseRecord> {
  storage: KeyValueStorage;
  sessionId: string;
  /** Names a second queue of the session (e.g. 'clickme'); its storage keys carry the name. */
  name?: string;
  /** The request body's array field, as error paths name it (`responses[3].…`). */
  field?: string;
  /** Sends one batch; resolves to the confirmed responseIds; rejects with ApiError. */
  send: (records: R[]) => Promise<string[]>;
  /** Fetches the trial indexes the server has a response for (used after a 409). */
  fetchAnswered: () => Promise<number[]>;
  /** Called whenever the number of waiting records or the error state changes. */
  onChange?: (state: QueueState) => void;
  batchSize?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
}

export interface QueueState {
  pending: number;
  /** Message of the last failed send while a retry is scheduled, else null. */
  lastError: string | null;
  /** When a retry is scheduled: its delay in ms. */
  retryInMs: number | null;
}

export const MAX_BATCH = 50;

export function queueStorageKey(sessionId: string, name = ''): string {
  return name === '' ? `tandem:queue:${sessionId}` : `tandem:queue:${name}:${sessionId}`;
}

export function rejectedStorageKey(sessionId: string, name = ''): string {
  return name === '' ? `tandem:rejected:${sessionId}` : `tandem:rejected:${name}:${sessionId}`;
}

export class ResponseQueue<R extends QueuedRecord = ResponseRecord> {
  private records: R[];
  private sending = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  private lastError: string | null = null;
  private retryInMs: number | null = null;
  /** After a 4xx without a usable field path, send one record at a time to find the bad one. */
  private isolate = false;
  private drainWaiters: Array<() => void> = [];
  private readonly batchSize: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly random: () => number;

  /** Loads the records left over from an earlier page load; call {@link start} to send them. */
  constructor(private readonly opts: QueueOptions<R>) {
    this.batchSize = Math.min(Math.max(1, opts.batchSize ?? MAX_BATCH), 200);
    this.baseDelayMs = opts.baseDelayMs ?? 500;
    this.maxDelayMs = opts.maxDelayMs ?? 30_000;
    this.random = opts.random ?? Math.random;
    this.records = this.load();
  }

  get pending(): readonly R[] {
    return this.records;
  }

  /** Trial indexes with a response waiting in this queue (they count as answered on resume). */
  queuedTrials(): Set<number> {
    return new Set(this.records.map((r) => r.trialIndex));
  }

  state(): QueueState {
    return { pending: this.records.length, lastError: this.lastError, retryInMs: this.retryInMs };
  }

  /** Sends whatever an earlier page load left behind. */
  start(): void {
    this.kick();
  }

  /** Persists the record (synchronously) and then tries to send it. */
  enqueue(record: R): void {
    if (this.records.some((r) => r.responseId === record.responseId)) return;
    this.records.push(record);
    this.persist();
    this.notify();
    this.kick();
  }

  /** Skips a pending backoff wait, e.g. when the browser reports it is online again. */
  retryNow(): void {
    if (this.retryTimer !== null) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
      this.retryInMs = null;
    }
    this.kick();
  }

  /** Resolves once every record has been confirmed (or dropped as already answered). */
  drain(): Promise<void> {
    if (this.records.length === 0) return Promise.resolve();
    const done = new Promise<void>((resolve) => this.drainWaiters.push(resolve));
    this.retryNow();
    return done;
  }

  /** Stops retrying; records stay in storage for the next page load. */
  stop(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private kick(): void {
    if (this.sending || this.retryTimer !== null || this.records.length === 0) return;
    void this.sendNext();
  }

  private async sendNext(): Promise<void> {
    this.sending = true;
    const batch = this.records.slice(0, this.isolate ? 1 : this.batchSize);
    let progressed = false;
    try {
      const confirmed = await this.opts.send(batch);
      progressed = this.remove(new Set(confirmed)) > 0;
      if (progressed) this.isolate = false;
      else this.lastError = 'server confirmed none of the sent responses';
    } catch (e) {
      progressed = await this.handleFailure(e, batch);
    } finally {
      this.sending = false;
    }
    if (progressed) {
      this.attempt = 0;
      this.lastError = null;
      this.retryInMs = null;
      this.notify();
      this.kick();
    } else {
      this.scheduleRetry();
    }
  }

  /** Returns true when the failure was resolved by dropping or setting aside records. */
  private async handleFailure(e: unknown, batch: R[]): Promise<boolean> {
    const err = e instanceof ApiError ? e : new ApiError(0, String(e));
    this.lastError = err.message;
    if (err.status === 409) return this.dropAnsweredTrials();
    if (err.status === 400 || err.status === 422) return this.setAsideRejected(err, batch);
    return false; // transient (network, 5xx, 429) or auth trouble: keep and retry later
  }

  private async dropAnsweredTrials(): Promise<boolean> {
    let answered: number[];
    try {
      answered = await this.opts.fetchAnswered();
    } catch {
      return false;
    }
    const done = new Set(answered);
    const before = this.records.length;
    this.records = this.records.filter((r) => !done.has(r.trialIndex));
    if (this.records.length === before) return false;
    this.persist();
    return true;
  }

  private setAsideRejected(err: ApiError, batch: R[]): boolean {
    const field = this.opts.field ?? 'responses';
    const match = new RegExp(`^${field}\\[(\\d+)\\]`).exec(err.field ?? '');
    const index = match ? Number(match[1]) : batch.length === 1 ? 0 : -1;
    const bad = batch[index];
    if (bad === undefined) {
      this.isolate = true; // cannot tell which record: retry them one by one
      return true;
    }
    const key = rejectedStorageKey(this.opts.sessionId, this.opts.name);
    const rejected = parseArray(this.opts.storage.getItem(key));
    rejected.push({ record: bad, status: err.status, error: err.message, field: err.field });
    trySetItem(this.opts.storage, key, JSON.stringify(rejected));
    this.records = this.records.filter((r) => r.responseId !== bad.responseId);
    this.persist();
    return true;
  }

  private remove(ids: Set<string>): number {
    const before = this.records.length;
    this.records = this.records.filter((r) => !ids.has(r.responseId));
    const removed = before - this.records.length;
    if (removed > 0) this.persist();
    return removed;
  }

  private scheduleRetry(): void {
    // Full jitter (AWS architecture blog, "Exponential Backoff and Jitter"), floor of half the base.
    const ceiling = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** this.attempt);
    let delay = Math.max(this.baseDelayMs / 2, ceiling * this.random());
    this.attempt += 1;
    this.retryInMs = Math.round(delay);
    delay = this.retryInMs;
    this.notify();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.retryInMs = null;
      this.kick();
    }, delay);
  }

  private load(): R[] {
    return parseArray(this.opts.storage.getItem(queueStorageKey(this.opts.sessionId, this.opts.name))) as R[];
  }

  private persist(): void {
    const key = queueStorageKey(this.opts.sessionId, this.opts.name);
    if (this.records.length === 0) this.opts.storage.removeItem(key);
    else trySetItem(this.opts.storage, key, JSON.stringify(this.records));
  }

  private notify(): void {
    this.opts.onChange?.(this.state());
    if (this.records.length === 0) {
      const waiters = this.drainWaiters;
      this.drainWaiters = [];
      waiters.forEach((w) => w());
    }
  }
}

function parseArray(raw: string | null): unknown[] {
  if (raw === null) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

/** A full storage quota must not stop the experiment: the records stay in memory. */
function trySetItem(storage: KeyValueStorage, key: string, value: string): void {
  try {
    storage.setItem(key, value);
  } catch (e) {
    console.warn(`tandem: could not persist ${key}`, e);
  }
}
