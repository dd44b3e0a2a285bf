/** What each tab of an experiment's page is handed. */
import type { PageContext } from '../../page';
import type { Definition, ExperimentDetail } from '../../types';

export interface ExperimentContext extends PageContext {
  slug: string;
  /** null on the page of a new, unsaved experiment. */
  detail: ExperimentDetail | null;
  /** Updates the page header after a change made in a tab. */
  header: { setTitle(title: string): void; setVersion(version: number | null): void; setCollecting(collecting: boolean): void };
}

/** The newest published version, or null for a draft never published. */
export function latestVersion(detail: ExperimentDetail): ExperimentDetail['versions'][number] | null {
  return detail.versions.reduce<ExperimentDetail['versions'][number] | null>(
    (latest, v) => (latest === null || v.version > latest.version ? v : latest), null);
}

/** What the editor opens: the draft when there is one, else the newest version. */
export function editableDefinition(detail: ExperimentDetail): Definition | null {
  return detail.draft?.definition ?? latestVersion(detail)?.definition ?? null;
}

/** Whether the experiment has ClickMe rounds (alone, or beside masked trials). */
export function hasClickme(definition: Definition | null | undefined): boolean {
  if (!definition) return false;
  return definition.trialType === 'clickme' || (typeof definition.clickme === 'object' && definition.clickme !== null);
}

/** Whether the experiment's trials are odd-one-out triplets (issue 13): no categories, conditions or accuracy. */
export function isTriplet(definition: Definition | null | undefined): boolean {
  return definition?.trialType === 'triplet';
}

/** The definition results are computed from: the newest published one. */
export function publishedDefinition(detail: ExperimentDetail | null): Definition | null {
  return detail === null ? null : latestVersion(detail)?.definition ?? null;
}

/** The ClickMe partner model the definition names, if any. */
export function partnerOf(definition: Definition | null): string | null {
  const clickme = definition?.clickme as { partner?: { model?: unknown } } | undefined;
  return typeof clickme?.partner?.model === 'string' ? clickme.partner.model : null;
}
