-- Running a study like a lab does (issue 14): screen-outs, pilot sessions, exclusion,
-- withdrawal and deletion with an audit trail, and assignment slots freed by deletions.

-- started: trial list fixed; screen-checked: frames planned from the measured refresh rate;
-- screened-out: the screen check failed too often and the participant left with the screen-out
-- ending; completed: every response stored and the completion code released; withdrawn: the
-- participant withdrew, the session's data are deleted and only this row remains.
ALTER TABLE session DROP CONSTRAINT session_status_check;
ALTER TABLE session ADD CONSTRAINT session_status_check
    CHECK (status IN ('started', 'screen-checked', 'screened-out', 'completed', 'withdrawn'));

ALTER TABLE session
    -- Screen checks refused (e.g. refresh rate below minRefreshHz); the screen-out needs enough of them.
    ADD COLUMN screen_check_failures integer NOT NULL DEFAULT 0 CHECK (screen_check_failures >= 0),
    ADD COLUMN screened_out_at timestamptz,
    -- An experimenter's own run from the console: outside metrics, exports and assignment balance.
    ADD COLUMN pilot boolean NOT NULL DEFAULT false,
    -- Kept but left out of analysis; the reason says why.
    ADD COLUMN excluded_reason text,
    -- SHA-256 of the one-time withdrawal code shown on the completion page; null once used.
    ADD COLUMN withdraw_code_sha256 text UNIQUE,
    ADD COLUMN withdrawn_at timestamptz;

-- Assignment slots whose session was deleted or withdrawn: the next participant takes the
-- lowest free slot before a new one, so the design's cells stay balanced (experiment.Assignment).
CREATE TABLE free_assignment_slot (
    experiment_id bigint  NOT NULL REFERENCES experiment (id),
    slot          integer NOT NULL CHECK (slot >= 0),
    freed_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (experiment_id, slot)
);

-- One row per deletion: who (null: the deployment's admin token; 'participant' in what for a
-- withdrawal), when, what and how many rows of each table. Never the deleted data.
CREATE TABLE deletion_audit (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    deleted_at  timestamptz NOT NULL DEFAULT now(),
    account_id  bigint REFERENCES account (id),
    -- session | withdrawal | pilot-sessions | recruitment-id
    what        text        NOT NULL,
    -- the experiment slug the deletion belongs to
    slug        text        NOT NULL,
    reason      text        NOT NULL,
    -- {"session": 1, "trial": 70, "response": 70, …}
    row_counts  jsonb       NOT NULL
);
CREATE INDEX deletion_audit_slug ON deletion_audit (slug, deleted_at);
