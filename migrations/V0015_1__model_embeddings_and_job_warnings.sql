-- Issue 10: a model may declare an embedding output (model.json "outputs.embedding", e.g. its
-- penultimate layer); scoring stores it per stimulus for the trial kinds that compare
-- representations (odd-one-out, RSA). One row per (model, rendered stimulus), like model_score.
CREATE TABLE model_embedding (
    model_id        bigint      NOT NULL REFERENCES model (id),
    stimulus_sha256 text        NOT NULL REFERENCES image_blob (sha256),
    -- The model's tensor the values came from (model.json's outputs.embedding when scored).
    tensor          text        NOT NULL,
    embedding       real[]      NOT NULL CHECK (cardinality(embedding) > 0),
    job_id          bigint      REFERENCES score_job (id),
    scored_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (model_id, stimulus_sha256)
);

-- What a scoring job found worth telling about its inputs, each message once; e.g. a model
-- whose preprocessing resizes stimuli by more than 2x ("model input 32 px, stimulus 224 px:
-- 7x downsampling averages fine detail and noise").
ALTER TABLE score_job ADD COLUMN warnings text[] NOT NULL DEFAULT '{}';
