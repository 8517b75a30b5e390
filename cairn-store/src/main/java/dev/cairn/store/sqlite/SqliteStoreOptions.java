package dev.cairn.store.sqlite;

import dev.cairn.core.InvalidRequestException;
import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of a {@link SqliteStore}. Immutable; bad values fail at construction with a message
 * naming the setting.
 *
 * @param maxBatchSize    writes committed together in one transaction at most ({@code max-batch-size})
 * @param readConnections read-only connections shared by all readers ({@code read-connections})
 * @param busyTimeout     how long a connection waits for a lock held by another process before
 *                        failing ({@code busy-timeout})
 */
public record SqliteStoreOptions(int maxBatchSize, int readConnections, Duration busyTimeout) {

    /** 256 writes per group, 4 read connections, 5 s busy timeout. */
    public static final SqliteStoreOptions DEFAULTS = new SqliteStoreOptions(256, 4, Duration.ofSeconds(5));

    public SqliteStoreOptions {
        if (maxBatchSize < 1) {
            throw new InvalidRequestException("max-batch-size must be at least 1, got " + maxBatchSize);
        }
        if (readConnections < 1) {
            throw new InvalidRequestException("read-connections must be at least 1, got " + readConnections);
        }
        Objects.requireNonNull(busyTimeout, "busy-timeout");
        if (busyTimeout.isNegative() || busyTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new InvalidRequestException("busy-timeout must be between 0 and " + Integer.MAX_VALUE
                    + " ms, got " + busyTimeout);
        }
    }

    public SqliteStoreOptions withMaxBatchSize(int maxBatchSize) {
        return new SqliteStoreOptions(maxBatchSize, readConnections, busyTimeout);
    }

    public SqliteStoreOptions withReadConnections(int readConnections) {
        return new SqliteStoreOptions(maxBatchSize, readConnections, busyTimeout);
    }

    public SqliteStoreOptions withBusyTimeout(Duration busyTimeout) {
        return new SqliteStoreOptions(maxBatchSize, readConnections, busyTimeout);
    }
}
