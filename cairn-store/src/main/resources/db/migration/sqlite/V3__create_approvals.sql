-- The approval index, kept in step with approval.* events (and with the end of their runs) in the
-- transaction that appends them. The log stays the truth; this table finds approvals by tenant,
-- session, status and expiry without reading logs.

CREATE TABLE approvals (
    id           TEXT    NOT NULL PRIMARY KEY,
    tenant_id    TEXT    NOT NULL,
    session_id   TEXT    NOT NULL REFERENCES sessions (id),
    run_id       TEXT    NOT NULL,
    call_id      TEXT    NOT NULL,
    tool         TEXT    NOT NULL,
    arguments    TEXT    NOT NULL,
    cause        TEXT    NOT NULL CHECK (cause IN ('policy', 'outcome_unknown')),
    status       TEXT    NOT NULL CHECK (status IN ('pending', 'approved', 'denied', 'expired', 'cancelled')),
    requested_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    decided_at   INTEGER,
    decided_by   TEXT,
    reason       TEXT
);

-- Newest first per tenant, by status and by session; rowid breaks ties within a millisecond.
CREATE INDEX approvals_by_tenant ON approvals (tenant_id, requested_at);
CREATE INDEX approvals_by_tenant_status ON approvals (tenant_id, status, requested_at);
CREATE INDEX approvals_by_tenant_session ON approvals (tenant_id, session_id, requested_at);
-- The scanner's question (which pending approvals have expired) and a run's pending approvals.
CREATE INDEX approvals_pending_by_expiry ON approvals (expires_at) WHERE status = 'pending';
CREATE INDEX approvals_pending_by_run ON approvals (run_id) WHERE status = 'pending';
