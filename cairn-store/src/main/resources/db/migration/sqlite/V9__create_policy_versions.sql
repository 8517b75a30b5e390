-- The versions of the model-call policy. Each row is immutable: a change of policy is a new row.
-- document is the policy's canonical JSON; sha256 its hash (what the ledger records and a
-- verifier recomputes); source says where it came from (config:PATH, api:KEY_ID).

CREATE TABLE policy_versions (
    version    INTEGER PRIMARY KEY CHECK (version >= 1),
    document   TEXT    NOT NULL,
    sha256     TEXT    NOT NULL CHECK (length(sha256) = 64),
    source     TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
