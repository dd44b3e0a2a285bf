import { h } from '../dom';
import type { Page } from '../page';

export const notFoundPage: Page = (root) => {
  root.replaceChildren(
    h('h1', null, 'Not found'),
    h('p', { testid: 'not-found' }, 'There is no console page at this address. ',
      h('a', { href: '/console/experiments' }, 'Go to the experiments'), '.'));
};
