-- The ledger of model and tool calls and the budgets it feeds, as in the SQLite store's V10.
-- Each entry's hash covers its fields and the previous entry's hash. Several nodes append at
-- once, so an append first locks the one row of ledger_chain (FOR UPDATE) and only then reads
-- the last entry: appends take turns and the chain stays linear.

CREATE TABLE ledger (
    seq            BIGINT  NOT NULL PRIMARY KEY,
    time           BIGINT  NOT NULL,
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
    policy_version BIGINT  NOT NULL,
    policy_rule    TEXT    NOT NULL,
    tokens_in      BIGINT  NOT NULL,
    tokens_out     BIGINT  NOT NULL,
    cost_micros    BIGINT  NOT NULL,
    latency_ms     BIGINT  NOT NULL,
    outcome        TEXT    NOT NULL,
    prev_hash      TEXT    NOT NULL,
    hash           TEXT    NOT NULL
);

CREATE INDEX ledger_by_tenant_time ON ledger (tenant_id, time);
CREATE INDEX ledger_by_tenant_agent_time ON ledger (tenant_id, agent, time);
CREATE INDEX ledger_by_session ON ledger (session_id, seq);
CREATE INDEX ledger_by_run ON ledger (run_id, seq);
CREATE INDEX ledger_by_time ON ledger (time);

-- The chain's lock: one row, locked FOR UPDATE by every append and FOR SHARE by whoever sums
-- the ledger into a new budget_spend row (so no append is in flight while it sums).
CREATE TABLE ledger_chain (
    id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1)
);
INSERT INTO ledger_chain (id) VALUES (1);

-- What each budget window has spent, a cache of the sum of the ledger entries it counts
-- (agent and session '' count every agent or session of the tenant). Its row is also the
-- budget's lock: a reservation locks it FOR UPDATE before it counts what is reserved.
CREATE TABLE budget_spend (
    budget_key  TEXT   NOT NULL PRIMARY KEY,
    tenant_id   TEXT   NOT NULL,
    agent       TEXT   NOT NULL,
    session_id  TEXT   NOT NULL,
    window_from BIGINT NOT NULL,
    window_to   BIGINT NOT NULL,
    tokens      BIGINT NOT NULL,
    cost_micros BIGINT NOT NULL
);
CREATE INDEX budget_spend_by_tenant ON budget_spend (tenant_id, window_to);

-- The worst case of each call in flight, held against each window it counts toward until the
-- call settles or the reservation expires (its node died).
CREATE TABLE budget_reservations (
    reservation_id TEXT   NOT NULL,
    budget_key     TEXT   NOT NULL,
    tokens         BIGINT NOT NULL,
    cost_micros    BIGINT NOT NULL,
    expires_at     BIGINT NOT NULL,
    PRIMARY KEY (reservation_id, budget_key)
);
CREATE INDEX budget_reservations_by_budget ON budget_reservations (budget_key, expires_at);
CREATE INDEX budget_reservations_by_expiry ON budget_reservations (expires_at);
