-- Published data imported as external observers, so a lab's own participants and models sit
-- beside them (issue 4). Today: bethgelab/model-vs-human raw-data CSVs.

CREATE TABLE imported_study (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text        NOT NULL UNIQUE,
    -- the layout the files were read as; only 'model-vs-human' so far
    source      text        NOT NULL CHECK (source IN ('model-vs-human')),
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- One imported CSV, kept whole or not at all. Re-importing identical bytes changes nothing;
-- changed bytes replace the file's trials in one transaction.
CREATE TABLE imported_file (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    study_id    bigint      NOT NULL REFERENCES imported_study (id) ON DELETE CASCADE,
    dataset     text        NOT NULL,   -- the raw-data folder, e.g. 'contrast'
    file_name   text        NOT NULL,
    sha256      text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    row_count   integer     NOT NULL CHECK (row_count >= 0),
    imported_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (study_id, dataset, file_name)
);

-- One published trial, as written in its file (the condition text is kept verbatim because the
-- benchmark must render it the way pandas would, which depends on the whole file).
CREATE TABLE imported_trial (
    file_id         bigint  NOT NULL REFERENCES imported_file (id) ON DELETE CASCADE,
    line            integer NOT NULL CHECK (line >= 2),
    subject         text    NOT NULL,
    -- 'human' for model-vs-human's subject-NN, else 'model'
    observer_kind   text    NOT NULL CHECK (observer_kind IN ('human', 'model')),
    session         text    NOT NULL,
    trial           integer NOT NULL,
    rt_ms           double precision,
    response        text    NOT NULL,   -- 'na' (no answer) is kept and counts as wrong
    category        text    NOT NULL,
    condition       text    NOT NULL,
    imagename       text    NOT NULL,
    image_id        text    NOT NULL,   -- image-specific suffix that pairs observers' trials
    PRIMARY KEY (file_id, line)
);
