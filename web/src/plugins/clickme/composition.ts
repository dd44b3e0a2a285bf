/**
 * The partly revealed image exactly as the server composes it for the partner: the same
 * function as dev.tandem.clickme.RevealComposition, line for line (integer arithmetic only, so
 * both agree to the bit; web/test/fixtures/clickme-composition.json is checked by both).
 *
 * Noise over unrevealed pixels (a stated equivalent of clip(0.5 + N(0, σ))): for pixel i and
 * round seed s, words w_k = h(s XOR h(3i + k)), k = 0..2, h = lowbias32; S = sum of their 12
 * bytes (Irwin–Hall, mean 1530, SD ≈ 256); value = clamp(128 + ((sd·(S − 1530) + 128) >> 8)).
 */

export interface Reveal {
  /** Square centre in display pixels. */
  x: number;
  y: number;
  /** Side in display pixels. */
  size: number;
}

export function lowbias32(input: number): number {
  let x = input | 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b | 0);
  x ^= x >>> 16;
  return x | 0;
}

/** The grey level distribution of the noise over unrevealed pixels. */
export interface Noise { mean: number; sd: number }

/** Noise grey value of pixel `index` in a round with this (uint32) seed. */
export function noise(seed: number, index: number, n: Noise): number {
  let sum = 0;
  for (let k = 0; k < 3; k++) {
    const word = lowbias32((seed | 0) ^ lowbias32(3 * index + k));
    sum += (word & 255) + ((word >>> 8) & 255) + ((word >>> 16) & 255) + (word >>> 24);
  }
  const value = n.mean + ((n.sd * (sum - 1530) + 128) >> 8);
  return Math.max(0, Math.min(255, value));
}

/** The pixels a reveal uncovers: [x0, x1) × [y0, y1), clipped to the image. */
export function revealedRect(r: Reveal, width: number, height: number): { x0: number; y0: number; x1: number; y1: number } {
  const half = r.size >> 1;
  return {
    x0: Math.max(0, r.x - half),
    y0: Math.max(0, r.y - half),
    x1: Math.min(width, r.x - half + r.size),
    y1: Math.min(height, r.y - half + r.size),
  };
}

/**
 * A round's composition, updated reveal by reveal (only the uncovered square changes). The
 * stimulus is grey (width × height values) or colour (3 × width × height, interleaved R, G, B;
 * issue 10); an unrevealed pixel shows its grey noise value in every channel, as
 * RevealComposition.compose does.
 */
export class Composition {
  readonly pixels: Uint8Array;
  readonly channels: number;

  constructor(
    private readonly source: Uint8Array,
    readonly width: number,
    readonly height: number,
    seed: number,
    n: Noise,
  ) {
    this.channels = source.length === 3 * width * height ? 3 : 1;
    if (source.length !== this.channels * width * height) {
      throw new Error(`expected ${width * height} grey or ${3 * width * height} RGB values, got ${source.length}`);
    }
    this.pixels = new Uint8Array(source.length);
    for (let i = 0; i < width * height; i++) {
      const value = noise(seed, i, n);
      for (let c = 0; c < this.channels; c++) this.pixels[i * this.channels + c] = value;
    }
  }

  /** Uncovers a square; returns the changed rectangle. */
  reveal(r: Reveal): { x0: number; y0: number; x1: number; y1: number } {
    const rect = revealedRect(r, this.width, this.height);
    for (let y = rect.y0; y < rect.y1; y++) {
      for (let x = rect.x0; x < rect.x1; x++) {
        const i = (y * this.width + x) * this.channels;
        for (let c = 0; c < this.channels; c++) this.pixels[i + c] = this.source[i + c]!;
      }
    }
    return rect;
  }
}

export function compose(grey: Uint8Array, width: number, height: number, reveals: readonly Reveal[], seed: number, n: Noise): Uint8Array {
  const c = new Composition(grey, width, height, seed, n);
  reveals.forEach((r) => c.reveal(r));
  return c.pixels;
}

/** FNV-1a (32 bit) of the pixels, sent with each query so the server can confirm what was shown. */
export function checksum(pixels: Uint8Array): number {
  let hash = 0x811c9dc5 | 0;
  for (let i = 0; i < pixels.length; i++) {
    hash ^= pixels[i]!;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
