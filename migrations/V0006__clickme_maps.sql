-- ClickMe maps and alignment (issue 5): model importance maps computed as resumable jobs that
-- workers share through a SKIP LOCKED queue (as score_job/score_task), and the stored maps.

-- Maps of one method with one parameter set, by one model, for every image of a ClickMe
-- experiment's stored rounds (all versions of the slug: a map belongs to stimulus bytes).
CREATE TABLE map_job (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    model_id        bigint      NOT NULL REFERENCES model (id),
    experiment_slug text        NOT NULL,
    method          text        NOT NULL CHECK (method IN ('occlusion', 'rise')),
    -- occlusion: {"patch", "stride"}; rise: {"masks", "grid", "keep", "seed"} (dev.tandem.clickme.MapMethod)
    parameters      jsonb       NOT NULL,
    -- As score_job: queued, running (a task committed), done, failed (see error).
    status          text        NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    total           integer     NOT NULL CHECK (total >= 0),
    done            integer     NOT NULL DEFAULT 0 CHECK (done >= 0 AND done <= total),
    -- Tasks whose map was stored already when the job was created (done at once).
    reused          integer     NOT NULL DEFAULT 0 CHECK (reused >= 0),
    error           text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    started_at      timestamptz,
    finished_at     timestamptz
);
CREATE UNIQUE INDEX map_job_open ON map_job (model_id, experiment_slug, method, parameters)
    WHERE status IN ('queued', 'running');

-- One stimulus of a map job, claimed with FOR UPDATE SKIP LOCKED; a worker that dies before
-- its commit leaves the task to be claimed again.
CREATE TABLE map_task (
    job_id          bigint  NOT NULL REFERENCES map_job (id),
    stimulus_sha256 text    NOT NULL REFERENCES image_blob (sha256),
    -- The true category: the map explains the model's probability of it.
    category        text    NOT NULL,
    done            boolean NOT NULL DEFAULT false,
    PRIMARY KEY (job_id, stimulus_sha256)
);
CREATE INDEX map_task_pending ON map_task (job_id) WHERE NOT done;

-- A model's importance map of one stimulus, row-major at the stimulus's own resolution
-- (width × height pixels, the coordinates of the reveals), as computed (not normalized).
CREATE TABLE model_map (
    model_id        bigint      NOT NULL REFERENCES model (id),
    stimulus_sha256 text        NOT NULL REFERENCES image_blob (sha256),
    method          text        NOT NULL CHECK (method IN ('occlusion', 'rise')),
    parameters      jsonb       NOT NULL,
    category        text        NOT NULL,
    width           integer     NOT NULL CHECK (width > 0),
    height          integer     NOT NULL CHECK (height > 0),
    importance      real[]      NOT NULL CHECK (cardinality(importance) = width * height),
    job_id          bigint      REFERENCES map_job (id),
    computed_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (model_id, stimulus_sha256, method, parameters)
);
