-- Cairn's PostgreSQL store: the same tables as the SQLite store, shared by several nodes.
-- Times are epoch milliseconds (bigint) and JSON is text, as in SQLite, so both stores keep the
-- exact values their callers gave (jsonb would refuse \u0000 and reorder keys). Where SQLite
-- breaks ties by rowid, these tables have an identity column, "ordinal".
-- Tenant ids on sessions, agents and runs are not foreign keys: the API decides which tenants
-- exist, the store only keeps every row inside the tenant it was written for.

CREATE TABLE tenants (
    id         text   NOT NULL PRIMARY KEY,
    name       text   NOT NULL,
    created_at bigint NOT NULL
);

CREATE TABLE api_keys (
    id         text   NOT NULL PRIMARY KEY,
    tenant_id  text   NOT NULL REFERENCES tenants (id),
    role       text   NOT NULL CHECK (role IN ('admin', 'operator', 'user')),
    name       text   NOT NULL,
    key_hash   text   NOT NULL UNIQUE,
    created_at bigint NOT NULL
);

CREATE INDEX api_keys_by_tenant ON api_keys (tenant_id, created_at);

CREATE TABLE agents (
    tenant_id  text    NOT NULL,
    name       text    NOT NULL,
    version    integer NOT NULL CHECK (version >= 1),
    spec_json  text    NOT NULL,
    created_at bigint  NOT NULL,
    PRIMARY KEY (tenant_id, name, version)
);

-- A session's row is also the lock that orders its appends: an append locks it
-- (SELECT ... FOR NO KEY UPDATE) before it reads the last sequence number.
CREATE TABLE sessions (
    id            text    NOT NULL PRIMARY KEY,
    tenant_id     text    NOT NULL,
    agent         text    NOT NULL,
    agent_version integer NOT NULL CHECK (agent_version >= 1),
    user_id       text,
    metadata_json text,
    created_at    bigint  NOT NULL,
    parent_id     text REFERENCES sessions (id),
    fork_seq      bigint CHECK (fork_seq IS NULL OR fork_seq >= 1),
    ordinal       bigint  GENERATED ALWAYS AS IDENTITY
);

CREATE INDEX sessions_by_tenant ON sessions (tenant_id, created_at, ordinal);
CREATE INDEX sessions_by_tenant_agent ON sessions (tenant_id, agent, created_at, ordinal);
CREATE INDEX sessions_by_parent ON sessions (parent_id) WHERE parent_id IS NOT NULL;

-- The log; its primary key is the range every read scans, and a second guard against a
-- sequence number stored twice.
CREATE TABLE events (
    session_id text   NOT NULL REFERENCES sessions (id),
    seq        bigint NOT NULL CHECK (seq >= 1),
    run_id     text,
    type       text   NOT NULL,
    payload    text   NOT NULL,
    created_at bigint NOT NULL,
    PRIMARY KEY (session_id, seq)
);

CREATE TABLE runs (
    id         text   NOT NULL PRIMARY KEY,
    tenant_id  text   NOT NULL,
    session_id text   NOT NULL REFERENCES sessions (id),
    state      text   NOT NULL,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    ordinal    bigint GENERATED ALWAYS AS IDENTITY
);

CREATE INDEX runs_by_tenant ON runs (tenant_id, created_at, ordinal);
CREATE INDEX runs_by_tenant_session ON runs (tenant_id, session_id, created_at);
CREATE INDEX runs_by_state ON runs (state, created_at, ordinal);
CREATE INDEX runs_by_session ON runs (session_id);

-- Session leases. The token grows by one each time the lease passes to another holder; a fenced
-- append reads it FOR SHARE in its own transaction, so a takeover waits for an append under way
-- and every append after a takeover sees the new token. Rows are kept after release or expiry.
CREATE TABLE leases (
    session_id text   NOT NULL PRIMARY KEY REFERENCES sessions (id),
    holder_id  text   NOT NULL,
    token      bigint NOT NULL CHECK (token >= 1),
    expires_at bigint NOT NULL
);

