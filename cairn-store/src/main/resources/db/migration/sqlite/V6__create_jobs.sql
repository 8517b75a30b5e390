-- Durable background jobs (memory extraction after a run, ...). A job queued by an event is
-- inserted in the transaction that appends the event. Workers claim jobs for a limited time;
-- a lapsed claim lets another worker take the job over.

CREATE TABLE jobs (
    id            TEXT    NOT NULL PRIMARY KEY,
    tenant_id     TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    session_id    TEXT,
    run_id        TEXT,
    payload       TEXT    NOT NULL,
    status        TEXT    NOT NULL CHECK (status IN ('pending', 'running', 'done', 'failed')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    not_before    INTEGER NOT NULL,
    claimed_by    TEXT,
    claimed_until INTEGER,
    last_error    TEXT,
    created_at    INTEGER NOT NULL,
    finished_at   INTEGER
);

-- The claimer's two questions: which pending jobs are due, which running jobs' claims lapsed.
CREATE INDEX jobs_pending_by_due ON jobs (not_before) WHERE status = 'pending';
CREATE INDEX jobs_running_by_claim ON jobs (claimed_until) WHERE status = 'running';
-- A tenant's jobs, newest first, optionally by status.
CREATE INDEX jobs_by_tenant ON jobs (tenant_id, created_at);
CREATE INDEX jobs_by_tenant_status ON jobs (tenant_id, status, created_at);
