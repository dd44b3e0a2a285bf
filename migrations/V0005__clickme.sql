-- ClickMe (issue 5): reveal-game rounds are trials of a session like masked trials, so one
-- trial list, one resume rule and one completion rule serve both. A ClickMe trial has no
-- requested duration and no mask; its mask_seed is the seed of the noise shown over
-- unrevealed pixels (dev.tandem.clickme.RevealComposition).
ALTER TABLE trial ADD COLUMN trial_type text NOT NULL DEFAULT 'masked'
    CHECK (trial_type IN ('masked', 'clickme'));
ALTER TABLE trial ALTER COLUMN requested_ms DROP NOT NULL;
ALTER TABLE trial ALTER COLUMN mask_sha256 DROP NOT NULL;
ALTER TABLE trial ADD CONSTRAINT trial_masked_has_mask
    CHECK ((trial_type = 'masked') = (requested_ms IS NOT NULL AND mask_sha256 IS NOT NULL));

-- A partner query: the reveals so far composed exactly as displayed and classified by the
-- partner model. Stored idempotently by the client's query id (a retried query is answered
-- from here, not recomputed).
CREATE TABLE clickme_query (
    query_id        uuid PRIMARY KEY,
    session_id      uuid             NOT NULL,
    trial_index     integer          NOT NULL,
    reveal_count    integer          NOT NULL CHECK (reveal_count >= 0),
    -- Client time (ms since the round's first frame) of the last reveal the query includes.
    elapsed_ms      double precision NOT NULL,
    model           text             NOT NULL,
    top_k           jsonb            NOT NULL,  -- ["Bag", …], best first, k long
    probabilities   jsonb            NOT NULL,  -- {"Bag": 0.93, …} per category
    correct         boolean          NOT NULL,  -- the true category is in top_k
    latency_ms      double precision NOT NULL,  -- queueing + composition + model, on the server
    composed_sha256 text             NOT NULL,  -- of the composed grey pixels
    -- The client's checksum of the pixels it displayed, and whether the server's composition
    -- has the same one (null when the client sent none).
    display_checksum bigint,
    matches_display boolean,
    received_at     timestamptz      NOT NULL DEFAULT now(),
    FOREIGN KEY (session_id, trial_index) REFERENCES trial (session_id, trial_index)
);
CREATE INDEX clickme_query_trial ON clickme_query (session_id, trial_index);

-- Every reveal of a round, in order: square centre (x, y) in display pixels, side length,
-- and client time t in ms since the round's first frame.
CREATE TABLE clickme_reveal (
    session_id  uuid             NOT NULL,
    trial_index integer          NOT NULL,
    seq         integer          NOT NULL CHECK (seq >= 0),
    x           integer          NOT NULL,
    y           integer          NOT NULL,
    size        integer          NOT NULL CHECK (size > 0),
    t_ms        double precision NOT NULL,
    PRIMARY KEY (session_id, trial_index, seq),
    FOREIGN KEY (session_id, trial_index) REFERENCES trial (session_id, trial_index)
);

-- How a round ended, stored exactly once per trial by the client's round id.
CREATE TABLE clickme_round (
    round_id     uuid PRIMARY KEY,
    session_id   uuid             NOT NULL,
    trial_index  integer          NOT NULL,
    -- partner-correct: a stored query had the true category in its top-k; timeout: the time
    -- limit passed; skip: the participant gave up. Points are 0 unless partner-correct.
    outcome      text             NOT NULL CHECK (outcome IN ('partner-correct', 'timeout', 'skip')),
    elapsed_ms   double precision NOT NULL,
    points       double precision NOT NULL CHECK (points >= 0 AND points <= 100),
    reveal_count integer          NOT NULL,
    record       jsonb            NOT NULL,
    client_time  timestamptz,
    received_at  timestamptz      NOT NULL DEFAULT now(),
    UNIQUE (session_id, trial_index),
    FOREIGN KEY (session_id, trial_index) REFERENCES trial (session_id, trial_index)
);
