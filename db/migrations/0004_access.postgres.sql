-- 0004_access for PostgreSQL: the same tables as 0004_access.sql.

CREATE TABLE editor_accounts (
    account_id    BIGINT PRIMARY KEY DEFAULT nextval('seq_row_id'),
    user_name     VARCHAR NOT NULL,               -- a login name, or an e-mail for OIDC sign-in
    role          VARCHAR NOT NULL CHECK (role IN ('viewer', 'editor', 'admin', 'disabled')),
    password_hash VARCHAR,                        -- NULL: this account signs in through OIDC only
    must_change   BOOLEAN NOT NULL DEFAULT false, -- a one-time password printed at first run
    created_at    TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    created_by    VARCHAR NOT NULL
);

CREATE TABLE login_attempts (
    user_name    VARCHAR NOT NULL,
    attempted_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    succeeded    BOOLEAN NOT NULL
);
