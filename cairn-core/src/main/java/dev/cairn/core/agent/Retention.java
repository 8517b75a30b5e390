package dev.cairn.core.agent;

import java.time.Duration;

/**
 * How long an agent's sessions are kept. A session with no event for more than
 * {@code idleDays} days, and no open run, is archived to a file and removed from the store.
 *
 * @param idleDays days without an event before a session is archived, 1 to {@link #MAX_IDLE_DAYS}
 */
public record Retention(int idleDays) {

    /** About a hundred years: enough to mean "keep", small enough to stay a duration. */
    public static final int MAX_IDLE_DAYS = 36_500;

    public Retention {
        if (idleDays < 1 || idleDays > MAX_IDLE_DAYS) {
            throw new IllegalArgumentException("retention.idle_days must be 1 to " + MAX_IDLE_DAYS + ", got " + idleDays);
        }
    }

    public Duration idle() {
        return Duration.ofDays(idleDays);
    }
}