CREATE TABLE approvals (
    id           text   NOT NULL PRIMARY KEY,
    tenant_id    text   NOT NULL,
    session_id   text   NOT NULL REFERENCES sessions (id),
    run_id       text   NOT NULL,
    call_id      text   NOT NULL,
    tool         text   NOT NULL,
    arguments    text   NOT NULL,
    cause        text   NOT NULL CHECK (cause IN ('policy', 'outcome_unknown')),
    status       text   NOT NULL CHECK (status IN ('pending', 'approved', 'denied', 'expired', 'cancelled')),
    requested_at bigint NOT NULL,
    expires_at   bigint NOT NULL,
    decided_at   bigint,
    decided_by   text,
    reason       text,
    ordinal      bigint GENERATED ALWAYS AS IDENTITY
);

CREATE INDEX approvals_by_tenant ON approvals (tenant_id, requested_at, ordinal);
CREATE INDEX approvals_by_tenant_status ON approvals (tenant_id, status, requested_at);
CREATE INDEX approvals_by_tenant_session ON approvals (tenant_id, session_id, requested_at);
CREATE INDEX approvals_by_session ON approvals (session_id);
CREATE INDEX approvals_pending_by_expiry ON approvals (expires_at) WHERE status = 'pending';
CREATE INDEX approvals_pending_by_run ON approvals (run_id) WHERE status = 'pending';

CREATE TABLE blobs (
    sha256     text   NOT NULL PRIMARY KEY,
    size       bigint NOT NULL CHECK (size >= 0),
    content    bytea  NOT NULL,
    created_at bigint NOT NULL
);

CREATE TABLE blob_refs (
    session_id text NOT NULL REFERENCES sessions (id),
    sha256     text NOT NULL REFERENCES blobs (sha256),
    PRIMARY KEY (session_id, sha256)
);

CREATE INDEX blob_refs_by_blob ON blob_refs (sha256);

-- Change sequences that retrieval indexes follow (memory, documents). A write takes its numbers
-- from its row here, holding the row's lock until it commits, so numbers are handed out in commit
-- order: a reader that has seen every change through N never later finds one at or below N.
CREATE TABLE change_counters (
    name     text   NOT NULL PRIMARY KEY,
    last_seq bigint NOT NULL CHECK (last_seq >= 0)
);

INSERT INTO change_counters (name, last_seq) VALUES ('memory', 0), ('documents', 0);

CREATE TABLE memory_items (
    id                text    NOT NULL PRIMARY KEY,
    tenant_id         text    NOT NULL,
    scope             text    NOT NULL CHECK (scope IN ('agent', 'user', 'tenant')),
    scope_key         text    NOT NULL,
    namespace         text    NOT NULL,
    kind              text    NOT NULL CHECK (kind IN ('note', 'fact', 'preference', 'summary')),
    text              text    NOT NULL,
    metadata_json     text    NOT NULL,
    source_session_id text,
    source_seqs       text    NOT NULL,
    source_run_id     text,
    created_at        bigint  NOT NULL,
    updated_at        bigint  NOT NULL,
    version           integer NOT NULL CHECK (version >= 1),
    status            text    NOT NULL CHECK (status IN ('current', 'superseded', 'deleted')),
    superseded_by     text REFERENCES memory_items (id),
    embedding         bytea   NOT NULL,  -- float32 little-endian
    embedding_model   text    NOT NULL,
    CHECK ((status = 'superseded') = (superseded_by IS NOT NULL)),
    CHECK ((scope = 'tenant') = (scope_key = ''))
);

CREATE INDEX memory_items_by_owner ON memory_items (tenant_id, scope, scope_key, created_at, id)
    WHERE status = 'current';

