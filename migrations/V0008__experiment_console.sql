-- The experimenter console (issue 6): an editable draft per experiment, and whether an
-- experiment accepts new participants. Both are keyed by slug, like experiment_access: they
-- belong to the experiment across all its versions.

-- One editable draft per slug: whatever the experimenter last saved, kept even while it is
-- invalid so that nobody loses typing. Publishing renders it into a new immutable version of
-- `experiment`; the draft stays as the editable copy. A slug may have a draft and no version yet.
CREATE TABLE experiment_draft (
    slug       text PRIMARY KEY CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    definition jsonb       NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    -- null: saved with the deployment's own admin token, which belongs to no account
    updated_by bigint REFERENCES account (id)
);

-- Data collection per slug. No row: open (every experiment loaded before this migration, or
-- from the command line, keeps taking participants). While closed, new sessions are refused;
-- sessions already started may still send responses and complete.
CREATE TABLE experiment_collection (
    slug       text PRIMARY KEY,
    open       boolean     NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),
    -- who opened or closed it last; null: the deployment's admin token
    changed_by bigint REFERENCES account (id)
);
