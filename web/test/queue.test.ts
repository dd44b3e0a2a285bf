import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, type ResponseRecord } from '../src/core/api';
import { ResponseQueue, queueStorageKey, rejectedStorageKey, type QueueOptions } from '../src/core/queue';
import { MemoryStorage, settle } from './fakes';

const SESSION = 's-1';

function record(trialIndex: number, responseId = `r-${trialIndex}`): ResponseRecord {
  return {
    responseId, trialIndex, response: 'Bag', source: 'key', key: '8', rtMs: 500,
    timing: {
      requestedMs: 33, plannedFrames: 2, refreshHz: 60, fixationOnset: 0, stimulusOnset: 1,
      maskOnset: 2, maskOffset: 3, responseScreenOnset: 3, stimulusFramesShown: 2, maskFramesShown: 4,
      frameChanges: [], lateFrameLimitMs: 8.333, lateFrames: [], timingOk: true, visibilityChanges: [], fullscreenChanges: [], pluginVersion: 'masked@test',
    },
    clientTime: '2026-11-22T12:00:00.000Z',
  };
}

function stored(storage: MemoryStorage): ResponseRecord[] {
  return JSON.parse(storage.getItem(queueStorageKey(SESSION)) ?? '[]') as ResponseRecord[];
}

/** A server that confirms every record it is sent. */
const confirmAll = async (rs: ResponseRecord[]): Promise<string[]> => rs.map((r) => r.responseId);

