package dev.cairn.server.process;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Client threads posting messages to random sessions of whichever server is current, as a busy
 * application would, and remembering every message the API acknowledged. Each message's content
 * is unique, so it can be found in the log. With several servers current, each message goes to one
 * picked at random. While no server is current (it was killed and has not served again yet) the
 * clients wait. Thread-safe.
 */
final class MessageTraffic implements AutoCloseable {

    /** Writes the message numbered {@code number}; numbers are unique across the clients. */
    @FunctionalInterface
    interface Script {
        String message(long number, SplittableRandom random);
    }

    private final List<String> sessions;
    private final Script script;
    private final int maxPauseMillis;
    private final AtomicLong numbers = new AtomicLong();
    private final Map<String, Set<String>> acknowledged = new ConcurrentHashMap<>();
    private final AtomicInteger unanswered = new AtomicInteger();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private final List<Thread> clients = new ArrayList<>();
    private volatile List<ServerApi> targets = List.of();
    private volatile boolean stopped;

    private MessageTraffic(List<String> sessions, Script script, int maxPauseMillis) {
        this.sessions = List.copyOf(sessions);
        this.script = script;
        this.maxPauseMillis = maxPauseMillis;
        sessions.forEach(session -> acknowledged.put(session, ConcurrentHashMap.newKeySet()));
    }

    /** Starts {@code clients} threads, each pausing up to {@code maxPauseMillis} between messages. */
    static MessageTraffic start(List<String> sessions, int clients, int maxPauseMillis, Script script, SplittableRandom random) {
        MessageTraffic traffic = new MessageTraffic(sessions, script, maxPauseMillis);
        for (int i = 0; i < clients; i++) {
            SplittableRandom own = random.split();
            traffic.clients.add(Thread.ofVirtual().name("client-" + i).start(() -> traffic.post(own)));
        }
        return traffic;
    }

    /** Sends from now on to {@code api}; null: hold messages until a server is current again. */
    void target(ServerApi api) {
        targets = api == null ? List.of() : List.of(api);
    }

    /** Sends from now on to a server of {@code apis} picked at random for each message; none: hold messages. */
    void targets(List<ServerApi> apis) {
        targets = List.copyOf(apis);
    }

    /** For each session, the content of every message the API answered with a 2xx. */
    Map<String, Set<String>> acknowledged() {
        return acknowledged;
    }

    int acknowledgedCount() {
        return acknowledged.values().stream().mapToInt(Set::size).sum();
    }

    /** Messages that got no answer: the server died with them in flight. */
    int unanswered() {
        return unanswered.get();
    }

    /** Answers other than 2xx, with their bodies. */
    List<String> refused() {
        return refused;
    }

    private void post(SplittableRandom random) {
        while (!stopped) {
            List<ServerApi> current = targets;
            try {
                if (current.isEmpty()) {
                    Thread.sleep(20);
                    continue;
                }
                ServerApi api = current.get(random.nextInt(current.size()));
                String session = sessions.get(random.nextInt(sessions.size()));
                String content = script.message(numbers.incrementAndGet(), random);
                try {
                    HttpResponse<String> response = api.postMessage(session, content);
                    if (response.statusCode() / 100 == 2) {
                        acknowledged.get(session).add(content);
                    } else {
                        refused.add(response.statusCode() + " " + response.body());
                    }
                } catch (IOException e) {
                    unanswered.incrementAndGet();
                    Thread.sleep(20);
                }
                Thread.sleep(random.nextInt(maxPauseMillis + 1));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops the clients once their messages in flight are answered or fail. */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        for (Thread client : clients) {
            client.join();
        }
    }
}
