-- Cairn's SQLite store. Times are epoch milliseconds (INTEGER); JSON is stored as text.
-- Tenant ids on sessions, agents and runs are not foreign keys: the API decides which tenants
-- exist, the store only keeps every row inside the tenant it was written for.

CREATE TABLE tenants (
    id         TEXT    NOT NULL PRIMARY KEY,
    name       TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE api_keys (
    id         TEXT    NOT NULL PRIMARY KEY,
    tenant_id  TEXT    NOT NULL REFERENCES tenants (id),
    role       TEXT    NOT NULL CHECK (role IN ('admin', 'operator', 'user')),
    name       TEXT    NOT NULL,
    key_hash   TEXT    NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);

CREATE INDEX api_keys_by_tenant ON api_keys (tenant_id, created_at);

CREATE TABLE agents (
    tenant_id  TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    version    INTEGER NOT NULL CHECK (version >= 1),
    spec_json  TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, name, version)
) WITHOUT ROWID;

CREATE TABLE sessions (
    id            TEXT    NOT NULL PRIMARY KEY,
    tenant_id     TEXT    NOT NULL,
    agent         TEXT    NOT NULL,
    agent_version INTEGER NOT NULL CHECK (agent_version >= 1),
    user_id       TEXT,
    metadata_json TEXT,
    created_at    INTEGER NOT NULL
);

-- Newest first per tenant (and per agent); rowid breaks ties between rows of the same millisecond.
CREATE INDEX sessions_by_tenant ON sessions (tenant_id, created_at);
CREATE INDEX sessions_by_tenant_agent ON sessions (tenant_id, agent, created_at);

-- The log. Clustered by (session_id, seq) so reading a session is one range scan.
CREATE TABLE events (
    session_id TEXT    NOT NULL REFERENCES sessions (id),
    seq        INTEGER NOT NULL CHECK (seq >= 1),
    run_id     TEXT,
    type       TEXT    NOT NULL,
    payload    TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;

-- The run index, kept in step with run.* events in the transaction that appends them.
CREATE TABLE runs (
    id         TEXT    NOT NULL PRIMARY KEY,
    tenant_id  TEXT    NOT NULL,
    session_id TEXT    NOT NULL REFERENCES sessions (id),
    state      TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE INDEX runs_by_tenant ON runs (tenant_id, created_at);
CREATE INDEX runs_by_tenant_session ON runs (tenant_id, session_id, created_at);
CREATE INDEX runs_by_state ON runs (state, created_at);
