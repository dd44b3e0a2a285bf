/**
 * The console's fetch wrapper (docs/console-api.md): JSON in and out, the login cookie sent
 * same-origin, the CSRF token on every state-changing request, 401 sent to the login page, and
 * every refusal surfaced as an {@link ApiError} carrying the server's `{error, field}`.
 */

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** A refused or failed call. status 0: no HTTP answer at all (offline, connection reset). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The field the server names, e.g. `conditions.durationsMs[2]`; null when none. */
    readonly field: string | null = null,
    /** From Retry-After on a 429: how long to wait before trying again. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface RequestOptions {
  /** False for calls whose 401 is an answer the page shows (a wrong password), not "signed out". */
  redirectOnUnauthorized?: boolean;
}

/** The parts of XMLHttpRequest an upload uses; tests hand in a fake. */
export type XhrFactory = () => XMLHttpRequest;

export interface ConsoleApiOptions {
  /** Called on a 401: the session ended (or never began), so the user must sign in. */
  onUnauthorized: () => void;
  fetch?: FetchLike;
  xhr?: XhrFactory;
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

export class ConsoleApi {
  /** From the login or /api/auth/me answer; sent as X-CSRF-Token on every non-GET. */
  csrfToken: string | null = null;

  private readonly fetchFn: FetchLike;
  private readonly xhrFactory: XhrFactory;
  private readonly onUnauthorized: () => void;

  constructor(options: ConsoleApiOptions) {
    this.onUnauthorized = options.onUnauthorized;
    // Looked up at call time so tests (and polyfills) can replace the globals.
    this.fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.xhrFactory = options.xhr ?? (() => new XMLHttpRequest());
  }

  get<T>(path: string, options?: RequestOptions): Promise<T> {
    return this.request<T>('GET', path, undefined, options);
  }

  post<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>('POST', path, body, options);
  }

  put<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  patch<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }

  delete<T = void>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }

  async request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    this.addCsrf(method, headers);
    let res: Response;
    try {
      res = await this.fetchFn(path, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? null : JSON.stringify(body),
      });
    } catch (e) {
      throw new ApiError(0, `No answer from the server (${e instanceof Error ? e.message : String(e)})`);
    }
    const text = await res.text();
    if (!res.ok) {
      throw this.refusal(res.status, res.statusText, text, res.headers.get('Retry-After'), options);
    }
    return parseBody<T>(text);
  }

  /**
   * Sends bytes with XMLHttpRequest, whose upload.onprogress (unlike fetch) reports how much
   * of a large archive has left the browser.
   */
  upload<T>(path: string, body: Blob, contentType: string, onProgress: (sent: number, total: number) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const xhr = this.xhrFactory();
      xhr.open('POST', path);
      xhr.setRequestHeader('Content-Type', contentType);
      xhr.setRequestHeader('Accept', 'application/json');
      const headers: Record<string, string> = {};
      this.addCsrf('POST', headers);
      for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
      xhr.upload.onprogress = (e: ProgressEvent) => onProgress(e.loaded, e.lengthComputable ? e.total : body.size);
      xhr.onerror = () => reject(new ApiError(0, 'The upload did not reach the server (network error)'));
      xhr.onabort = () => reject(new ApiError(0, 'The upload was cancelled'));
      xhr.onload = () => {
        const text = xhr.responseText;
        if (xhr.status >= 200 && xhr.status < 300) {
          try {
            resolve(parseBody<T>(text));
          } catch (e) {
            reject(e);
          }
        } else {
          reject(this.refusal(xhr.status, xhr.statusText, text, xhr.getResponseHeader('Retry-After'), {}));
        }
      };
      xhr.send(body);
    });
  }

  private addCsrf(method: string, headers: Record<string, string>): void {
    if (!SAFE_METHODS.has(method.toUpperCase()) && this.csrfToken !== null) {
      headers['X-CSRF-Token'] = this.csrfToken;
    }
  }

  private refusal(status: number, statusText: string, text: string, retryAfter: string | null,
    options: RequestOptions): ApiError {
    if (status === 401 && options.redirectOnUnauthorized !== false) this.onUnauthorized();
    const { error, field } = errorBody(text);
    const message = error ?? (statusText !== '' ? `${status} ${statusText}` : `HTTP ${status}`);
    return new ApiError(status, message, field, retryAfterSeconds(retryAfter));
  }
}

function parseBody<T>(text: string): T {
  if (text === '') return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(0, 'The server answered something other than JSON');
  }
}

function errorBody(text: string): { error: string | null; field: string | null } {
  try {
    const json: unknown = JSON.parse(text);
    if (typeof json === 'object' && json !== null) {
      const { error, field } = json as Record<string, unknown>;
      return {
        error: typeof error === 'string' ? error : null,
        field: typeof field === 'string' && field !== '' ? field : null,
      };
    }
  } catch {
    // Not JSON: a proxy's page, say. A short plain text is still worth showing.
  }
  const plain = text.trim();
  return { error: plain !== '' && plain.length < 300 && !plain.startsWith('<') ? plain : null, field: null };
}

/** Retry-After as seconds; the HTTP-date form is turned into seconds from now. */
export function retryAfterSeconds(header: string | null, now: number = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

/** Encodes one path segment (a slug, a username, an image name) for a URL. */
export function seg(value: string | number): string {
  return encodeURIComponent(String(value));
}
