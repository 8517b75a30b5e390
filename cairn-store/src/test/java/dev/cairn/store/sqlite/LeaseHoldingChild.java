package dev.cairn.store.sqlite;

import dev.cairn.core.event.EventPayload;
import dev.cairn.core.event.NewEvent;
import dev.cairn.core.store.FencedException;
import dev.cairn.core.store.Lease;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Run in a child JVM by {@link SqliteLeaseTakeoverTest}: takes a session's lease and appends to
 * the session with the lease's token, one event at a time, renewing the lease every quarter of
 * its ttl. Prints {@code lease <token>} once, then {@code ack <seq>} for every append the store
 * acknowledged. When an append is fenced it prints {@code fenced <token>} and exits with
 * {@link #EXIT_FENCED}; any other failure ends it with a stack trace and exit code 1.
 */
public final class LeaseHoldingChild {

    static final int EXIT_FENCED = 42;
    static final String HOLDER = "child";

    private LeaseHoldingChild() {
    }

    /** Arguments: the database file, the session id, the lease's ttl in milliseconds. */
    public static void main(String[] args) {
        Path databaseFile = Path.of(args[0]);
        String sessionId = args[1];
        Duration ttl = Duration.ofMillis(Long.parseLong(args[2]));
        Clock clock = Clock.systemUTC();
        SqliteStore store = SqliteStore.open(databaseFile, clock);
        Lease lease = store.leases().acquire(sessionId, HOLDER, ttl)
                .orElseThrow(() -> new IllegalStateException("the lease of " + sessionId + " is held by another"));
        System.out.println("lease " + lease.token());
        Instant renewAt = clock.instant().plus(ttl.dividedBy(4));
        long last = store.events().lastSeq(sessionId);
        while (true) {
            NewEvent event = NewEvent.of(new EventPayload.UserMessage(null, "child " + (last + 1)));
            try {
                last = store.events().appendAndWait(sessionId, last, List.of(event), lease.token()).getFirst().seq();
            } catch (FencedException fenced) {
                System.out.println("fenced " + fenced.token());
                System.exit(EXIT_FENCED);
            }
            System.out.println("ack " + last);
            if (!clock.instant().isBefore(renewAt)) {
                // A lost lease is not renewed; the next append finds that out.
                lease = store.leases().renew(lease, ttl).orElse(lease);
                renewAt = clock.instant().plus(ttl.dividedBy(4));
            }
        }
    }
}
