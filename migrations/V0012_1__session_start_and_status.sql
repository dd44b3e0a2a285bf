-- Issue 12, "Writes that must not happen" and "Races".
--
-- A session start is idempotent: the browser sends a client-made start id with its request and
-- retries with the same id, and a retry returns the same session instead of a second one. Only
-- the id's SHA-256 is stored (a start id, like a token, lets its holder into the session).
ALTER TABLE session ADD COLUMN start_sha256 text;
CREATE UNIQUE INDEX session_start_sha256 ON session (start_sha256);

-- Status values (dev.tandem.session.SessionStatus): started, screen-checked, screened-out,
-- completed. A later migration may drop and re-add this constraint under the same name.
ALTER TABLE session DROP CONSTRAINT session_status_check;
ALTER TABLE session ADD CONSTRAINT session_status_check
    CHECK (status IN ('started', 'screen-checked', 'screened-out', 'completed'));
