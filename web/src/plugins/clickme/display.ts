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

  /**
   * The pixels of a decoded stimulus, read back through a canvas: grey values (width × height)
   * when every pixel has R = G = B, otherwise interleaved R, G, B (issue 10) — the rule the
   * server's StimulusPixels applies to the same PNG.
   */
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
    let grey = true;
    for (let i = 0; i < width * height && grey; i++) {
      grey = data[4 * i] === data[4 * i + 1] && data[4 * i + 1] === data[4 * i + 2];
    }
    const channels = grey ? 1 : 3;
    const pixels = new Uint8Array(channels * width * height);
    for (let i = 0; i < width * height; i++) {
      for (let c = 0; c < channels; c++) pixels[channels * i + c] = data[4 * i + c]!;
    }
    return pixels;
  }

  /** Draws the rectangle [x0, x1) × [y0, y1) of the composition (grey, or interleaved RGB). */
  draw(pixels: Uint8Array, width: number, rect: { x0: number; y0: number; x1: number; y1: number }): void {
    if (!this.ctx || !this.rgba) return;
    const data = this.rgba.data;
    const channels = pixels.length === 3 * width * (this.rgba.height) ? 3 : 1;
    for (let y = rect.y0; y < rect.y1; y++) {
      for (let x = rect.x0; x < rect.x1; x++) {
        const i = y * width + x;
        data[4 * i] = pixels[channels * i]!;
        data[4 * i + 1] = pixels[channels * i + (channels === 3 ? 1 : 0)]!;
        data[4 * i + 2] = pixels[channels * i + (channels === 3 ? 2 : 0)]!;
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
