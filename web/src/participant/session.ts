/**
 * Where a participant's session lives between page loads: localStorage holds {sessionId, token}
 * (CONTEXT.md) plus the recruitment parameters it was created with, under a key of the slug and
 * the recruitment id (`tandem:session:{slug}:{id}`; `tandem:session:{slug}` for a link without
 * one). A session is bound to its recruitment id: in a shared browser, someone arriving with
 * another id, or with none, never resumes it and never sees its completion code (issue 14).
 */
import type { SessionCredentials } from '../core/api';
import type { KeyValueStorage } from '../core/queue';
import { uuidV4 } from '../core/uuid';

export interface StoredSession extends SessionCredentials {
  params?: Record<string, string>;
}

/** Recruiter identifiers that, when they differ, mean a different participant. */
const IDENTITY_PARAMS = ['PROLIFIC_PID', 'workerId', 'participant', 'id', 'survey_code'];

/** The participant's id from the recruiter (the first identity parameter on the link), or null. */
export function recruitmentId(params: Record<string, string>): string | null {
  for (const p of IDENTITY_PARAMS) {
    const v = params[p];
    if (v !== undefined && v !== '') return `${p}=${v}`;
  }
  return null;
}

export function sessionStorageKey(slug: string, id: string | null = null): string {
  return id === null ? `tandem:session:${slug}` : `tandem:session:${slug}:${id}`;
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
  const raw = storage.getItem(sessionStorageKey(slug, recruitmentId(params)));
  if (raw === null) return null;
  let saved: StoredSession;
  try {
    saved = JSON.parse(raw) as StoredSession;
  } catch {
    return null;
  }
  if (typeof saved.sessionId !== 'string' || typeof saved.token !== 'string') return null;
  // Belt and braces: a stored session made for another id is never resumed.
  return recruitmentId(saved.params ?? {}) === recruitmentId(params) ? saved : null;
}

export function saveSession(storage: KeyValueStorage, slug: string, session: StoredSession): void {
  storage.setItem(sessionStorageKey(slug, recruitmentId(session.params ?? {})), JSON.stringify(session));
}

export function forgetSession(storage: KeyValueStorage, slug: string, params: Record<string, string>): void {
  storage.removeItem(sessionStorageKey(slug, recruitmentId(params)));
}

/**
 * A pilot run opened from the console: `#pilot={sessionId}:{token}` in the page's fragment
 * (which browsers never send to a server). Null for an ordinary link.
 */
export function pilotFromHash(hash: string): StoredSession | null {
  const m = /^#pilot=([0-9a-f-]{36}):([A-Za-z0-9_-]+)$/.exec(hash);
  return m ? { sessionId: m[1]!, token: m[2]!, params: {} } : null;
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
