-- Long-term memory. memory_items is the truth; retrieval indexes are derived from it and follow
-- memory_changes. Only current items are listed and searched; superseded and deleted ones are kept
-- as history. Sources are not foreign keys: a memory outlives the session it came from.

CREATE TABLE memory_items (
    id                TEXT    NOT NULL PRIMARY KEY,
    tenant_id         TEXT    NOT NULL,
    scope             TEXT    NOT NULL CHECK (scope IN ('agent', 'user', 'tenant')),
    scope_key         TEXT    NOT NULL,
    namespace         TEXT    NOT NULL,
    kind              TEXT    NOT NULL CHECK (kind IN ('note', 'fact', 'preference', 'summary')),
    text              TEXT    NOT NULL,
    metadata_json     TEXT    NOT NULL,
    source_session_id TEXT,
    source_seqs       TEXT    NOT NULL,  -- JSON array of the source events' sequence numbers
    source_run_id     TEXT,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    version           INTEGER NOT NULL CHECK (version >= 1),
    status            TEXT    NOT NULL CHECK (status IN ('current', 'superseded', 'deleted')),
    superseded_by     TEXT REFERENCES memory_items (id),
    embedding         BLOB    NOT NULL,  -- float32 little-endian
    embedding_model   TEXT    NOT NULL,
    CHECK ((status = 'superseded') = (superseded_by IS NOT NULL)),
    CHECK ((scope = 'tenant') = (scope_key = ''))
);

-- Newest first per owner; only current items are ever listed.
CREATE INDEX memory_items_by_owner ON memory_items (tenant_id, scope, scope_key, created_at, id)
    WHERE status = 'current';

-- Every earlier version of an item, written when the next one replaces it.
CREATE TABLE memory_versions (
    item_id           TEXT    NOT NULL REFERENCES memory_items (id),
    version           INTEGER NOT NULL CHECK (version >= 1),
    kind              TEXT    NOT NULL,
    text              TEXT    NOT NULL,
    metadata_json     TEXT    NOT NULL,
    status            TEXT    NOT NULL,
    superseded_by     TEXT,
    valid_from        INTEGER NOT NULL,
    valid_until       INTEGER NOT NULL,
    PRIMARY KEY (item_id, version)
) WITHOUT ROWID;

-- One row per item written, in the transaction that writes it. AUTOINCREMENT: a number is never
-- handed out twice, so an index that has applied through N never misses a later change.
CREATE TABLE memory_changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id    TEXT    NOT NULL REFERENCES memory_items (id),
    operation  TEXT    NOT NULL CHECK (operation IN ('insert', 'update', 'delete', 'supersede')),
    created_at INTEGER NOT NULL
);
