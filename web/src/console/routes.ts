/** Every console URL and the page it shows. Literal routes come before placeholders that would also match. */
import type { Page } from './page';
import { accountsPage } from './pages/accounts';
import { experimentPage, newExperimentPage } from './pages/experiment/frame';
import { experimentsPage } from './pages/experiments';
import { modelsPage } from './pages/models';
import { stimulusSetPage, stimulusSetsPage } from './pages/stimulus-sets';
import { tokensPage } from './pages/tokens';
import type { Params, Route } from './router';
import type { NavKey } from './shell';

export type Target =
  | { page: Page; nav: NavKey | null; adminOnly?: boolean }
  | { redirect: (params: Params) => string };

export const CONSOLE_ROUTES: Route<Target>[] = [
  { pattern: '/console', target: { redirect: () => '/console/experiments' } },
  { pattern: '/console/experiments', target: { page: experimentsPage, nav: 'experiments' } },
  { pattern: '/console/experiments/new', target: { page: newExperimentPage, nav: 'experiments' } },
  { pattern: '/console/experiments/:slug', target: { redirect: (p) => `/console/experiments/${encodeURIComponent(p.slug!)}/edit` } },
  { pattern: '/console/experiments/:slug/:tab', target: { page: experimentPage, nav: 'experiments' } },
  { pattern: '/console/stimulus-sets', target: { page: stimulusSetsPage, nav: 'stimuli' } },
  { pattern: '/console/stimulus-sets/:id', target: { page: stimulusSetPage, nav: 'stimuli' } },
  { pattern: '/console/models', target: { page: modelsPage, nav: 'models' } },
  { pattern: '/console/tokens', target: { page: tokensPage, nav: 'tokens' } },
  { pattern: '/console/accounts', target: { page: accountsPage, nav: 'accounts', adminOnly: true } },
];
