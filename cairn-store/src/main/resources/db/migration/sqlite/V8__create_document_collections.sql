-- Document collections an agent searches. These tables are the truth; the retrieval index is
-- derived from doc_chunks and follows doc_changes, like long-term memory follows memory_changes.

CREATE TABLE doc_collections (
    id          TEXT    NOT NULL PRIMARY KEY,
    tenant_id   TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    description TEXT    NOT NULL,
    folder      TEXT,               -- the server-side folder it mirrors; NULL: filled by uploads
    created_at  INTEGER NOT NULL,
    UNIQUE (tenant_id, name)
);

-- One row per document name in a collection: replacing a document's content replaces its row.
CREATE TABLE doc_documents (
    id            TEXT    NOT NULL PRIMARY KEY,
    collection_id TEXT    NOT NULL REFERENCES doc_collections (id),
    name          TEXT    NOT NULL,
    media_type    TEXT    NOT NULL,
    size_bytes    INTEGER NOT NULL CHECK (size_bytes >= 0),
    content_hash  TEXT    NOT NULL,  -- SHA-256 of the content, hex: unchanged content is not ingested again
    status        TEXT    NOT NULL CHECK (status IN ('indexed', 'failed')),
    error         TEXT,
    pages         INTEGER,
    chunk_count   INTEGER NOT NULL CHECK (chunk_count >= 0),
    created_at    INTEGER NOT NULL,
    UNIQUE (collection_id, name),
    CHECK ((status = 'failed') = (error IS NOT NULL))
);

CREATE TABLE doc_chunks (
    id              TEXT    NOT NULL PRIMARY KEY,
    document_id     TEXT    NOT NULL REFERENCES doc_documents (id),
    ordinal         INTEGER NOT NULL CHECK (ordinal >= 0),
    text            TEXT    NOT NULL,
    start_offset    INTEGER NOT NULL CHECK (start_offset >= 0),
    end_offset      INTEGER NOT NULL CHECK (end_offset >= start_offset),
    page            INTEGER,
    embedding       BLOB    NOT NULL,  -- float32 little-endian
    embedding_model TEXT    NOT NULL,
    UNIQUE (document_id, ordinal)
);

-- One row per chunk stored or removed, in the transaction that does it. AUTOINCREMENT: a number
-- is never handed out twice, so an index that has applied through N never misses a later change.
-- Not a foreign key: a removed chunk's change outlives it.
CREATE TABLE doc_changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    chunk_id   TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
