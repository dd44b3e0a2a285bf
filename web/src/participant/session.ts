/**
 * Where a participant's session lives between page loads: `tandem:session:{slug}` in
 * localStorage holds {sessionId, token} (CONTEXT.md), plus the recruitment parameters it was
 * created with, so a second person on the same browser with another PROLIFIC_PID gets a new
 * session instead of the first person's.
 */
import type { SessionCredentials } from '../core/api';
import type { KeyValueStorage } from '../core/queue';
import { uuidV4 } from '../core/uuid';

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

export function startStorageKey(slug: string): string {
  return `tandem:start:${slug}`;
}

/**
 * The start id of this link's session start: made once and kept until the session is saved, so
 * every retry, and a reload in the middle of the start, asks for the same session (issue 12).
 * Another participant (other identity parameters) gets a new id.
 */
export function pendingStartId(storage: KeyValueStorage, slug: string, params: Record<string, string>): string {
  const raw = storage.getItem(startStorageKey(slug));
  if (raw !== null) {
    try {
      const pending = JSON.parse(raw) as { startId?: unknown; params?: Record<string, string> };
      const other = IDENTITY_PARAMS.some((p) => params[p] !== undefined && pending.params?.[p] !== undefined && params[p] !== pending.params[p]);
      if (typeof pending.startId === 'string' && !other) return pending.startId;
    } catch {
      // a new id below
    }
  }
  const startId = uuidV4();
  storage.setItem(startStorageKey(slug), JSON.stringify({ startId, params }));
  return startId;
}

export function forgetStartId(storage: KeyValueStorage, slug: string): void {
  storage.removeItem(startStorageKey(slug));
}
