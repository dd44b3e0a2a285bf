/** Small building blocks the pages share: busy buttons, copy buttons, tables, progress. */
import { ApiError } from './api';
import { h, type Child } from './dom';
import { waitTime } from './format';

/** A message for any failure, as the user should read it. */
export function describeError(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 429 && e.retryAfterSeconds !== null) return `${e.message} (try again in ${waitTime(e.retryAfterSeconds)})`;
    return e.field !== null && !e.message.includes(e.field) ? `${e.field}: ${e.message}` : e.message;
  }
  return e instanceof Error ? e.message : String(e);
}

/**
 * Runs work while the button is disabled and says what is happening, so a long action shows
 * it is busy and cannot be started twice.
 */
export async function whileBusy<T>(button: HTMLButtonElement, busyLabel: string, work: () => Promise<T>): Promise<T> {
  const label = button.textContent;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  button.textContent = busyLabel;
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    button.textContent = label;
  }
}

/** A button that copies text to the clipboard and says so. */
export function copyButton(testid: string, text: () => string, label = 'Copy'): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'secondary', testid }, label);
  button.addEventListener('click', () => {
    void copyText(text()).then((ok) => {
      button.textContent = ok ? 'Copied' : 'Select and copy by hand';
      setTimeout(() => (button.textContent = label), 2000);
    });
  });
  return button;
}

/**
 * navigator.clipboard exists only in secure contexts; a console served over plain http on a
 * lab network falls back to the older selection copy.
 */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = h('textarea', { class: 'offscreen', readOnly: true, value: text });
    document.body.append(area);
    area.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    } finally {
      area.remove();
    }
  }
}

/** A table with a header row; each row is a list of cells. */
export function table(testid: string, headers: string[], rows: HTMLTableRowElement[]): HTMLTableElement {
  return h('table', { testid },
    h('thead', null, h('tr', null, headers.map((text) => h('th', { scope: 'col' }, text)))),
    h('tbody', null, rows));
}

export function row(attrs: Record<string, unknown> | null, ...cells: Child[]): HTMLTableRowElement {
  return h('tr', attrs, cells.map((cell) => h('td', null, cell)));
}

/** A progress bar with its "done / total" readout. */
export class ProgressBar {
  readonly element: HTMLElement;
  private readonly bar: HTMLProgressElement;
  private readonly readout: HTMLElement;

  constructor(testid: string) {
    this.bar = h('progress', { testid, max: 1, value: 0 });
    this.readout = h('span', { class: 'progress-readout', testid: `${testid}-text` });
    this.element = h('div', { class: 'progress', hidden: true }, this.bar, this.readout);
  }

  /** total 0 or unknown: an indeterminate bar. */
  set(done: number, total: number, text: string): void {
    this.element.hidden = false;
    if (total > 0) {
      this.bar.max = total;
      this.bar.value = Math.min(done, total);
    } else {
      this.bar.removeAttribute('value');
    }
    this.readout.textContent = text;
  }

  hide(): void {
    this.element.hidden = true;
  }
}
