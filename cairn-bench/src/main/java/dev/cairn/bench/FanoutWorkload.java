package dev.cairn.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.HdrHistogram.Histogram;

/**
 * Event fan-out across nodes. Node B executes every run (each posted through B with
 * {@code wait: true}, one after another, so B's own worker takes it); a server-sent event stream of
 * the session through node A and one through B record when each event arrives. An event's latency
 * is its arrival time (wall clock, this process) minus its {@code created_at} (the committing
 * node's clock, taken in its transaction just before the insert and commit), in milliseconds: so
 * it covers the commit, the notification, node A's read of the event and the stream's write. B's
 * own stream is the same path without crossing nodes. Both streams are checked for gaps and
 * repeats.
 */
final class FanoutWorkload {

    private static final String KEY = "cairn_sk_fanout_bench_key_0123456789";
    private static final Duration START = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** What one measurement found: latencies of events across nodes and within node B. */
    record Result(int runs, Figures otherNode, Figures sameNode) {
        ObjectNode toJson() {
            ObjectNode json = Json.object();
            json.put("fanout", "postgres");
            json.put("runs", runs);
            otherNode.into(json, "other_node");
            sameNode.into(json, "same_node");
            return json;
        }
    }

    /** Latency percentiles of one stream's events, with its gaps and repeats (both should be 0). */
    record Figures(long events, long p50Millis, long p99Millis, long maxMillis, long gaps, long repeats) {
        void into(ObjectNode json, String prefix) {
            json.put(prefix + "_events", events);
            json.put(prefix + "_p50_ms", p50Millis);
            json.put(prefix + "_p99_ms", p99Millis);
            json.put(prefix + "_max_ms", maxMillis);
            json.put(prefix + "_gaps", gaps);
            json.put(prefix + "_repeats", repeats);
        }
    }

    private FanoutWorkload() {
    }

    static Result measure(String storeUrl, Path folder, int warmupRuns, int runs, PrintStream progress) throws Exception {
        Map<String, String> environment = Map.of("CAIRN_ADMIN_KEY", KEY, "CAIRN_STORE", storeUrl,
                "CAIRN_EGRESS_DEFAULT", "127.0.0.1");
        try (ServerProcess nodeB = ServerProcess.start(folder.resolve("node-b"), environment)) {
            String baseB = nodeB.baseUrl(START);
            try (ServerProcess nodeA = ServerProcess.start(folder.resolve("node-a"), environment)) {
                String baseA = nodeA.baseUrl(START);
                progress.printf("node A at %s, node B at %s%n", baseA, baseB);
                call(baseB, "POST", "/v1/agents", "application/yaml", "name: fanout\n");
                String session = call(baseB, "POST", "/v1/sessions", "application/json",
                        Json.object().put("agent", "fanout").toString()).path("id").asText();
                try (Stream throughA = Stream.open(baseA, session); Stream throughB = Stream.open(baseB, session)) {
                    long measuredAfter = 0;
                    for (int run = 0; run < warmupRuns + runs; run++) {
                        if (run == warmupRuns) {
                            measuredAfter = lastSeq(baseB, session);
                            progress.printf("warmed up with %d runs; measuring %d%n", warmupRuns, runs);
                        }
                        call(baseB, "POST", "/v1/sessions/" + session + "/messages", "application/json",
                                Json.object().put("content", "fan-out " + run).put("wait", true).toString());
                    }
                    long last = lastSeq(baseB, session);
                    throughA.await(last);
                    throughB.await(last);
                    return new Result(runs, throughA.figures(measuredAfter), throughB.figures(measuredAfter));
                }
            }
        }
    }

    private static long lastSeq(String base, String session) throws Exception {
        return call(base, "GET", "/v1/sessions/" + session, null, null).path("last_seq").asLong();
    }

    /** One server-sent event stream of the session, read on a thread of its own. */
    private static final class Stream implements AutoCloseable {
        private record Arrival(long seq, long createdAtMillis, long arrivedMillis) {
        }

        private final InputStream body;
        private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();

        private Stream(InputStream body) {
            this.body = body;
            Thread.ofPlatform().daemon().name("fanout-stream").start(this::read);
        }

        static Stream open(String base, String session) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/sessions/" + session + "/events?after=0"))
                    .header("Authorization", "Bearer " + KEY).header("Accept", "text/event-stream").GET().build();
            HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the event stream of " + base + " answered " + response.statusCode());
            }
            return new Stream(response.body());
        }

        private void read() {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                boolean stored = false;
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.startsWith("id:")) {
                        stored = true;
                    } else if (line.startsWith("data:") && stored) {
                        long arrived = System.currentTimeMillis();
                        JsonNode event = Json.parse(line.substring(5).strip());
                        arrivals.add(new Arrival(event.path("seq").asLong(),
                                Instant.parse(event.path("created_at").asText()).toEpochMilli(), arrived));
                    } else if (line.isEmpty()) {
                        stored = false;
                    }
                }
            } catch (IOException e) {
                // the stream was closed
            }
        }

        void await(long lastSeq) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (arrivals.isEmpty() || arrivals.getLast().seq() < lastSeq) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the stream did not reach seq " + lastSeq + " in 30 s");
                }
                Thread.sleep(5);
            }
        }

        Figures figures(long measuredAfter) {
            Histogram histogram = new Histogram(3);
            long gaps = 0;
            long repeats = 0;
            long previous = 0;
            List<Arrival> all = new ArrayList<>(arrivals);
            for (Arrival arrival : all) {
                if (arrival.seq() <= previous) {
                    repeats++;
                } else {
                    gaps += arrival.seq() - previous - 1;
                    previous = arrival.seq();
                }
                if (arrival.seq() > measuredAfter) {
                    histogram.recordValue(Math.max(0, arrival.arrivedMillis() - arrival.createdAtMillis()));
                }
            }
            return new Figures(histogram.getTotalCount(), histogram.getValueAtPercentile(50),
                    histogram.getValueAtPercentile(99), histogram.getMaxValue(), gaps, repeats);
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    private static JsonNode call(String base, String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + KEY);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return Json.parse(response.body());
    }
}
