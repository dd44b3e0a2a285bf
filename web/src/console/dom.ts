/**
 * A tiny element builder. Text reaches the page only through textContent and text nodes, so a
 * title like `<img onerror=…>` typed by an experimenter is shown as those characters, never run
 * (issue 6: "text an experimenter enters can never run as script").
 */

export type Child = Node | string | number | null | undefined | false;

export type Attrs = Record<string, unknown>;

/** Properties set on the element itself rather than as attributes, so they reflect live state. */
const PROPERTIES = new Set(['value', 'checked', 'disabled', 'hidden', 'selected', 'readOnly', 'indeterminate']);

/** href/src values that would run script when followed or loaded. */
const SCRIPT_URL = /^\s*(javascript|vbscript|data:text\/html)/i;

/**
 * Creates an element. Attributes: `testid` → data-testid; `class`; `on<event>` → listener;
 * value/checked/disabled/hidden/… → properties; true → empty attribute; false/null/undefined → left out.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) setAttrs(el, attrs);
  append(el, ...children);
  return el;
}

/** Appends children; strings become text nodes. */
export function append(parent: Node, ...children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces every child of an element. */
export function replace(parent: Element, ...children: (Child | Child[])[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

function setAttrs(el: HTMLElement, attrs: Attrs): void {
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || (value === false && !PROPERTIES.has(key))) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value as EventListener);
    } else if (key === 'testid') {
      el.dataset.testid = String(value);
    } else if (key === 'class') {
      el.className = String(value);
    } else if (PROPERTIES.has(key)) {
      (el as unknown as Record<string, unknown>)[key] = value;
    } else if ((key === 'href' || key === 'src') && SCRIPT_URL.test(String(value))) {
      throw new Error(`refusing a script URL in ${key}`);
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
}

/**
 * A fragment of a data-testid made from a name: lower-case, every run of other characters
 * than a–z and 0–9 written as one '-' ("T-shirt/top" → "t-shirt-top", "Ankle boot" → "ankle-boot").
 */
export function testIdPart(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/** A paragraph for a problem the user must see; role=alert so screen readers announce it. */
export function errorText(testid: string): HTMLParagraphElement {
  return h('p', { class: 'error', role: 'alert', testid, hidden: true });
}

/** Shows a message in an element made by {@link errorText}, or hides it for null. */
export function showMessage(el: HTMLElement, message: string | null): void {
  el.textContent = message ?? '';
  el.hidden = message === null || message === '';
}
