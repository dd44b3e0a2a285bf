/** Helpers for console tests: find by data-testid, type like a user, a scripted API server. */
import { ConsoleApi, type FetchLike } from '../../src/console/api';

export function byTestId<T extends Element = HTMLElement>(root: ParentNode, testid: string): T {
  const el = root.querySelector<T & Element>(`[data-testid="${testid}"]`);
  if (el === null) throw new Error(`no element with data-testid="${testid}"`);
  return el;
}

export function maybeTestId(root: ParentNode, testid: string): HTMLElement | null {
  return root.querySelector<HTMLElement>(`[data-testid="${testid}"]`);
}

/** Sets a control's value and fires the event a user's typing (or choosing) fires. */
export function type(control: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value: string): void {
  control.value = value;
  control.dispatchEvent(new Event(control instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
}

export function check(control: HTMLInputElement, checked: boolean): void {
  control.checked = checked;
  control.dispatchEvent(new Event('change', { bubbles: true }));
}

export interface Answer {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Recorded {
  method: string;
  url: string;
  body: unknown;
  headers: Record<string, string>;
}

/**
 * A fake console API: answers by "METHOD /path" (query ignored unless the key has one), records
 * every request. Unknown routes answer 404.
 */
export class FakeServer {
  readonly requests: Recorded[] = [];
  private readonly routes = new Map<string, (req: Recorded) => Answer>();

  on(route: string, answer: Answer | ((req: Recorded) => Answer)): this {
    this.routes.set(route, typeof answer === 'function' ? answer : () => answer);
    return this;
  }

  readonly fetch: FetchLike = async (url, init) => {
    const method = init.method ?? 'GET';
    const req: Recorded = {
      method,
      url,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      headers: (init.headers ?? {}) as Record<string, string>,
    };
    this.requests.push(req);
    const handler = this.routes.get(`${method} ${url}`) ?? this.routes.get(`${method} ${url.split('?')[0]}`);
    const answer = handler ? handler(req) : { status: 404, body: { error: `no route ${method} ${url}` } };
    const status = answer.status ?? 200;
    return new Response(status === 204 ? null : JSON.stringify(answer.body ?? {}), { status, headers: answer.headers ?? {} });
  };

  api(onUnauthorized: () => void = () => {}): ConsoleApi {
    return new ConsoleApi({ fetch: this.fetch, onUnauthorized });
  }

  calls(route: string): Recorded[] {
    const [method, path] = route.split(' ');
    return this.requests.filter((r) => r.method === method && r.url.split('?')[0] === path);
  }
}

/** Lets pending promise callbacks (fetch answers, their .then chains) run. */
export async function settle(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

/** window.location and window.history as a router sees them, without a real navigation. */
export class FakeHistory {
  location = { pathname: '/', search: '' };
  readonly visited: string[] = [];
  private readonly listeners: (() => void)[] = [];
  readonly history = {
    pushState: (_d: unknown, _u: string, url: string) => this.go(url),
    replaceState: (_d: unknown, _u: string, url: string) => this.go(url),
  };

  constructor(url: string) {
    this.go(url);
  }

  addEventListener(_type: 'popstate', listener: () => void): void {
    this.listeners.push(listener);
  }

  get url(): string {
    return this.location.pathname + this.location.search;
  }

  private go(url: string): void {
    const q = url.indexOf('?');
    this.location = q < 0 ? { pathname: url, search: '' } : { pathname: url.slice(0, q), search: url.slice(q) };
    this.visited.push(url);
  }
}

/** Just enough XMLHttpRequest for an upload: records what was sent, and answers when told. */
export class FakeXhr {
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown = null;
  status = 0;
  statusText = '';
  responseText = '';
  upload: { onprogress: ((e: ProgressEvent) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  private responseHeaders: Record<string, string> = {};

  open(method: string, url: string): void {
    this.method = method;
    this.url = url;
  }

  setRequestHeader(name: string, value: string): void {
    this.headers[name] = value;
  }

  getResponseHeader(name: string): string | null {
    return this.responseHeaders[name] ?? null;
  }

  send(body: unknown): void {
    this.body = body;
  }

  progress(loaded: number, total: number): void {
    this.upload.onprogress?.({ loaded, total, lengthComputable: true } as ProgressEvent);
  }

  answer(status: number, body: string, headers: Record<string, string> = {}): void {
    this.status = status;
    this.responseText = body;
    this.responseHeaders = headers;
    this.onload?.();
  }
}

