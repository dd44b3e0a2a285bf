/**
 * The pages around the trials: consent, instructions, screen check, block start, breaks,
 * completion and errors. Each page is one region with a heading, some content and at most one
 * button carrying a stable data-testid.
 */
import type { QueueState } from '../core/queue';

export interface PageOptions {
  title: string;
  /** Trusted HTML (the server renders and sanitizes Markdown), or plain text. */
  html?: string;
  text?: string;
  button?: { testId: string; label: string };
}

export class Screens {
  private readonly page: HTMLElement;
  private readonly status: HTMLElement;

  constructor(private readonly root: HTMLElement) {
    const doc = root.ownerDocument;
    this.page = doc.createElement('section');
    this.page.className = 'page';
    this.page.setAttribute('aria-live', 'polite');
    this.status = doc.createElement('p');
    this.status.className = 'queue-status';
    this.status.dataset.testid = 'queue-status';
    this.status.setAttribute('role', 'status');
    root.append(this.page, this.status);
  }

  /** Shows a page; resolves with its button once the page is shown (click it via {@link pressed}). */
  show(opts: PageOptions): { button: HTMLButtonElement | null; body: HTMLElement; pressed: Promise<void> } {
    const doc = this.root.ownerDocument;
    this.page.hidden = false;
    this.page.replaceChildren();
    const h = doc.createElement('h1');
    h.textContent = opts.title;
    const body = doc.createElement('div');
    body.className = 'page-body';
    if (opts.html !== undefined) body.innerHTML = opts.html;
    if (opts.text !== undefined) {
      const p = doc.createElement('p');
      p.textContent = opts.text;
      body.append(p);
    }
    this.page.append(h, body);
    let button: HTMLButtonElement | null = null;
    let pressed: Promise<void> = new Promise(() => {});
    if (opts.button) {
      const b = doc.createElement('button');
      b.type = 'button';
      b.className = 'primary';
      b.dataset.testid = opts.button.testId;
      b.textContent = opts.button.label;
      this.page.append(b);
      pressed = new Promise((resolve) => b.addEventListener('click', () => resolve(), { once: true }));
      button = b;
    }
    // Focus moves to the heading so screen readers start reading the new page from the top.
    h.tabIndex = -1;
    h.focus();
    return { button, body, pressed };
  }

  /** Shows a page and waits for its button. */
  async ask(opts: PageOptions & { button: { testId: string; label: string } }): Promise<void> {
    await this.show(opts).pressed;
  }

  message(title: string, text: string): HTMLElement {
    return this.show({ title, text }).body;
  }

  /** A page that ends the visit without being an error (e.g. the study is closed), with a testid to find it by. */
  notice(title: string, text: string, testId: string): void {
    const body = this.message(title, '');
    body.replaceChildren();
    const p = this.root.ownerDocument.createElement('p');
    p.dataset.testid = testId;
    p.textContent = text;
    body.append(p);
  }

  /** A problem the participant must see; role=alert so screen readers announce it. */
  error(title: string, text: string): void {
    const body = this.message(title, '');
    body.replaceChildren();
    const p = this.root.ownerDocument.createElement('p');
    p.setAttribute('role', 'alert');
    p.className = 'error';
    p.dataset.testid = 'error';
    p.textContent = text;
    body.append(p);
  }

  hide(): void {
    this.page.hidden = true;
  }

  /** The status line: how many responses still wait to be sent. */
  showQueue(state: QueueState): void {
    const n = state.pending;
    this.status.textContent = n === 0 ? ''
      : `${n} response${n === 1 ? '' : 's'} waiting to be sent${state.lastError ? ' (connection problem, retrying)' : ''}`;
  }

  completion(code: string, redirectUrl: string | null): void {
    const doc = this.root.ownerDocument;
    const body = this.message('Thank you!', 'All your responses have been saved. Your completion code is:');
    const c = doc.createElement('p');
    c.className = 'completion-code';
    c.dataset.testid = 'completion-code';
    c.textContent = code;
    body.append(c);
    if (redirectUrl) {
      const p = doc.createElement('p');
      const a = doc.createElement('a');
      a.href = redirectUrl;
      a.textContent = 'continue';
      p.append('You will be taken back to the study site; if nothing happens, ', a, '.');
      body.append(p);
    }
  }
}
