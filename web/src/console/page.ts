/** What every console page is handed, and the shape of a page. */
import type { ConsoleApi } from './api';
import type { Params } from './router';
import type { Account } from './types';

export interface PageContext {
  api: ConsoleApi;
  /** The signed-in account (the login page gets none). */
  account: Account;
  params: Params;
  query: URLSearchParams;
  navigate(url: string, options?: { replace?: boolean }): void;
  /** Aborted when the user leaves the page: stops its polls and makes late answers harmless. */
  signal: AbortSignal;
}

/** Renders a page into root; loading happens after it returns, each part showing its own state. */
export type Page = (root: HTMLElement, ctx: PageContext) => void;
