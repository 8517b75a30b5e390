-- Forks share their parent's history instead of copying it: a fork's row names its parent and
-- the parent's sequence number it was forked at, and the fork's own events start after it. A
-- parent cannot be deleted while a fork refers to it.
ALTER TABLE sessions ADD COLUMN parent_id TEXT REFERENCES sessions (id);
ALTER TABLE sessions ADD COLUMN fork_seq INTEGER CHECK (fork_seq IS NULL OR fork_seq >= 1);
CREATE INDEX sessions_by_parent ON sessions (parent_id) WHERE parent_id IS NOT NULL;

-- Large tool outputs, stored once by the SHA-256 of their bytes. A blob lives while a session
-- refers to it; blob_refs says which sessions do, and so which tenants may read it.
CREATE TABLE blobs (
    sha256     TEXT    NOT NULL PRIMARY KEY,
    size       INTEGER NOT NULL CHECK (size >= 0),
    content    BLOB    NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE blob_refs (
    session_id TEXT NOT NULL REFERENCES sessions (id),
    sha256     TEXT NOT NULL REFERENCES blobs (sha256),
    PRIMARY KEY (session_id, sha256)
) WITHOUT ROWID;

CREATE INDEX blob_refs_by_blob ON blob_refs (sha256);
