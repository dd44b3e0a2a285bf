import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checksum, compose, noise } from '../src/plugins/clickme/composition';

interface Case { width: number; height: number; seed: number; noiseSd: number; noiseMean?: number; reveals: { x: number; y: number; size: number }[]; checksum: number; composed: number[] }
const fixture = JSON.parse(readFileSync(join(process.cwd(), 'test/fixtures/clickme-composition.json'), 'utf8')) as { cases: Case[] };

function image(width: number, height: number): Uint8Array {
  const grey = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) grey[y * width + x] = (x * 37 + y * 11 + 5) % 256;
  return grey;
}

describe('ClickMe composition', () => {
  it('produces exactly the server\'s pixels on the shared fixture', () => {
    for (const c of fixture.cases) {
      const out = compose(image(c.width, c.height), c.width, c.height, c.reveals, c.seed, { mean: c.noiseMean ?? 128, sd: c.noiseSd });
      expect(Array.from(out)).toEqual(c.composed);
      expect(checksum(out)).toBe(c.checksum);
    }
  });

  it('shows noise with mean 128 and the configured spread over unrevealed pixels', () => {
    const n = 20000;
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const v = noise(12345, i, { mean: 128, sd: 40 });
      sum += v;
      squares += v * v;
    }
    const mean = sum / n;
    expect(mean).toBeGreaterThan(127);
    expect(mean).toBeLessThan(129);
    expect(Math.sqrt(squares / n - mean * mean)).toBeCloseTo(40, 0);
  });
});

describe('a colour stimulus (issue 10)', () => {
  it('shows its colours where revealed and grey noise in every channel elsewhere, as RevealComposition does', () => {
    const width = 6;
    const height = 5;
    const rgb = new Uint8Array(3 * width * height);
    for (let i = 0; i < rgb.length; i++) rgb[i] = (i * 53 + 17) % 256;
    const n = { mean: 128, sd: 64 };
    const composed = compose(rgb, width, height, [{ x: 2, y: 2, size: 2 }], 1234, n);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = y * width + x;
        const inside = x >= 1 && x < 3 && y >= 1 && y < 3;
        for (let c = 0; c < 3; c++) expect(composed[3 * i + c]).toBe(inside ? rgb[3 * i + c] : noise(1234, i, n));
      }
    }
    // the checksum RevealCompositionTest computes for the same case
    expect(checksum(composed)).toBe(444784961);
  });
});
