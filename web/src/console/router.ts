/**
 * History routing under /console/...: the server answers every /console path with console.html,
 * so each page has a real URL that survives a reload and can be bookmarked or shared.
 */

export type Params = Record<string, string>;

export interface Route<T> {
  /** Literal segments and `:name` placeholders, e.g. `/console/experiments/:slug/:tab`. */
  pattern: string;
  target: T;
}

export interface Match<T> {
  route: Route<T>;
  params: Params;
}

/** The first route whose pattern matches the path; a trailing slash is ignored. */
export function matchRoute<T>(routes: Route<T>[], pathname: string): Match<T> | null {
  const parts = splitPath(pathname);
  for (const route of routes) {
    const pattern = splitPath(route.pattern);
    if (pattern.length !== parts.length) continue;
    const params: Params = {};
    const matched = pattern.every((p, i) => {
      const part = parts[i]!;
      if (p.startsWith(':')) {
        try {
          params[p.slice(1)] = decodeURIComponent(part);
        } catch {
          return false;
        }
        return part !== '';
      }
      return p === part;
    });
    if (matched) return { route, params };
  }
  return null;
}

function splitPath(path: string): string[] {
  return path.split('/').filter((p) => p !== '');
}

/** The parts of window a router uses; tests hand in a fake. */
export interface HistoryHost {
  location: { pathname: string; search: string };
  history: { pushState(data: unknown, unused: string, url: string): void; replaceState(data: unknown, unused: string, url: string): void };
  addEventListener(type: 'popstate', listener: () => void): void;
}

export class Router {
  constructor(
    private readonly host: HistoryHost,
    /** Called with the path and query of every page shown, including the first. */
    private readonly show: (pathname: string, search: string) => void,
  ) {}

  /** Shows the current URL's page and follows the back and forward buttons from then on. */
  start(): void {
    this.host.addEventListener('popstate', () => this.render());
    this.render();
  }

  /** Goes to a console URL (path with optional query) without reloading the page. */
  navigate(url: string, options: { replace?: boolean } = {}): void {
    if (options.replace === true) this.host.history.replaceState(null, '', url);
    else this.host.history.pushState(null, '', url);
    this.render();
  }

  /** The current path with its query, e.g. for a "next" parameter. */
  get current(): string {
    return this.host.location.pathname + this.host.location.search;
  }

  /**
   * Lets plain `<a href="/console/...">` links navigate in place. Links with a target, a
   * download attribute or a modifier key (open in new tab) keep the browser's behaviour.
   */
  interceptLinks(root: { addEventListener(type: 'click', listener: (e: MouseEvent) => void): void }): void {
    root.addEventListener('click', (e: MouseEvent) => {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const target = e.target as Element | null;
      const link = target?.closest?.('a');
      if (!link || link.hasAttribute('download') || (link.getAttribute('target') ?? '') !== '') return;
      const href = link.getAttribute('href');
      if (href === null || !isConsolePath(href)) return;
      e.preventDefault();
      this.navigate(href);
    });
  }

  private render(): void {
    this.show(this.host.location.pathname, this.host.location.search);
  }
}

/** A same-origin console URL: safe as a "next" target after login (no open redirect). */
export function isConsolePath(url: string): boolean {
  return /^\/console(\/|\?|$)/.test(url) && !url.startsWith('//');
}
