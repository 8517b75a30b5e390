package dev.cairn.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cairn bench compare}: the peer and Cairn, alternately, on the same machine in the same
 * run; each measurement's line, then per shape the medians and the ratio of steps per second.
 * The machine is noisy, so only ratios from one run mean much.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Run the peer and Cairn alternately REPEAT times per shape; print medians and the Cairn/peer ratio.")
final class CompareCommand implements Callable<Integer> {

    @Option(names = "--threads", description = "with --turns: one shape instead of --shapes")
    Integer threads;

    @Option(names = "--turns", description = "with --threads: one shape instead of --shapes")
    Integer turns;

    @Option(names = "--shapes", defaultValue = "20x10,5x40",
            description = "shapes THREADSxTURNS to compare, comma-separated (default ${DEFAULT-VALUE})")
    String shapes;

    @Option(names = "--repeat", defaultValue = "3", description = "measurements of each side per shape (default ${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--peer-dir", description = "the peer's folder (default: ../shared/peers/langgraphjs beside the repository)")
    Path peerDirectory;

    @Option(names = "--warmup-seconds", defaultValue = ReferenceWorkload.DEFAULT_WARMUP_SECONDS,
            description = "warm the JVM up this long first, figures discarded (default ${DEFAULT-VALUE})")
    double warmupSeconds;

    @Override
    public Integer call() throws Exception {
        if (repeat < 1) {
            throw new IllegalArgumentException("--repeat must be at least 1, got " + repeat);
        }
        List<Shape> selected = threads != null || turns != null
                ? List.of(new Shape(threads == null ? 20 : threads, turns == null ? 10 : turns))
                : Shape.parseList(shapes);
        Optional<Peer> peer = Peer.install(PeerCommand.peerSource(peerDirectory), System.err);
        try {
            List<ObjectNode> summaries = new ArrayList<>();
            for (Shape shape : selected) {
                summaries.add(compare(shape, peer));
            }
            summaries.forEach(summary -> System.out.println(Json.write(summary)));
        } finally {
            peer.ifPresent(Peer::close);
        }
        return 0;
    }

    private ObjectNode compare(Shape shape, Optional<Peer> peer) throws Exception {
        List<ObjectNode> peerLines = new ArrayList<>();
        List<ReferenceWorkload.Result> cairnResults = new ArrayList<>();
        for (int round = 1; round <= repeat; round++) {
            if (peer.isPresent()) {
                System.err.printf("compare %s: peer, round %d of %d%n", shape, round, repeat);
                ObjectNode line = peer.get().measure(shape.threads(), shape.turns());
                peerLines.add(line);
                System.out.println(Json.write(line));
            }
            System.err.printf("compare %s: cairn, round %d of %d%n", shape, round, repeat);
            ReferenceWorkload.Result result = ReferenceWorkload.measure(null, shape.threads(), shape.turns(), warmupSeconds, System.err);
            cairnResults.add(result);
            System.out.println(Json.write(result.json()));
        }
        return summary(shape, peerLines, cairnResults);
    }

    private ObjectNode summary(Shape shape, List<ObjectNode> peerLines, List<ReferenceWorkload.Result> cairnResults) {
        ObjectNode summary = Json.object();
        summary.put("compare", shape.toString());
        summary.put("repeat", repeat);
        List<Double> cairnRates = cairnResults.stream().map(result -> (double) result.stepsPerSecond()).toList();
        List<Double> peerRates = peerLines.stream().map(line -> line.get("steps_per_sec").asDouble()).toList();
        summary.set("cairn_steps_per_sec", numbers(cairnRates));
        summary.set("peer_steps_per_sec", numbers(peerRates));
        double cairnMedian = median(cairnRates);
        summary.put("cairn_steps_per_sec_median", Math.round(cairnMedian));
        if (peerLines.isEmpty()) {
            summary.putNull("peer_steps_per_sec_median");
            summary.putNull("ratio_cairn_over_peer");
        } else {
            double peerMedian = median(peerRates);
            summary.put("peer_steps_per_sec_median", Math.round(peerMedian));
            summary.put("ratio_cairn_over_peer", ReferenceWorkload.round(cairnMedian / peerMedian));
            summary.put("peer_bytes_per_step_median", Math.round(median(peerLines.stream()
                    .map(line -> line.get("bytes_per_step").asDouble()).toList())));
        }
        summary.put("cairn_bytes_per_step_median", Math.round(median(cairnResults.stream()
                .map(result -> (double) result.dbBytes() / result.steps()).toList())));
        summary.put("cairn_bytes_per_step_checkpointed_median", Math.round(median(cairnResults.stream()
                .map(result -> (double) result.dbBytesCheckpointed() / result.steps()).toList())));
        summary.put("cairn_step_overhead_p50_ms_median", median(cairnResults.stream()
                .map(result -> result.overhead().p50Millis()).toList()));
        summary.put("cairn_step_overhead_p99_ms_median", median(cairnResults.stream()
                .map(result -> result.overhead().p99Millis()).toList()));
        return summary;
    }

    private static ArrayNode numbers(List<Double> values) {
        ArrayNode array = Json.mapper().createArrayNode();
        values.forEach(value -> array.add(Math.round(value)));
        return array;
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
