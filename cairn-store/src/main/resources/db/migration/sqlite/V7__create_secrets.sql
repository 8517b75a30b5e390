-- Named secrets of each tenant, sealed with AES-256-GCM by the server before they reach the store:
-- the value is never stored in clear. key_id names the key that sealed the row (a hash of it, not
-- the key); the tenant and name are bound into the seal, so a row copied elsewhere does not open.

CREATE TABLE secrets (
    tenant_id  TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    key_id     TEXT    NOT NULL,
    nonce      BLOB    NOT NULL CHECK (length(nonce) = 12),
    ciphertext BLOB    NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, name)
) WITHOUT ROWID;
