/**
 * Loads and decodes images before a block starts, so no network access or decoding happens
 * while a trial is on screen (DESIGN.md, "masked"). Stimulus URLs are content-addressed, so a
 * URL decoded once never changes and the cache can keep it for the whole session.
 */

/** Anything CanvasRenderingContext2D.drawImage accepts, with its native size. */
export type DecodedImage = ImageBitmap | HTMLImageElement;

export type ImageDecoder = (url: string) => Promise<DecodedImage>;

/** Fetches through an <img> (uses the HTTP cache), then forces full decoding. */
export const browserDecoder: ImageDecoder = async (url) => {
  const img = new Image();
  img.decoding = 'async';
  img.src = url;
  await img.decode();
  if (typeof createImageBitmap === 'function') {
    // An ImageBitmap holds the decoded pixels; an <img> may be evicted and re-decoded later.
    return createImageBitmap(img);
  }
  return img;
};

export function imageSize(image: DecodedImage): { width: number; height: number } {
  return 'naturalWidth' in image
    ? { width: image.naturalWidth, height: image.naturalHeight }
    : { width: image.width, height: image.height };
}

/** What a retrying preload reports while the server cannot be reached. */
export interface PreloadRetry {
  /** How many attempts failed so far (1 after the first). */
  failures: number;
  /** Milliseconds until the next attempt. */
  retryInMs: number;
  /** Why the last attempt failed. */
  error: string;
}

export interface RetryOptions {
  /** First wait after a failure; doubles per failure in a row (ResponseQueue's defaults). */
  baseDelayMs?: number;
  /** The longest wait between attempts. */
  maxDelayMs?: number;
  /** Random number in [0, 1) for jitter (injectable for tests). */
  random?: () => number;
  /** Called after each failure, before waiting. */
  onRetry?: (retry: PreloadRetry) => void;
  /** Called when an attempt after a failure has succeeded. */
  onRecovered?: () => void;
}

export class ImageCache {
  private readonly images = new Map<string, Promise<DecodedImage>>();
  private readonly decoded = new Map<string, DecodedImage>();

  constructor(private readonly decode: ImageDecoder = browserDecoder) {}

  /** Decodes every URL (a few at a time); rejects if any fails, naming the URL. */
  async preload(urls: Iterable<string>, concurrency = 6, onProgress?: (done: number, total: number) => void): Promise<void> {
    const todo = [...new Set(urls)];
    let next = 0;
    let done = 0;
    const worker = async (): Promise<void> => {
      while (next < todo.length) {
        const url = todo[next++]!;
        await this.load(url);
        done += 1;
        onProgress?.(done, todo.length);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, todo.length) }, worker));
  }

  /**
   * {@link preload}, retried until it succeeds: a server restarting or a network outage while
   * images load must not strand a participant (issue 12). Waits grow like the response queue's
   * (exponential backoff with full jitter, floor of half the base, capped), and images decoded
   * by a failed attempt are kept, so each attempt fetches only what is still missing.
   */
  async preloadRetrying(urls: Iterable<string>, options: RetryOptions = {}): Promise<void> {
    const list = [...urls];
    const base = options.baseDelayMs ?? 1000;
    const max = options.maxDelayMs ?? 30_000;
    const random = options.random ?? Math.random;
    for (let failures = 0; ; ) {
      try {
        await this.preload(list);
        if (failures > 0) options.onRecovered?.();
        return;
      } catch (e) {
        failures += 1;
        const ceiling = Math.min(max, base * 2 ** (failures - 1));
        const retryInMs = Math.round(Math.max(base / 2, ceiling * random()));
        options.onRetry?.({ failures, retryInMs, error: e instanceof Error ? e.message : String(e) });
        await new Promise<void>((resolve) => setTimeout(resolve, retryInMs));
      }
    }
  }

  /** The decoded image; throws if it was not preloaded (a trial must never wait for the network). */
  get(url: string): DecodedImage {
    const image = this.decoded.get(url);
    if (image === undefined) throw new Error(`image not preloaded: ${url}`);
    return image;
  }

  private load(url: string): Promise<DecodedImage> {
    let p = this.images.get(url);
    if (p === undefined) {
      p = this.decode(url).then((image) => {
        this.decoded.set(url, image);
        return image;
      }, (e: unknown) => {
        this.images.delete(url); // let a later preload try again
        throw new Error(`could not load image ${url}: ${e instanceof Error ? e.message : String(e)}`);
      });
      this.images.set(url, p);
    }
    return p;
  }
}
