/** The frame around every signed-in page: who is signed in, the navigation and logout. */
import { h } from './dom';
import type { Account } from './types';

export type NavKey = 'experiments' | 'stimuli' | 'models' | 'tokens' | 'accounts';

const NAV: { key: NavKey; label: string; href: string; adminOnly?: boolean }[] = [
  { key: 'experiments', label: 'Experiments', href: '/console/experiments' },
  { key: 'stimuli', label: 'Stimulus sets', href: '/console/stimulus-sets' },
  { key: 'models', label: 'Models', href: '/console/models' },
  { key: 'tokens', label: 'Tokens', href: '/console/tokens' },
  { key: 'accounts', label: 'Accounts', href: '/console/accounts', adminOnly: true },
];

/** Builds the header and an empty main region; answers the region pages render into. */
export function renderShell(root: HTMLElement, account: Account, active: NavKey | null, onLogout: (button: HTMLButtonElement) => void): HTMLElement {
  const logout = h('button', { type: 'button', class: 'secondary', testid: 'logout' }, 'Log out');
  logout.addEventListener('click', () => onLogout(logout));
  const links = NAV.filter((item) => item.adminOnly !== true || account.role === 'admin').map((item) =>
    h('a', {
      href: item.href,
      testid: `nav-${item.key}`,
      class: item.key === active ? 'active' : null,
      'aria-current': item.key === active ? 'page' : null,
    }, item.label));
  const header = h('header', { class: 'console-header' },
    h('a', { href: '/console/experiments', class: 'brand' }, 'Tandem'),
    h('nav', { 'aria-label': 'Console' }, links),
    h('div', { class: 'who' },
      h('span', { testid: 'header-username' }, account.username),
      h('span', { class: 'role', testid: 'header-role' }, account.role),
      logout));
  const main = h('main', { class: 'console-main', id: 'console-main' });
  root.replaceChildren(header, main);
  return main;
}
