package dev.cairn.store.sqlite;

import dev.cairn.core.event.EventPayload;
import dev.cairn.core.event.NewEvent;
import dev.cairn.core.store.SessionRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Run in a child JVM by {@link SqliteDurabilityTest}: appends to a few sessions from one thread
 * each, forever, printing {@code sessionId seq} for every append the store acknowledged, until the
 * parent kills it.
 */
public final class AppendingChild {

    private AppendingChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path databaseFile = Path.of(args[0]);
        int sessions = Integer.parseInt(args[1]);
        SqliteStore store = SqliteStore.open(databaseFile, Clock.systemUTC());
        List<Thread> appenders = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            String sessionId = "s" + i;
            store.sessions().create(new SessionRecord(sessionId, "tenant_a", "helper", 1, null, null,
                    Clock.systemUTC().instant()));
            appenders.add(Thread.ofPlatform().start(() -> appendForever(store, sessionId)));
        }
        for (Thread appender : appenders) {
            appender.join();
        }
    }

    private static void appendForever(SqliteStore store, String sessionId) {
        for (long last = 1; ; last++) {
            NewEvent event = NewEvent.of(new EventPayload.UserMessage(null, "message " + (last + 1)));
            long seq = store.events().appendAndWait(sessionId, last, List.of(event)).getFirst().seq();
            System.out.println(sessionId + " " + seq);
        }
    }
}
