-- Issue 13: a third trial kind, triplet odd-one-out (the THINGS task). A triplet trial is a row
-- of trial like every other kind (one trial list, one resume rule, one completion rule); its
-- three images live in triplet_trial, so trial's one-image columns stay empty for it.
ALTER TABLE trial DROP CONSTRAINT trial_trial_type_check;
ALTER TABLE trial ADD CONSTRAINT trial_trial_type_check
    CHECK (trial_type IN ('masked', 'clickme', 'triplet'));
ALTER TABLE trial ALTER COLUMN image_index DROP NOT NULL;
ALTER TABLE trial ALTER COLUMN image_file DROP NOT NULL;
ALTER TABLE trial ALTER COLUMN category DROP NOT NULL;
ALTER TABLE trial ALTER COLUMN manipulation DROP NOT NULL;
ALTER TABLE trial ALTER COLUMN stimulus_sha256 DROP NOT NULL;
ALTER TABLE trial ADD CONSTRAINT trial_one_image_unless_triplet
    CHECK ((trial_type = 'triplet') = (stimulus_sha256 IS NULL)
        AND (trial_type = 'triplet' OR (image_index IS NOT NULL AND image_file IS NOT NULL
                                        AND category IS NOT NULL AND manipulation IS NOT NULL)));

-- The three images of a triplet trial, fixed when the session starts, by position (0, 1, 2 =
-- left, middle, right). image_k is the index in the experiment's selected images (the order of
-- its RDMs); a catch trial shows one image twice and the one at catch_odd_position once.
CREATE TABLE triplet_trial (
    session_id          uuid    NOT NULL,
    trial_index         integer NOT NULL,
    role                text    NOT NULL CHECK (role IN ('unique', 'repeated', 'catch')),
    image_0             integer NOT NULL CHECK (image_0 >= 0),
    image_1             integer NOT NULL CHECK (image_1 >= 0),
    image_2             integer NOT NULL CHECK (image_2 >= 0),
    file_0              text    NOT NULL,
    file_1              text    NOT NULL,
    file_2              text    NOT NULL,
    category_0          text    NOT NULL,
    category_1          text    NOT NULL,
    category_2          text    NOT NULL,
    stimulus_sha256_0   text    NOT NULL REFERENCES image_blob (sha256),
    stimulus_sha256_1   text    NOT NULL REFERENCES image_blob (sha256),
    stimulus_sha256_2   text    NOT NULL REFERENCES image_blob (sha256),
    catch_odd_position  integer CHECK (catch_odd_position BETWEEN 0 AND 2),
    -- Frames the images are shown for, then the mask (null: until the response).
    presentation_frames integer CHECK (presentation_frames > 0),
    mask_sha256         text    REFERENCES image_blob (sha256),
    PRIMARY KEY (session_id, trial_index),
    FOREIGN KEY (session_id, trial_index) REFERENCES trial (session_id, trial_index),
    CHECK ((role = 'catch') = (catch_odd_position IS NOT NULL)),
    CHECK ((presentation_frames IS NULL) = (mask_sha256 IS NULL))
);
CREATE INDEX triplet_trial_stimuli ON triplet_trial (stimulus_sha256_0, stimulus_sha256_1, stimulus_sha256_2);

-- A participant's odd-one-out choice, stored exactly once per trial by the client's judgement
-- id (a replay with the same id and choice is confirmed and changes nothing).
CREATE TABLE triplet_judgement (
    judgement_id      uuid PRIMARY KEY,
    session_id        uuid             NOT NULL,
    trial_index       integer          NOT NULL,
    chosen_position   integer          NOT NULL CHECK (chosen_position BETWEEN 0 AND 2),
    source            text             NOT NULL CHECK (source IN ('click', 'key')),
    response_key      text,
    -- From the rAF frame that first showed the three images.
    rt_ms             double precision NOT NULL CHECK (rt_ms >= 0),
    timing_ok         boolean          NOT NULL,
    frames_shown      integer,
    mask_frames_shown integer,
    timing            jsonb            NOT NULL,
    client_time       timestamptz,
    received_at       timestamptz      NOT NULL DEFAULT now(),
    UNIQUE (session_id, trial_index),
    FOREIGN KEY (session_id, trial_index) REFERENCES triplet_trial (session_id, trial_index)
);

-- A model answering an experiment's triplets: from its embedding output, or (labelled) from its
-- probability vectors; similarity cosine or dot product, stated per job. Queued and worked like
-- score_job/map_job (dev.tandem.jobs); one task per distinct triplet.
CREATE TABLE triplet_job (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    model_id        bigint      NOT NULL REFERENCES model (id),
    experiment_slug text        NOT NULL,
    similarity      text        NOT NULL CHECK (similarity IN ('cosine', 'dot')),
    source          text        NOT NULL CHECK (source IN ('embedding', 'probabilities')),
    status          text        NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
    total           integer     NOT NULL CHECK (total >= 0),
    done            integer     NOT NULL DEFAULT 0 CHECK (done >= 0 AND done <= total),
    reused          integer     NOT NULL DEFAULT 0 CHECK (reused >= 0),
    error           text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    started_at      timestamptz,
    finished_at     timestamptz
);
CREATE UNIQUE INDEX triplet_job_open ON triplet_job (model_id, experiment_slug, similarity)
    WHERE status IN ('queued', 'running');

-- One distinct triplet of a job: triplet_key = the three stimulus hashes ascending, joined by ','.
CREATE TABLE triplet_task (
    job_id      bigint  NOT NULL REFERENCES triplet_job (id),
    triplet_key text    NOT NULL,
    done        boolean NOT NULL DEFAULT false,
    PRIMARY KEY (job_id, triplet_key)
);
CREATE INDEX triplet_task_pending ON triplet_task (job_id) WHERE NOT done;

-- A model's odd one of a triplet, which does not depend on the positions it is shown in (ties
-- go to the hash that sorts first). stimulus_sha256_a < _b < _c.
CREATE TABLE model_triplet_choice (
    model_id          bigint           NOT NULL REFERENCES model (id),
    similarity        text             NOT NULL CHECK (similarity IN ('cosine', 'dot')),
    source            text             NOT NULL CHECK (source IN ('embedding', 'probabilities')),
    stimulus_sha256_a text             NOT NULL REFERENCES image_blob (sha256),
    stimulus_sha256_b text             NOT NULL REFERENCES image_blob (sha256),
    stimulus_sha256_c text             NOT NULL REFERENCES image_blob (sha256),
    odd_sha256        text             NOT NULL CHECK (odd_sha256 IN (stimulus_sha256_a, stimulus_sha256_b, stimulus_sha256_c)),
    -- The similarities of the pairs without a, without b, without c.
    pair_similarities double precision[] NOT NULL CHECK (cardinality(pair_similarities) = 3),
    job_id            bigint           REFERENCES triplet_job (id),
    chosen_at         timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (model_id, similarity, source, stimulus_sha256_a, stimulus_sha256_b, stimulus_sha256_c),
    CHECK (stimulus_sha256_a < stimulus_sha256_b AND stimulus_sha256_b < stimulus_sha256_c)
);
