/**
 * The screen a triplet trial draws on: three canvases side by side, each inside the button that
 * chooses it (data-testid triplet-option-0, -1, -2, left to right). Built once per session and
 * reused by every trial, so no element is created or laid out while a trial runs.
 */
import { imageSize, type DecodedImage } from '../../core/images';
import { BACKGROUND } from '../masked/display';

/** The three positions, left to right. */
export const POSITIONS = [0, 1, 2] as const;
export type Position = (typeof POSITIONS)[number];

const FIXATION_COLOUR = '#000000';
const FIXATION_HALF_LENGTH = 8;

/** The data-testid of the option at a position (issue 13). */
export function optionTestId(position: Position): string {
  return `triplet-option-${position}`;
}

export class TripletDisplay {
  readonly root: HTMLElement;
  /** One button per position, left to right; each holds its canvas. */
  readonly options: readonly [HTMLButtonElement, HTMLButtonElement, HTMLButtonElement];
  readonly canvases: readonly [HTMLCanvasElement, HTMLCanvasElement, HTMLCanvasElement];
  private readonly contexts: Array<CanvasRenderingContext2D | null>;
  private readonly keyHints: HTMLElement[] = [];
  /** Side of each canvas in CSS px; images are enlarged to it. */
  private box = 0;

  constructor(parent: HTMLElement, private readonly win: Window = window) {
    const doc = parent.ownerDocument;
    this.root = doc.createElement('section');
    this.root.className = 'trial triplet';
    this.root.setAttribute('aria-label', 'Trial');
    this.root.hidden = true;
    const row = doc.createElement('div');
    row.className = 'triplet-options';
    row.setAttribute('role', 'group');
    row.setAttribute('aria-label', 'Your answer');
    const options: HTMLButtonElement[] = [];
    const canvases: HTMLCanvasElement[] = [];
    for (const position of POSITIONS) {
      const b = doc.createElement('button');
      b.type = 'button';
      b.className = 'triplet-option';
      b.dataset.testid = optionTestId(position);
      b.dataset.position = String(position);
      b.setAttribute('aria-label', `Image ${position + 1}`);
      const canvas = doc.createElement('canvas');
      canvas.className = 'stimulus';
      canvas.setAttribute('aria-hidden', 'true');
      const hint = doc.createElement('kbd');
      hint.textContent = String(position + 1);
      hint.hidden = true;
      b.append(canvas, hint);
      row.append(b);
      options.push(b);
      canvases.push(canvas);
      this.keyHints.push(hint);
    }
    this.options = options as unknown as TripletDisplay['options'];
    this.canvases = canvases as unknown as TripletDisplay['canvases'];
    this.root.append(row);
    parent.append(this.root);
    this.contexts = canvases.map((c) => c.getContext('2d'));
    this.enableChoice(false);
  }

  /**
   * Sizes each canvas to `box` CSS px with a backing store of devicePixelRatio device pixels per
   * CSS pixel (as the masked display does), so images enlarged to the box stay sharp.
   */
  resize(box: number): void {
    const dpr = this.win.devicePixelRatio || 1;
    this.box = box;
    this.canvases.forEach((canvas, i) => {
      canvas.style.width = `${box}px`;
      canvas.style.height = `${box}px`;
      canvas.width = Math.round(box * dpr);
      canvas.height = Math.round(box * dpr);
      const ctx = this.contexts[i];
      if (ctx) {
        ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
        ctx.imageSmoothingEnabled = false;
      }
    });
    this.clear();
  }

  /** Shows keys 1, 2, 3 under the images when the experiment answers by key. */
  showKeys(visible: boolean): void {
    for (const hint of this.keyHints) hint.hidden = !visible;
    this.options.forEach((b, i) => {
      if (visible) b.setAttribute('aria-keyshortcuts', String(i + 1));
      else b.removeAttribute('aria-keyshortcuts');
    });
  }

  /** All three canvases blank (background grey). */
  clear(): void {
    for (const ctx of this.contexts) this.blank(ctx);
  }

  /** A fixation cross on the middle canvas, the others blank. */
  drawFixation(): void {
    this.clear();
    const ctx = this.contexts[1];
    if (!ctx) return;
    const c = Math.floor(this.box / 2) + 0.5;
    ctx.strokeStyle = FIXATION_COLOUR;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(c - FIXATION_HALF_LENGTH, c);
    ctx.lineTo(c + FIXATION_HALF_LENGTH, c);
    ctx.moveTo(c, c - FIXATION_HALF_LENGTH);
    ctx.lineTo(c, c + FIXATION_HALF_LENGTH);
    ctx.stroke();
  }

  /** Draws one image per position, left to right; call inside one rAF callback. */
  drawImages(images: readonly [DecodedImage, DecodedImage, DecodedImage]): void {
    images.forEach((image, i) => this.drawAt(i, image));
  }

  /** Draws the same image (the mask) at all three positions. */
  drawEverywhere(image: DecodedImage): void {
    for (const i of POSITIONS) this.drawAt(i, image);
  }

  /**
   * Buttons take a choice only while enabled (from the images' onset to the choice). Disabling
   * also drops the focus, so an Enter or Space meant for nothing cannot choose the same position
   * again when the next trial enables the buttons.
   */
  enableChoice(enabled: boolean): void {
    const focused = this.root.ownerDocument.activeElement;
    for (const b of this.options) {
      b.disabled = !enabled;
      if (!enabled && focused === b) b.blur();
    }
  }

  /**
   * The image centred, enlarged so its longer side fills the box, nearest-neighbour: the
   * render-size pixels people see are the ones a model gets (issue 10).
   */
  private drawAt(position: number, image: DecodedImage): void {
    const ctx = this.contexts[position];
    this.blank(ctx ?? null);
    if (!ctx) return;
    const native = imageSize(image);
    const scale = this.box / Math.max(native.width, native.height);
    const width = Math.round(native.width * scale);
    const height = Math.round(native.height * scale);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(image, Math.floor((this.box - width) / 2), Math.floor((this.box - height) / 2), width, height);
  }

  private blank(ctx: CanvasRenderingContext2D | null): void {
    if (!ctx) return;
    ctx.fillStyle = BACKGROUND;
    ctx.fillRect(0, 0, this.box, this.box);
  }
}