function queue(storage: MemoryStorage, opts: Partial<QueueOptions>): ResponseQueue {
  return new ResponseQueue({
    storage, sessionId: SESSION, send: confirmAll, fetchAnswered: async () => [], random: () => 1, ...opts,
  });
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('ResponseQueue', () => {
  it('writes a record to storage before sending it', async () => {
    const storage = new MemoryStorage();
    const seenInStorage: string[][] = [];
    const q = queue(storage, {
      send: async (rs) => {
        seenInStorage.push(stored(storage).map((r) => r.responseId));
        return rs.map((r) => r.responseId);
      },
    });
    q.enqueue(record(0));
    await settle();
    expect(seenInStorage).toEqual([['r-0']]);
    expect(storage.getItem(queueStorageKey(SESSION))).toBeNull();
    expect(q.pending).toHaveLength(0);
  });

  it('sends a backlog in batches of at most 50, oldest first', async () => {
    const storage = new MemoryStorage();
    storage.setItem(queueStorageKey(SESSION), JSON.stringify(Array.from({ length: 120 }, (_, i) => record(i))));
    const batches: number[][] = [];
    const q = queue(storage, {
      send: async (rs) => {
        batches.push(rs.map((r) => r.trialIndex));
        return rs.map((r) => r.responseId);
      },
    });
    q.start();
    await settle();
    await settle();
    expect(batches.map((b) => b.length)).toEqual([50, 50, 20]);
    expect(batches[0]![0]).toBe(0);
    expect(batches[2]![19]).toBe(119);
    expect(q.pending).toHaveLength(0);
  });

  it('retries network errors, 5xx and 429 with growing delays and keeps the record meanwhile', async () => {
    const storage = new MemoryStorage();
    const failures = [new ApiError(0, 'offline'), new ApiError(503, 'busy'), new ApiError(429, 'slow down')];
    const send = vi.fn(async (rs: ResponseRecord[]) => {
      const f = failures.shift();
      if (f) throw f;
      return rs.map((r) => r.responseId);
    });
    const q = queue(storage, { send, baseDelayMs: 500 });
    q.enqueue(record(0));
    await settle();
    expect(send).toHaveBeenCalledTimes(1);
    expect(q.state().retryInMs).toBe(500);
    expect(stored(storage)).toHaveLength(1);

    await vi.advanceTimersByTimeAsync(499);
    expect(send).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(send).toHaveBeenCalledTimes(2);
    expect(q.state().retryInMs).toBe(1000);

    await vi.advanceTimersByTimeAsync(1000);
    expect(send).toHaveBeenCalledTimes(3);
    expect(q.state().retryInMs).toBe(2000);
    expect(q.state().lastError).toBe('slow down');

    await vi.advanceTimersByTimeAsync(2000);
    expect(send).toHaveBeenCalledTimes(4);
    expect(q.pending).toHaveLength(0);
    expect(q.state()).toEqual({ pending: 0, lastError: null, retryInMs: null });
  });

  it('spreads retries with jitter and caps the delay', async () => {
    const q = queue(new MemoryStorage(), {
      send: async () => { throw new ApiError(0, 'offline'); },
      baseDelayMs: 1000, maxDelayMs: 4000, random: () => 0.5,
    });
    q.enqueue(record(0));
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      await settle();
      delays.push(q.state().retryInMs!);
      await vi.advanceTimersByTimeAsync(q.state().retryInMs!);
    }
    expect(delays).toEqual([500, 1000, 2000, 2000, 2000]);
    q.stop();
  });

  it('removes only the records whose responseId the server confirmed', async () => {
    const storage = new MemoryStorage();
    storage.setItem(queueStorageKey(SESSION), JSON.stringify([record(0), record(1), record(2)]));
    const q = queue(storage, { send: async () => ['r-1', 'unknown-id', 'r-1'] });
    q.start();
    await settle();
    expect(stored(storage).map((r) => r.responseId)).toEqual(['r-0', 'r-2']);
    q.stop();
  });

  it('keeps a record the server did not confirm and sends it again after a delay', async () => {
    const storage = new MemoryStorage();
    const send = vi.fn(async (rs: ResponseRecord[]) => (send.mock.calls.length === 1 ? [] : rs.map((r) => r.responseId)));
    const q = queue(storage, { send, baseDelayMs: 200 });
    q.enqueue(record(0));
    await settle();
    expect(q.pending).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(send).toHaveBeenCalledTimes(2);
    expect(q.pending).toHaveLength(0);
  });

  it('ignores a second enqueue of the same responseId', () => {
    const storage = new MemoryStorage();
    const q = queue(storage, { send: async () => { throw new ApiError(0, 'offline'); } });
    q.enqueue(record(0));
    q.enqueue(record(0));
    expect(stored(storage)).toHaveLength(1);
    q.stop();
  });

  it('resends after a reload what an earlier page load left unconfirmed', async () => {
    const storage = new MemoryStorage();
    const before = queue(storage, { send: async () => { throw new ApiError(0, 'offline'); } });
    before.enqueue(record(0));
    before.enqueue(record(1));
    await settle();
    before.stop(); // the page goes away

    const sent: string[] = [];
    const after = queue(storage, { send: async (rs) => { sent.push(...rs.map((r) => r.responseId)); return rs.map((r) => r.responseId); } });
    expect(after.queuedTrials()).toEqual(new Set([0, 1]));
    after.start();
    await settle();
    expect(sent).toEqual(['r-0', 'r-1']);
    expect(storage.getItem(queueStorageKey(SESSION))).toBeNull();
  });

  it('on 409 asks for the answered trials, drops its records for them and sends the rest', async () => {
    const storage = new MemoryStorage();
    const sent: string[][] = [];
    storage.setItem(queueStorageKey(SESSION), JSON.stringify([record(0, 'a'), record(1, 'b'), record(2, 'c')]));
    const q2 = queue(storage, {
      send: async (rs) => {
        sent.push(rs.map((r) => r.responseId));
        if (rs.some((r) => r.trialIndex === 1)) throw new ApiError(409, 'trial 1 already answered', 'responses[1].trialIndex');
        return rs.map((r) => r.responseId);
      },
      fetchAnswered: async () => [0, 1],
    });
    q2.start();
    await settle();
    await settle();
    expect(sent).toEqual([['a', 'b', 'c'], ['c']]);
    expect(q2.pending).toHaveLength(0);
  });

  it('sets aside a record the server rejects as invalid so later records still go out', async () => {
    const storage = new MemoryStorage();
    storage.setItem(queueStorageKey(SESSION), JSON.stringify([record(0), record(1), record(2)]));
    const q = queue(storage, {
      send: async (rs) => {
        const bad = rs.findIndex((r) => r.trialIndex === 1);
        if (bad >= 0) throw new ApiError(422, 'rtMs must not be negative', `responses[${bad}].rtMs`);
        return rs.map((r) => r.responseId);
      },
    });
    q.start();
    await settle();
    await settle();
    expect(q.pending).toHaveLength(0);
    const rejected = JSON.parse(storage.getItem(rejectedStorageKey(SESSION))!) as Array<{ record: ResponseRecord; field: string }>;
    expect(rejected.map((x) => [x.record.responseId, x.field])).toEqual([['r-1', 'responses[1].rtMs']]);
  });

  it('resolves drain only when every record is confirmed, retrying at once', async () => {
    const storage = new MemoryStorage();
    let online = false;
    const q = queue(storage, {
      send: async (rs) => {
        if (!online) throw new ApiError(0, 'offline');
        return rs.map((r) => r.responseId);
      },
      baseDelayMs: 60_000, maxDelayMs: 60_000,
    });
    q.enqueue(record(0));
    await settle();
    let drained = false;
    void q.drain().then(() => { drained = true; });
    await settle();
    expect(drained).toBe(false);
    online = true;
    q.retryNow();
    await settle();
    expect(drained).toBe(true);
  });

  it('reports the number of waiting records on every change', async () => {
    const counts: number[] = [];
    const q = queue(new MemoryStorage(), { onChange: (s) => counts.push(s.pending) });
    q.enqueue(record(0));
    q.enqueue(record(1));
    await settle();
    expect(counts[0]).toBe(1);
    expect(counts[1]).toBe(2);
    expect(counts.at(-1)).toBe(0);
  });
});
