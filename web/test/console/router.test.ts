import { describe, expect, it } from 'vitest';
import { isConsolePath, matchRoute, Router, type HistoryHost, type Route } from '../../src/console/router';

const routes: Route<string>[] = [
  { pattern: '/console/experiments', target: 'list' },
  { pattern: '/console/experiments/new', target: 'new' },
  { pattern: '/console/experiments/:slug/:tab', target: 'experiment' },
];

describe('route matching', () => {
  it('matches literal segments and names the placeholders', () => {
    expect(matchRoute(routes, '/console/experiments')?.route.target).toBe('list');
    const m = matchRoute(routes, '/console/experiments/masked-demo/monitor');
    expect(m?.route.target).toBe('experiment');
    expect(m?.params).toEqual({ slug: 'masked-demo', tab: 'monitor' });
  });

  it('takes the first route that matches, so literals listed first win over placeholders', () => {
    expect(matchRoute(routes, '/console/experiments/new')?.route.target).toBe('new');
  });

  it('ignores a trailing slash and decodes the placeholders', () => {
    expect(matchRoute(routes, '/console/experiments/')?.route.target).toBe('list');
    expect(matchRoute(routes, '/console/experiments/a%20b/edit')?.params.slug).toBe('a b');
  });

  it('matches nothing for other paths', () => {
    expect(matchRoute(routes, '/console/nope')).toBeNull();
    expect(matchRoute(routes, '/console/experiments/a/b/c')).toBeNull();
  });

  it('accepts only console paths as a place to return to after login', () => {
    expect(isConsolePath('/console/experiments')).toBe(true);
    expect(isConsolePath('/console')).toBe(true);
    expect(isConsolePath('//evil.example/console')).toBe(false);
    expect(isConsolePath('https://evil.example/console/')).toBe(false);
    expect(isConsolePath('/consoleX')).toBe(false);
  });
});

function fakeWindow(path: string) {
  const listeners: (() => void)[] = [];
  const host: HistoryHost & { pushes: string[]; back(to: string): void } = {
    location: { pathname: path, search: '' },
    pushes: [],
    history: {
      pushState: (_d, _u, url) => {
        host.pushes.push(url);
        setUrl(url);
      },
      replaceState: (_d, _u, url) => setUrl(url),
    },
    addEventListener: (_type, listener) => listeners.push(listener),
    back(to: string) {
      setUrl(to);
      listeners.forEach((l) => l());
    },
  };
  function setUrl(url: string) {
    const [pathname, search] = url.split('?');
    host.location = { pathname: pathname!, search: search === undefined ? '' : `?${search}` };
  }
  return host;
}

describe('history router', () => {
  it('shows the first page, pushes new ones and follows the back button', () => {
    const host = fakeWindow('/console/experiments');
    const shown: string[] = [];
    const router = new Router(host, (p, s) => shown.push(p + s));
    router.start();
    router.navigate('/console/models?x=1');
    router.navigate('/console/login', { replace: true });
    host.back('/console/experiments');
    expect(shown).toEqual(['/console/experiments', '/console/models?x=1', '/console/login', '/console/experiments']);
    expect(host.pushes).toEqual(['/console/models?x=1']);
  });

  it('turns clicks on console links into navigation, but leaves downloads and other sites alone', () => {
    const host = fakeWindow('/console/experiments');
    const shown: string[] = [];
    const router = new Router(host, (p) => shown.push(p));
    const root = document.createElement('div');
    document.body.append(root);
    router.interceptLinks(root);
    // Runs after the router's listener and records its verdict.
    let preventedByRouter = false;
    root.addEventListener('click', (e) => {
      preventedByRouter = e.defaultPrevented;
    });
    // happy-dom follows a target=_blank link the router leaves alone into a new page; no need here.
    const navigation = (window as unknown as { happyDOM: { settings: { navigation: { disableChildPageNavigation: boolean } } } })
      .happyDOM.settings.navigation;
    navigation.disableChildPageNavigation = true;
    const link = (href: string, extra: Record<string, string> = {}) => {
      const a = document.createElement('a');
      a.setAttribute('href', href);
      for (const [k, v] of Object.entries(extra)) a.setAttribute(k, v);
      const span = document.createElement('span');
      a.append(span);
      root.append(a);
      return span;
    };
    const click = (el: Element) => {
      const e = new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 });
      el.dispatchEvent(e);
      return preventedByRouter;
    };
    expect(click(link('/console/models'))).toBe(true);
    expect(click(link('/api/experiments/a/responses?format=csv', { download: '' }))).toBe(false);
    expect(click(link('/console/tokens', { target: '_blank' }))).toBe(false);
    expect(click(link('https://example.org/'))).toBe(false);
    expect(shown).toEqual(['/console/models']);
    navigation.disableChildPageNavigation = false;
    root.remove();
  });
});
