-- The versions of the model-call policy, as in the SQLite store's V9. Each row is immutable: a
-- change of policy is a new row. A put locks the table so two nodes never number two versions alike.

CREATE TABLE policy_versions (
    version    BIGINT PRIMARY KEY CHECK (version >= 1),
    document   TEXT   NOT NULL,
    sha256     TEXT   NOT NULL CHECK (length(sha256) = 64),
    source     TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);
