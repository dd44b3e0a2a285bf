-- Console accounts, their login sessions and API tokens, rate limiting of failed logins, and
-- which accounts may see which experiments. No IP address is stored.

CREATE TABLE account (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username      text        NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._@-]{1,63}$'),
    -- A PHC string: $argon2id$v=19$m=...,t=...,p=...$salt$hash
    password_hash text        NOT NULL,
    role          text        NOT NULL CHECK (role IN ('admin', 'experimenter')),
    disabled      boolean     NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- A signed-in browser: the cookie holds a random token, only its SHA-256 is kept. The CSRF
-- token must come back in the X-CSRF-Token header of every state-changing request.
CREATE TABLE login_session (
    token_sha256 text PRIMARY KEY,
    account_id   bigint      NOT NULL REFERENCES account (id),
    csrf_token   text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL
);
CREATE INDEX login_session_account ON login_session (account_id);

-- Login attempts by the username tried (known or not), for rate limiting. An attempt is
-- recorded before its password is checked (see account.LoginThrottle): it stays as a failure
-- unless the login succeeds or the attempt is withdrawn.
CREATE TABLE login_attempt (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username     text        NOT NULL,
    attempted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempt_username ON login_attempt (username, attempted_at);

-- The admin token becomes one kind of API token: tokens now belong to an account (or to the
-- deployment when account_id is null) and can be revoked.
ALTER TABLE admin_token RENAME TO api_token;
ALTER TABLE api_token
    ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    ADD COLUMN account_id bigint REFERENCES account (id),
    ADD COLUMN revoked_at timestamptz;

-- Experiments are owned by slug (every version); an owner can share with other accounts.
-- Experiments with no row here (loaded from the command line) are seen by admins only.
CREATE TABLE experiment_access (
    slug       text        NOT NULL,
    account_id bigint      NOT NULL REFERENCES account (id),
    access     text        NOT NULL CHECK (access IN ('owner', 'shared')),
    granted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (slug, account_id)
);
CREATE INDEX experiment_access_account ON experiment_access (account_id);
