import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ImageCache, type DecodedImage, type PreloadRetry } from '../src/core/images';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A decoder whose server is away for the first `outage` requests of each URL. */
function flakyDecoder(outage: number) {
  const attempts = new Map<string, number>();
  const decode = async (url: string): Promise<DecodedImage> => {
    const n = (attempts.get(url) ?? 0) + 1;
    attempts.set(url, n);
    if (n <= outage) throw new Error('Failed to fetch');
    return { width: 224, height: 224 } as unknown as DecodedImage;
  };
  return { decode, attempts };
}

describe('ImageCache.preloadRetrying', () => {
  it('retries through an outage with growing waits, says so, and finishes by itself', async () => {
    const { decode, attempts } = flakyDecoder(4);
    const cache = new ImageCache(decode);
    const retries: PreloadRetry[] = [];
    let recovered = 0;
    let done = false;
    const loading = cache.preloadRetrying(['/stimuli/a.png', '/stimuli/b.png'], {
      baseDelayMs: 1000, maxDelayMs: 4000, random: () => 1,
      onRetry: (r) => retries.push(r), onRecovered: () => { recovered += 1; },
    }).then(() => { done = true; });

    await vi.advanceTimersByTimeAsync(0);
    expect(retries.map((r) => r.retryInMs)).toEqual([1000]);
    expect(retries[0]!.error).toContain('Failed to fetch');
    await vi.advanceTimersByTimeAsync(999);
    expect(retries.length).toBe(1); // still waiting: no request before its time
    await vi.advanceTimersByTimeAsync(1 + 2000 + 4000 + 4000); // capped at maxDelayMs
    expect(retries.map((r) => r.retryInMs)).toEqual([1000, 2000, 4000, 4000]);
    await loading;

    expect(done).toBe(true);
    expect(recovered).toBe(1);
    expect(attempts.get('/stimuli/a.png')).toBe(5);
    expect(cache.get('/stimuli/b.png')).toBeDefined();
  });

  it('gives up never: after far longer than the old 31 s limit it is still trying', async () => {
    const { decode } = flakyDecoder(Number.MAX_SAFE_INTEGER);
    const cache = new ImageCache(decode);
    let failures = 0;
    let settled = false;
    void cache.preloadRetrying(['/stimuli/a.png'], { random: () => 0, onRetry: (r) => { failures = r.failures; } })
      .finally(() => { settled = true; });
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(settled).toBe(false);
    expect(failures).toBeGreaterThan(20);
  });

  it('does not fetch again what a failed attempt already decoded', async () => {
    let bFailures = 0;
    const requested: string[] = [];
    const cache = new ImageCache(async (url) => {
      requested.push(url);
      if (url.endsWith('b.png') && bFailures++ < 2) throw new Error('503');
      return { width: 1, height: 1 } as unknown as DecodedImage;
    });
    const loading = cache.preloadRetrying(['/a.png', '/b.png'], { random: () => 1, baseDelayMs: 100 });
    await vi.advanceTimersByTimeAsync(1_000);
    await loading;
    expect(requested.filter((u) => u === '/a.png').length).toBe(1);
    expect(requested.filter((u) => u === '/b.png').length).toBe(3);
  });
});
