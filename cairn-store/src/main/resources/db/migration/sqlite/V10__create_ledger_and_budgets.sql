-- The ledger of model and tool calls, a hash chain: each entry's hash covers its fields and the
-- previous entry's hash. Appended only by the store's single writer, under SQLite's write lock,
-- so the chain stays linear with several processes on one file.

CREATE TABLE ledger (
    seq            INTEGER NOT NULL PRIMARY KEY,
    time           INTEGER NOT NULL,
    kind           TEXT    NOT NULL CHECK (kind IN ('model_call', 'tool_call')),
    tenant_id      TEXT    NOT NULL,
    agent          TEXT    NOT NULL,
    agent_version  INTEGER NOT NULL,
    session_id     TEXT    NOT NULL,
    run_id         TEXT    NOT NULL,
    user_id        TEXT    NOT NULL,
    classification TEXT    NOT NULL,
    step           INTEGER NOT NULL,
    purpose        TEXT    NOT NULL,
    route          TEXT    NOT NULL,
    provider       TEXT    NOT NULL,
    model          TEXT    NOT NULL,
    tool           TEXT    NOT NULL,
    region         TEXT    NOT NULL,
    endpoint_host  TEXT    NOT NULL,
    policy_version INTEGER NOT NULL,
    policy_rule    TEXT    NOT NULL,
    tokens_in      INTEGER NOT NULL,
    tokens_out     INTEGER NOT NULL,
    cost_micros    INTEGER NOT NULL,
    latency_ms     INTEGER NOT NULL,
    outcome        TEXT    NOT NULL,
    prev_hash      TEXT    NOT NULL,
    hash           TEXT    NOT NULL
);

-- Pages and usage by tenant, agent, session or run, and a budget's sum over a time window.
CREATE INDEX ledger_by_tenant_time ON ledger (tenant_id, time);
CREATE INDEX ledger_by_tenant_agent_time ON ledger (tenant_id, agent, time);
CREATE INDEX ledger_by_session ON ledger (session_id, seq);
CREATE INDEX ledger_by_run ON ledger (run_id, seq);
CREATE INDEX ledger_by_time ON ledger (time);

-- What each budget window has spent, a cache of the sum of the ledger entries it counts
-- (agent and session '' count every agent or session of the tenant). Updated in the transaction
-- of each append; any row may be deleted and is summed from the ledger again when next needed.
CREATE TABLE budget_spend (
    budget_key  TEXT    NOT NULL PRIMARY KEY,
    tenant_id   TEXT    NOT NULL,
    agent       TEXT    NOT NULL,
    session_id  TEXT    NOT NULL,
    window_from INTEGER NOT NULL,
    window_to   INTEGER NOT NULL,
    tokens      INTEGER NOT NULL,
    cost_micros INTEGER NOT NULL
);
CREATE INDEX budget_spend_by_tenant ON budget_spend (tenant_id, window_to);

-- The worst case of each call in flight, held against each window it counts toward until the
-- call settles or the reservation expires (its process died).
CREATE TABLE budget_reservations (
    reservation_id TEXT    NOT NULL,
    budget_key     TEXT    NOT NULL,
    tokens         INTEGER NOT NULL,
    cost_micros    INTEGER NOT NULL,
    expires_at     INTEGER NOT NULL,
    PRIMARY KEY (reservation_id, budget_key)
);
CREATE INDEX budget_reservations_by_budget ON budget_reservations (budget_key, expires_at);
CREATE INDEX budget_reservations_by_expiry ON budget_reservations (expires_at);
