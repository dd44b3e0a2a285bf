/**
 * The screen a masked trial draws on: one canvas, the response buttons and a feedback line.
 * Built once per session and reused by every trial, so no element is created or laid out
 * while a trial runs.
 */
import type { Category } from '../../core/api';
import { imageSize, type DecodedImage } from '../../core/images';
import { responseTestId } from '../../core/testid';

/** Standard mid-grey background of psychophysics experiments; page and canvas share it. */
export const BACKGROUND = '#808080';
const FIXATION_COLOUR = '#000000';
const FIXATION_HALF_LENGTH = 8;

export class MaskedDisplay {
  readonly root: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  readonly buttons = new Map<string, HTMLButtonElement>();
  private readonly responses: HTMLElement;
  private readonly feedback: HTMLElement;
  private readonly ctx: CanvasRenderingContext2D | null;
  private cssWidth = 0;
  /** Side of the display box in CSS pixels that stimuli are enlarged to (undefined: native size). */
  private stimulusBox: number | undefined;
  private cssHeight = 0;

  constructor(parent: HTMLElement, readonly categories: readonly Category[], private readonly win: Window = window) {
    const doc = parent.ownerDocument;
    this.root = doc.createElement('section');
    this.root.className = 'trial';
    this.root.setAttribute('aria-label', 'Trial');
    this.canvas = doc.createElement('canvas');
    this.canvas.className = 'stimulus';
    this.canvas.setAttribute('aria-hidden', 'true');
    this.feedback = doc.createElement('p');
    this.feedback.className = 'feedback';
    this.feedback.setAttribute('role', 'status');
    this.responses = doc.createElement('div');
    this.responses.className = 'responses';
    this.responses.setAttribute('role', 'group');
    this.responses.setAttribute('aria-label', 'Your answer');
    for (const c of categories) {
      const b = doc.createElement('button');
      b.type = 'button';
      b.dataset.testid = responseTestId(c.name);
      b.dataset.category = c.name;
      b.textContent = c.label;
      if (c.key) {
        const k = doc.createElement('kbd');
        k.textContent = c.key;
        b.append(' ', k);
        b.setAttribute('aria-keyshortcuts', c.key);
      }
      this.buttons.set(c.name, b);
      this.responses.append(b);
    }
    this.root.append(this.canvas, this.feedback, this.responses);
    parent.append(this.root);
    this.ctx = this.canvas.getContext('2d');
    this.showResponses(false);
  }

  /**
   * Sizes the canvas in CSS pixels with a backing store of devicePixelRatio device pixels per
   * CSS pixel, so an image drawn at its native size covers exactly 1 CSS px per image px.
   */
  resize(cssWidth: number, cssHeight: number, stimulusBox?: number): void {
    const dpr = this.win.devicePixelRatio || 1;
    this.stimulusBox = stimulusBox;
    this.cssWidth = cssWidth;
    this.cssHeight = cssHeight;
    this.canvas.style.width = `${cssWidth}px`;
    this.canvas.style.height = `${cssHeight}px`;
    this.canvas.width = Math.round(cssWidth * dpr);
    this.canvas.height = Math.round(cssHeight * dpr);
    if (this.ctx) {
      this.ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      this.ctx.imageSmoothingEnabled = false; // no blurring of stimulus pixels on HiDPI screens
    }
    this.clear();
  }

  clear(): void {
    if (!this.ctx) return;
    this.ctx.fillStyle = BACKGROUND;
    this.ctx.fillRect(0, 0, this.cssWidth, this.cssHeight);
  }

  drawFixation(): void {
    this.clear();
    if (!this.ctx) return;
    const x = Math.floor(this.cssWidth / 2) + 0.5;
    const y = Math.floor(this.cssHeight / 2) + 0.5;
    this.ctx.strokeStyle = FIXATION_COLOUR;
    this.ctx.lineWidth = 2;
    this.ctx.beginPath();
    this.ctx.moveTo(x - FIXATION_HALF_LENGTH, y);
    this.ctx.lineTo(x + FIXATION_HALF_LENGTH, y);
    this.ctx.moveTo(x, y - FIXATION_HALF_LENGTH);
    this.ctx.lineTo(x, y + FIXATION_HALF_LENGTH);
    this.ctx.stroke();
  }

  /**
   * Draws the image centred: enlarged so its longer side fills the stimulus box (the display
   * size), nearest-neighbour, so the render-size pixels people see are the ones a model gets
   * (issue 10); without a box, at its native size.
   */
  drawImage(image: DecodedImage): void {
    this.clear();
    if (!this.ctx) return;
    const native = imageSize(image);
    const scale = this.stimulusBox ? this.stimulusBox / Math.max(native.width, native.height) : 1;
    const width = Math.round(native.width * scale);
    const height = Math.round(native.height * scale);
    const x = Math.floor((this.cssWidth - width) / 2);
    const y = Math.floor((this.cssHeight - height) / 2);
    this.ctx.imageSmoothingEnabled = false;
    this.ctx.drawImage(image, x, y, width, height);
  }

  /** visibility (not display) so showing the buttons never moves the canvas. */
  showResponses(visible: boolean): void {
    this.responses.style.visibility = visible ? 'visible' : 'hidden';
    for (const b of this.buttons.values()) b.disabled = !visible;
  }

  showFeedback(text: string | null, correct = false): void {
    this.feedback.textContent = text ?? '';
    this.feedback.classList.toggle('correct', text !== null && correct);
    this.feedback.classList.toggle('wrong', text !== null && !correct);
  }

  remove(): void {
    this.root.remove();
  }
}
