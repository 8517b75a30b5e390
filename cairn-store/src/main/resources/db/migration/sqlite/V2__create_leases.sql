-- Session leases: at most one worker runs a session's runs at a time. The token grows by one each
-- time the lease passes to another holder, and a fenced append stores nothing unless it carries
-- the session's current token. A released or expired lease keeps its row, so the next holder's
-- token is still one above every token handed out before.

CREATE TABLE leases (
    session_id TEXT    NOT NULL PRIMARY KEY REFERENCES sessions (id),
    holder_id  TEXT    NOT NULL,
    token      INTEGER NOT NULL CHECK (token >= 1),
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;
