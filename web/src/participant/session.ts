/**
 * Where a participant's session lives between page loads: `tandem:session:{slug}` in
 * localStorage holds {sessionId, token} (CONTEXT.md), plus the recruitment parameters it was
 * created with, so a second person on the same browser with another PROLIFIC_PID gets a new
 * session instead of the first person's.
 */
import type { SessionCredentials } from '../core/api';
import type { KeyValueStorage } from '../core/queue';

export interface StoredSession extends SessionCredentials {
  params?: Record<string, string>;
}

/** Recruiter identifiers that, when they differ, mean a different participant. */
const IDENTITY_PARAMS = ['PROLIFIC_PID', 'workerId', 'participant', 'id', 'survey_code'];

export function sessionStorageKey(slug: string): string {
  return `tandem:session:${slug}`;
}

/** `/run/{slug}` → slug; null for any other path. */
export function slugFromPath(pathname: string): string | null {
  const m = /^\/run\/([^/]+)\/?$/.exec(pathname);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
}

/** Every query parameter, as recruiters (Prolific, MTurk, SONA) put them on the link. */
export function recruitmentParams(search: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(search)) out[k] = v;
  return out;
}

export function loadSession(storage: KeyValueStorage, slug: string, params: Record<string, string>): StoredSession | null {
  const raw = storage.getItem(sessionStorageKey(slug));
  if (raw === null) return null;
  let saved: StoredSession;
  try {
    saved = JSON.parse(raw) as StoredSession;
  } catch {
    return null;
  }
  if (typeof saved.sessionId !== 'string' || typeof saved.token !== 'string') return null;
  const other = IDENTITY_PARAMS.some((p) => params[p] !== undefined && saved.params?.[p] !== undefined && params[p] !== saved.params[p]);
  return other ? null : saved;
}

export function saveSession(storage: KeyValueStorage, slug: string, session: StoredSession): void {
  storage.setItem(sessionStorageKey(slug), JSON.stringify(session));
}

export function forgetSession(storage: KeyValueStorage, slug: string): void {
  storage.removeItem(sessionStorageKey(slug));
}
