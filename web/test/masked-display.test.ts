import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DecodedImage } from '../src/core/images';
import { MaskedDisplay } from '../src/plugins/masked/display';

/** A 2D context that records what the display draws. */
function recordingContext() {
  const calls: { smoothing: boolean; args: unknown[] }[] = [];
  const ctx = {
    imageSmoothingEnabled: true,
    fillStyle: '',
    setTransform: () => {},
    fillRect: () => {},
    drawImage(...args: unknown[]) { calls.push({ smoothing: ctx.imageSmoothingEnabled, args }); },
  };
  return { ctx, calls };
}

/** A decoded stimulus of this size (an ImageBitmap's width and height are all the display reads). */
function image(width: number, height: number): DecodedImage {
  return { width, height, close: () => {} } as ImageBitmap;
}

describe('the masked display (issue 10)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('enlarges a render-size stimulus to the display box, nearest-neighbour, centred', () => {
    const { ctx, calls } = recordingContext();
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(ctx as unknown as CanvasRenderingContext2D);
    const display = new MaskedDisplay(document.body, [{ name: 'a', label: 'A', key: 'a' }]);
    display.resize(224 + 64, 224 + 64, 224);

    display.drawImage(image(28, 28));
    expect(calls.at(-1)).toEqual({ smoothing: false, args: [expect.anything(), 32, 32, 224, 224] });

    display.drawImage(image(28, 21)); // fit contain: the longer side fills the box
    expect(calls.at(-1)!.args.slice(1)).toEqual([32, 60, 224, 168]);
  });

  it('draws at the native size when no box is given', () => {
    const { ctx, calls } = recordingContext();
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(ctx as unknown as CanvasRenderingContext2D);
    const display = new MaskedDisplay(document.body, [{ name: 'a', label: 'A', key: 'a' }]);
    display.resize(100, 100);
    display.drawImage(image(28, 28));
    expect(calls.at(-1)!.args.slice(1)).toEqual([36, 36, 28, 28]);
  });
});
