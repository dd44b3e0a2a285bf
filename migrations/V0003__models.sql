-- Deep networks as observers (issue 3): registered model folders, scoring jobs that workers
-- share through a SKIP LOCKED queue, and one stored prediction per (model, rendered stimulus).

-- A registered model folder. The content hash covers every file of the folder (weights, graph,
-- model.json), so one hash is one set of weights; a name and version name one hash only.
CREATE TABLE model (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name           text        NOT NULL,
    version        text        NOT NULL,
    content_sha256 text        NOT NULL UNIQUE CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
    manifest       jsonb       NOT NULL,
    -- Where the folder was last registered from; workers load it from here and check its hash.
    folder         text        NOT NULL,
    registered_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (name, version)
);

-- Scoring one model on one experiment version: every distinct rendered stimulus of its design
-- (every image in every manipulation, practice included) and of its stored trials.
CREATE TABLE score_job (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    model_id      bigint      NOT NULL REFERENCES model (id),
    experiment_id bigint      NOT NULL REFERENCES experiment (id),
    -- queued: created, no batch committed yet; running: at least one batch committed;
    -- done: every task done; failed: a worker could not load the model (see error).
    status        text        NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    total         integer     NOT NULL CHECK (total >= 0),
    -- Tasks done, kept by the workers' batch commits (the job row lock serialises them).
    done          integer     NOT NULL DEFAULT 0 CHECK (done >= 0 AND done <= total),
    -- Tasks whose stimulus this model had already scored when the job was created (done at once).
    reused        integer     NOT NULL DEFAULT 0 CHECK (reused >= 0),
    error         text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    started_at    timestamptz,
    finished_at   timestamptz
);
-- At most one unfinished job per model and experiment version.
CREATE UNIQUE INDEX score_job_open ON score_job (model_id, experiment_id) WHERE status IN ('queued', 'running');

-- The unit a worker claims (SELECT … FOR UPDATE SKIP LOCKED LIMIT n): one distinct stimulus
-- of a job, with the design cell it renders (the first, should two cells render the same bytes).
CREATE TABLE score_task (
    job_id          bigint           NOT NULL REFERENCES score_job (id),
    stimulus_sha256 text             NOT NULL REFERENCES image_blob (sha256),
    image_index     integer          NOT NULL,
    image_file      text             NOT NULL,
    category        text             NOT NULL,
    manipulation    text             NOT NULL,
    level           double precision,
    done            boolean          NOT NULL DEFAULT false,
    PRIMARY KEY (job_id, stimulus_sha256)
);
CREATE INDEX score_task_pending ON score_task (job_id) WHERE NOT done;

-- A model's prediction on one rendered stimulus; scoring the same bytes twice is impossible.
-- Correctness is derived where it is used (trial category or design category = decision).
CREATE TABLE model_score (
    model_id               bigint      NOT NULL REFERENCES model (id),
    stimulus_sha256        text        NOT NULL REFERENCES image_blob (sha256),
    -- {"category": probability, …} after model.json's reduction (jsonb keeps no key order;
    -- the manifest's categories.mapping does).
    category_probabilities jsonb       NOT NULL,
    -- The output indices with the highest probabilities, best first.
    top_outputs            integer[]   NOT NULL,
    decision               text        NOT NULL,
    -- The true category of the design cell that asked for this stimulus, where known.
    category               text,
    job_id                 bigint      REFERENCES score_job (id),
    scored_at              timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (model_id, stimulus_sha256)
);
CREATE INDEX model_score_stimulus ON model_score (stimulus_sha256);