CREATE TABLE memory_versions (
    item_id       text    NOT NULL REFERENCES memory_items (id),
    version       integer NOT NULL CHECK (version >= 1),
    kind          text    NOT NULL,
    text          text    NOT NULL,
    metadata_json text    NOT NULL,
    status        text    NOT NULL,
    superseded_by text,
    valid_from    bigint  NOT NULL,
    valid_until   bigint  NOT NULL,
    PRIMARY KEY (item_id, version)
);

CREATE TABLE memory_changes (
    seq        bigint NOT NULL PRIMARY KEY,
    item_id    text   NOT NULL REFERENCES memory_items (id),
    operation  text   NOT NULL CHECK (operation IN ('insert', 'update', 'delete', 'supersede')),
    created_at bigint NOT NULL
);

CREATE TABLE jobs (
    id            text    NOT NULL PRIMARY KEY,
    tenant_id     text    NOT NULL,
    kind          text    NOT NULL,
    session_id    text,
    run_id        text,
    payload       text    NOT NULL,
    status        text    NOT NULL CHECK (status IN ('pending', 'running', 'done', 'failed')),
    attempts      integer NOT NULL DEFAULT 0,
    not_before    bigint  NOT NULL,
    claimed_by    text,
    claimed_until bigint,
    last_error    text,
    created_at    bigint  NOT NULL,
    finished_at   bigint,
    ordinal       bigint  GENERATED ALWAYS AS IDENTITY
);

CREATE INDEX jobs_pending_by_due ON jobs (not_before) WHERE status = 'pending';
CREATE INDEX jobs_running_by_claim ON jobs (claimed_until) WHERE status = 'running';
CREATE INDEX jobs_by_tenant ON jobs (tenant_id, created_at, ordinal);
CREATE INDEX jobs_by_tenant_status ON jobs (tenant_id, status, created_at);

CREATE TABLE secrets (
    tenant_id  text   NOT NULL,
    name       text   NOT NULL,
    key_id     text   NOT NULL,
    nonce      bytea  NOT NULL CHECK (length(nonce) = 12),
    ciphertext bytea  NOT NULL,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    PRIMARY KEY (tenant_id, name)
);

CREATE TABLE doc_collections (
    id          text   NOT NULL PRIMARY KEY,
    tenant_id   text   NOT NULL,
    name        text   NOT NULL,
    description text   NOT NULL,
    folder      text,
    created_at  bigint NOT NULL,
    UNIQUE (tenant_id, name)
);

CREATE TABLE doc_documents (
    id            text    NOT NULL PRIMARY KEY,
    collection_id text    NOT NULL REFERENCES doc_collections (id),
    name          text    NOT NULL,
    media_type    text    NOT NULL,
    size_bytes    bigint  NOT NULL CHECK (size_bytes >= 0),
    content_hash  text    NOT NULL,
    status        text    NOT NULL CHECK (status IN ('indexed', 'failed')),
    error         text,
    pages         integer,
    chunk_count   integer NOT NULL CHECK (chunk_count >= 0),
    created_at    bigint  NOT NULL,
    UNIQUE (collection_id, name),
    CHECK ((status = 'failed') = (error IS NOT NULL))
);

CREATE TABLE doc_chunks (
    id              text    NOT NULL PRIMARY KEY,
    document_id     text    NOT NULL REFERENCES doc_documents (id),
    ordinal         integer NOT NULL CHECK (ordinal >= 0),
    text            text    NOT NULL,
    start_offset    integer NOT NULL CHECK (start_offset >= 0),
    end_offset      integer NOT NULL CHECK (end_offset >= start_offset),
    page            integer,
    embedding       bytea   NOT NULL,
    embedding_model text    NOT NULL,
    UNIQUE (document_id, ordinal)
);

CREATE TABLE doc_changes (
    seq        bigint NOT NULL PRIMARY KEY,
    chunk_id   text   NOT NULL,
    created_at bigint NOT NULL
);
