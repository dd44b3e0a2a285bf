-- Tandem's core schema: stimulus sets, content-addressed images, experiments, participant
-- sessions with their fixed trial lists, and responses with their timing records.

-- API tokens for the admin API. Only a SHA-256 of each token is kept.
CREATE TABLE admin_token (
    token_sha256 text PRIMARY KEY,
    label        text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- Every image Tandem holds, by the SHA-256 of its bytes: source images of a stimulus set,
-- rendered stimuli and masks. Identical bytes are stored once.
CREATE TABLE image_blob (
    sha256     text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    media_type text        NOT NULL,
    width      integer     NOT NULL CHECK (width > 0),
    height     integer     NOT NULL CHECK (height > 0),
    bytes      bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE stimulus_set (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name            text        NOT NULL,
    version         text        NOT NULL,
    manifest        jsonb       NOT NULL,
    manifest_sha256 text        NOT NULL,
    imported_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (name, version)
);

CREATE TABLE stimulus_set_image (
    stimulus_set_id bigint  NOT NULL REFERENCES stimulus_set (id),
    image_index     integer NOT NULL CHECK (image_index >= 0),
    file            text    NOT NULL,
    category        text    NOT NULL,
    source_index    integer,
    source_sha256   text    NOT NULL REFERENCES image_blob (sha256),
    PRIMARY KEY (stimulus_set_id, image_index),
    UNIQUE (stimulus_set_id, file)
);

-- A rendering: the inputs (source image, manipulation, level, display size, upscaling, seed,
-- renderer version) written canonically as recipe_key, and the bytes they produce.
CREATE TABLE rendering (
    recipe_key    text PRIMARY KEY,
    kind          text        NOT NULL CHECK (kind IN ('stimulus', 'mask')),
    sha256        text        NOT NULL REFERENCES image_blob (sha256),
    source_sha256 text REFERENCES image_blob (sha256),
    recipe        jsonb       NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rendering_sha256 ON rendering (sha256);

-- A stored experiment version is immutable; loading a changed definition adds a version.
CREATE TABLE experiment (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug              text        NOT NULL,
    version           integer     NOT NULL CHECK (version >= 1),
    definition        jsonb       NOT NULL,
    definition_sha256 text        NOT NULL,
    stimulus_set_id   bigint      NOT NULL REFERENCES stimulus_set (id),
    -- The next participant's place in the balanced assignment (see experiment.Assignment).
    next_assignment_slot integer  NOT NULL DEFAULT 0,
    created_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (slug, version),
    UNIQUE (slug, definition_sha256)
);

CREATE TABLE session (
    id                uuid PRIMARY KEY,
    token_sha256      text        NOT NULL UNIQUE,
    experiment_id     bigint      NOT NULL REFERENCES experiment (id),
    assignment_slot   integer     NOT NULL,
    -- started: trial list fixed; screen-checked: frames planned from the measured refresh rate;
    -- completed: every response stored and the completion code released.
    status            text        NOT NULL CHECK (status IN ('started', 'screen-checked', 'completed')),
    recruitment       jsonb       NOT NULL DEFAULT '{}'::jsonb,
    screen            jsonb,
    refresh_hz        double precision,
    created_at        timestamptz NOT NULL DEFAULT now(),
    screen_checked_at timestamptz,
    completed_at      timestamptz
);
CREATE INDEX session_experiment ON session (experiment_id);

-- The trial list of a session, fixed when the session starts: exactly which bytes are shown.
CREATE TABLE trial (
    session_id      uuid             NOT NULL REFERENCES session (id),
    trial_index     integer          NOT NULL CHECK (trial_index >= 0),
    block           integer          NOT NULL CHECK (block >= 0),
    practice        boolean          NOT NULL,
    image_index     integer          NOT NULL,
    image_file      text             NOT NULL,
    category        text             NOT NULL,
    manipulation    text             NOT NULL,
    level           double precision,
    requested_ms    integer          NOT NULL CHECK (requested_ms > 0),
    stimulus_sha256 text             NOT NULL REFERENCES image_blob (sha256),
    mask_seed       bigint           NOT NULL,
    mask_sha256     text             NOT NULL REFERENCES image_blob (sha256),
    -- Planned at the screen check from the measured refresh rate.
    planned_frames  integer,
    fixation_frames integer,
    blank_frames    integer,
    mask_frames     integer,
    PRIMARY KEY (session_id, trial_index)
);
CREATE INDEX trial_stimulus ON trial (stimulus_sha256);

-- One response per trial, stored idempotently by the client-generated response id.
CREATE TABLE response (
    response_id         uuid PRIMARY KEY,
    session_id          uuid             NOT NULL,
    trial_index         integer          NOT NULL,
    response            text,
    source              text             NOT NULL CHECK (source IN ('key', 'button', 'timeout')),
    response_key        text,
    rt_ms               double precision,
    timing_ok           boolean          NOT NULL,
    stimulus_frames_shown integer,
    mask_frames_shown   integer,
    timing              jsonb            NOT NULL,
    client_time         timestamptz,
    received_at         timestamptz      NOT NULL DEFAULT now(),
    UNIQUE (session_id, trial_index),
    FOREIGN KEY (session_id, trial_index) REFERENCES trial (session_id, trial_index)
);
