/**
 * The screen a ClickMe round uses: the canvas the participant reveals on, a time bar, the
 * partner's current guess, a skip button, and (after the round) the points and a next button.
 * Built once per session and reused by every round.
 */
import { imageSize, type DecodedImage } from '../../core/images';
import { BACKGROUND } from '../masked/display';

export class ClickMeDisplay {
  readonly root: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  readonly skip: HTMLButtonElement;
  readonly next: HTMLButtonElement;
  readonly points: HTMLElement;
  readonly guess: HTMLElement;
  readonly timeBar: HTMLElement;
  private readonly ctx: CanvasRenderingContext2D | null;
  private rgba: ImageData | null = null;

  constructor(parent: HTMLElement) {
    const doc = parent.ownerDocument;
    this.root = doc.createElement('section');
    this.root.className = 'trial clickme';
    this.root.setAttribute('aria-label', 'ClickMe round');
    this.root.hidden = true;
    this.canvas = doc.createElement('canvas');
    this.canvas.dataset.testid = 'clickme-canvas';
    this.canvas.style.cursor = 'crosshair';
    this.canvas.style.touchAction = 'none';
    this.canvas.style.background = BACKGROUND;
    const bar = doc.createElement('div');
    bar.className = 'clickme-time';
    bar.style.cssText = 'height:6px;background:#ccc;margin:8px auto;width:224px';
    this.timeBar = doc.createElement('div');
    this.timeBar.style.cssText = 'height:100%;background:#333;width:100%';
    bar.append(this.timeBar);
    this.guess = doc.createElement('p');
    this.guess.setAttribute('role', 'status');
    this.guess.dataset.testid = 'clickme-guess';
    this.points = doc.createElement('p');
    this.points.dataset.testid = 'clickme-points';
    this.points.hidden = true;
    this.skip = button(doc, 'clickme-skip', 'Skip');
    this.next = button(doc, 'clickme-next', 'Next');
    this.next.hidden = true;
    this.root.append(this.canvas, bar, this.guess, this.points, this.skip, this.next);
    parent.append(this.root);
    this.ctx = this.canvas.getContext('2d');
  }

  resize(width: number, height: number): void {
    this.canvas.width = width;
    this.canvas.height = height;
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    this.rgba = this.ctx ? this.ctx.createImageData(width, height) : null;
  }

  /** Grey values of a decoded stimulus (its first channel), read back through a canvas. */
  greyOf(image: DecodedImage): Uint8Array {
    const { width, height } = imageSize(image);
    const doc = this.root.ownerDocument;
    const scratch = doc.createElement('canvas');
    scratch.width = width;
    scratch.height = height;
    const ctx = scratch.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('this browser cannot draw on a canvas');
    ctx.drawImage(image, 0, 0);
    const data = ctx.getImageData(0, 0, width, height).data;
    const grey = new Uint8Array(width * height);
    for (let i = 0; i < grey.length; i++) grey[i] = data[4 * i]!;
    return grey;
  }

  /** Draws the rectangle [x0, x1) × [y0, y1) of the grey composition. */
  draw(pixels: Uint8Array, width: number, rect: { x0: number; y0: number; x1: number; y1: number }): void {
    if (!this.ctx || !this.rgba) return;
    const data = this.rgba.data;
    for (let y = rect.y0; y < rect.y1; y++) {
      for (let x = rect.x0; x < rect.x1; x++) {
        const i = y * width + x;
        const v = pixels[i]!;
        data[4 * i] = v;
        data[4 * i + 1] = v;
        data[4 * i + 2] = v;
        data[4 * i + 3] = 255;
      }
    }
    this.ctx.putImageData(this.rgba, 0, 0, rect.x0, rect.y0, rect.x1 - rect.x0, rect.y1 - rect.y0);
  }

  /** Maps a pointer event to image pixels, whatever the canvas's CSS size. */
  pointOf(event: { clientX: number; clientY: number }): { x: number; y: number } {
    const box = this.canvas.getBoundingClientRect();
    const sx = box.width > 0 ? this.canvas.width / box.width : 1;
    const sy = box.height > 0 ? this.canvas.height / box.height : 1;
    return { x: (event.clientX - box.left) * sx, y: (event.clientY - box.top) * sy };
  }
}

function button(doc: Document, testId: string, label: string): HTMLButtonElement {
  const b = doc.createElement('button');
  b.type = 'button';
  b.dataset.testid = testId;
  b.textContent = label;
  return b;
}
