/**
 * The pages around the trials: consent, instructions, screen check, block start, breaks,
 * completion and errors. Each page is one region with a heading, some content and at most one
 * button carrying a stable data-testid.
 */
import type { Completion } from '../core/api';
import type { QueueState } from '../core/queue';
import { fill, textTable, type TextTable } from './texts';

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
  private readonly progressBar: HTMLElement;
  /** The fixed texts in the participant's language; replaced once the experiment is known. */
  texts: TextTable = textTable('en');

  constructor(private readonly root: HTMLElement) {
    const doc = root.ownerDocument;
    this.progressBar = doc.createElement('div');
    this.progressBar.className = 'study-progress';
    this.progressBar.dataset.testid = 'progress';
    this.progressBar.setAttribute('role', 'progressbar');
    this.progressBar.hidden = true;
    this.progressBar.append(doc.createElement('div'));
    this.page = doc.createElement('section');
    this.page.className = 'page';
    this.page.setAttribute('aria-live', 'polite');
    this.status = doc.createElement('p');
    this.status.className = 'queue-status';
    this.status.dataset.testid = 'queue-status';
    this.status.setAttribute('role', 'status');
    root.append(this.progressBar, this.page, this.status);
  }

  /** The progress bar: trials done of the session's total, shown from the first block on. */
  showProgress(done: number, total: number): void {
    const bar = this.progressBar;
    bar.hidden = false;
    bar.setAttribute('aria-valuemin', '0');
    bar.setAttribute('aria-valuemax', String(total));
    bar.setAttribute('aria-valuenow', String(done));
    const label = fill(this.texts.progress, { done, total });
    bar.setAttribute('aria-label', label);
    bar.title = label;
    (bar.firstElementChild as HTMLElement).style.width = `${total === 0 ? 0 : (100 * done) / total}%`;
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
    this.status.textContent = n === 0 ? '' : fill(state.lastError ? this.texts.queueRetrying : this.texts.queueWaiting, { n });
  }

  /**
   * The completion page; with a withdrawal code, also the code, the address to use it at later
   * and a button that withdraws at once (resolving when pressed).
   */
  completion(completion: Completion, onWithdraw?: () => Promise<void>): void {
    const doc = this.root.ownerDocument;
    const t = this.texts;
    this.progressBar.hidden = true;
    const body = this.message(t.thanksTitle, t.thanksText);
    const c = doc.createElement('p');
    c.className = 'completion-code';
    c.dataset.testid = 'completion-code';
    c.textContent = completion.code;
    body.append(c);
    this.redirect(body, completion.redirectUrl);
    if (completion.withdrawCode && onWithdraw) {
      const origin = this.root.ownerDocument.defaultView?.location.origin ?? '';
      const p = doc.createElement('p');
      p.textContent = fill(t.withdrawCodeText, { url: `${origin}/withdraw` });
      const link = doc.createElement('a');
      link.href = `${origin}/withdraw#code=${encodeURIComponent(completion.withdrawCode)}`;
      link.dataset.testid = 'withdraw-link';
      link.textContent = link.href;
      p.append(' ', link);
      const code = doc.createElement('p');
      code.className = 'withdraw-code';
      code.dataset.testid = 'withdraw-code';
      code.textContent = completion.withdrawCode;
      const button = doc.createElement('button');
      button.type = 'button';
      button.dataset.testid = 'withdraw';
      button.textContent = t.withdrawButton;
      button.addEventListener('click', () => {
        const view = doc.defaultView;
        if (view && typeof view.confirm === 'function' && !view.confirm(t.withdrawConfirm)) return;
        button.disabled = true;
        void onWithdraw();
      });
      body.append(p, code, button);
    }
  }

  /** The screen-out ending: its own code (when configured) and redirect. */
  screenOut(ending: Completion): void {
    const doc = this.root.ownerDocument;
    this.progressBar.hidden = true;
    const body = this.message(this.texts.screenOutTitle, this.texts.screenOutText);
    const c = doc.createElement('p');
    c.className = 'completion-code';
    c.dataset.testid = 'screenout-code';
    c.textContent = ending.code ?? '';
    body.append(c);
    this.redirect(body, ending.redirectUrl);
  }

  /** The page after a withdrawal. */
  withdrawn(): void {
    this.progressBar.hidden = true;
    this.notice(this.texts.withdrawnTitle, this.texts.withdrawnText, 'withdrawn');
  }

  private redirect(body: HTMLElement, redirectUrl: string | null): void {
    if (!redirectUrl) return;
    const doc = this.root.ownerDocument;
    const p = doc.createElement('p');
    const a = doc.createElement('a');
    a.href = redirectUrl;
    a.textContent = this.texts.redirectLink;
    p.append(this.texts.redirectNotice, a, '.');
    body.append(p);
  }
}
