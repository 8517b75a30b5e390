package dev.cairn.store.sqlite;

import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.NotFoundException;
import dev.cairn.core.store.FencedException;
import dev.cairn.core.store.Lease;
import dev.cairn.core.store.LeaseStore;
import dev.cairn.core.store.StoreException;
import dev.cairn.store.jdbc.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Session leases in the {@code leases} table. Acquire, renew and release are write tasks of the
 * group-commit writer, so each decides inside a transaction that holds SQLite's write lock (no
 * other connection, in this process or another, can decide in between) and is on disk when it
 * returns. A lease is live while the store's clock, to the millisecond, is before its expiry.
 *
 * <p>A released or expired lease keeps its row and token: only another holder's acquire moves
 * the token on, so until then its last holder's fenced appends still go through.
 *
 * <p>Acquiring the lease of a session that does not exist fails with {@link NotFoundException};
 * a ttl under one millisecond fails with {@link InvalidRequestException}.
 */
final class SqliteLeaseStore implements LeaseStore {

    private static final String COLUMNS = "session_id, holder_id, token, expires_at";
    private static final String FIND = "SELECT " + COLUMNS + " FROM leases WHERE session_id = ?";
    private static final String FIND_TOKEN = "SELECT token FROM leases WHERE session_id = ?";
    private static final String INSERT = "INSERT INTO leases (" + COLUMNS + ") VALUES (?, ?, ?, ?)";
    private static final String HAND_OVER = "UPDATE leases SET holder_id = ?, token = ?, expires_at = ? WHERE session_id = ?";
    private static final String EXTEND = "UPDATE leases SET expires_at = ? WHERE session_id = ? AND token = ?";
    private static final String GIVE_UP = """
            UPDATE leases SET expires_at = min(expires_at, ?)
            WHERE session_id = ? AND holder_id = ? AND token = ?""";

    private final GroupCommitWriter writer;
    private final ReadPool readers;

    SqliteLeaseStore(GroupCommitWriter writer, ReadPool readers) {
        this.writer = writer;
        this.readers = readers;
    }

    @Override
    public Optional<Lease> acquire(String sessionId, String holderId, Duration ttl) {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(holderId, "holderId");
        long ttlMillis = ttlMillis(ttl);
        return StoreException.join(writer.submit(transaction -> acquire(transaction, sessionId, holderId, ttlMillis)));
    }

    private static Optional<Lease> acquire(WriteTransaction transaction, String sessionId, String holderId,
                                           long ttlMillis) throws SQLException {
        Instant now = transaction.now();
        Instant expiresAt = expiry(now, ttlMillis);
        Optional<Lease> current = transaction.first(FIND, SqliteLeaseStore::decode, sessionId);
        if (current.isEmpty()) {
            if (transaction.sessionHead(sessionId).isEmpty()) {
                throw new NotFoundException("session", sessionId);
            }
            transaction.update(INSERT, sessionId, holderId, 1L, Rows.millis(expiresAt));
            return Optional.of(new Lease(sessionId, holderId, 1, expiresAt));
        }
        Lease lease = current.get();
        if (lease.holderId().equals(holderId)) {
            transaction.update(EXTEND, Rows.millis(expiresAt), sessionId, lease.token());
            return Optional.of(new Lease(sessionId, holderId, lease.token(), expiresAt));
        }
        if (now.isBefore(lease.expiresAt())) {
            return Optional.empty();
        }
        long token = lease.token() + 1;
        transaction.update(HAND_OVER, holderId, token, Rows.millis(expiresAt), sessionId);
        return Optional.of(new Lease(sessionId, holderId, token, expiresAt));
    }

    @Override
    public Optional<Lease> renew(Lease lease, Duration ttl) {
        Objects.requireNonNull(lease, "lease");
        long ttlMillis = ttlMillis(ttl);
        return StoreException.join(writer.submit(transaction -> {
            Optional<Lease> current = transaction.first(FIND, SqliteLeaseStore::decode, lease.sessionId());
            if (current.isEmpty() || !sameHolding(current.get(), lease)) {
                return Optional.empty();
            }
            Instant expiresAt = expiry(transaction.now(), ttlMillis);
            transaction.update(EXTEND, Rows.millis(expiresAt), lease.sessionId(), lease.token());
            return Optional.of(new Lease(lease.sessionId(), lease.holderId(), lease.token(), expiresAt));
        }));
    }

    @Override
    public void release(Lease lease) {
        Objects.requireNonNull(lease, "lease");
        StoreException.join(writer.submit(transaction -> transaction.update(GIVE_UP,
                Rows.millis(transaction.now()), lease.sessionId(), lease.holderId(), lease.token())));
    }

    @Override
    public Optional<Lease> current(String sessionId) {
        Objects.requireNonNull(sessionId, "sessionId");
        return readers.first(FIND, SqliteLeaseStore::decode, sessionId);
    }

    /**
     * Fails unless the session's lease has {@code fencingToken}; run in the write task of a fenced
     * append, before it stores anything, so the check and the append commit together.
     *
     * @throws FencedException when the session's token is another one, or it has no lease (token 0)
     */
    static void checkFence(WriteTransaction transaction, String sessionId, long fencingToken) throws SQLException {
        long currentToken = transaction.first(FIND_TOKEN, row -> row.getLong(1), sessionId).orElse(0L);
        if (currentToken != fencingToken) {
            throw new FencedException(sessionId, fencingToken, currentToken);
        }
    }

    private static boolean sameHolding(Lease current, Lease lease) {
        return current.token() == lease.token() && current.holderId().equals(lease.holderId());
    }

    private static long ttlMillis(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.compareTo(Duration.ofMillis(1)) < 0) {
            throw new InvalidRequestException("a lease's ttl must be at least 1 ms, got " + ttl);
        }
        try {
            return ttl.toMillis();
        } catch (ArithmeticException e) {
            throw new InvalidRequestException("a lease's ttl is too long: " + ttl);
        }
    }

    private static Instant expiry(Instant now, long ttlMillis) {
        try {
            return Instant.ofEpochMilli(Math.addExact(Rows.millis(now), ttlMillis));
        } catch (ArithmeticException e) {
            throw new InvalidRequestException("a lease's ttl of " + ttlMillis + " ms runs past the end of time");
        }
    }

    private static Lease decode(ResultSet row) throws SQLException {
        return new Lease(row.getString("session_id"), row.getString("holder_id"), row.getLong("token"),
                Rows.instant(row, "expires_at"));
    }
}
