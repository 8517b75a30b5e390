package dev.cairn.bench.jmh;

import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.model.ToolCall;
import dev.cairn.core.model.Usage;
import dev.cairn.core.session.SessionHistory;
import dev.cairn.tools.recall.ConversationRecall;
import dev.cairn.tools.recall.RecalledMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code conversation_search} over a session of {@code turns} turns (a user message, a tool call
 * with a 45-word result and a 20-word answer each: four searchable messages per turn, words drawn
 * with a skewed frequency from 5,000, the query's among the most frequent): a search of an index
 * that is up to date, and the first search of a session, which builds its index from the log. The
 * log is in memory, so this is the index's cost alone, without reading SQLite.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ConversationSearchBenchmark {

    private static final String SESSION = "ses_bench";
    private static final String[] WORDS = vocabulary();

    @Param({"500", "5000"})
    public int turns;

    private List<Event> events;
    private SessionHistory history;
    private ConversationRecall warm;

    @Setup(Level.Trial)
    public void prepare() {
        events = log(turns);
        history = new SessionHistory() {
            @Override
            public List<Event> read(String sessionId, long afterSeq, int limit) {
                int from = (int) Math.min(afterSeq, events.size());
                return events.subList(from, Math.min(events.size(), from + limit));
            }

            @Override
            public long lastSeq(String sessionId) {
                return events.size();
            }
        };
        warm = ConversationRecall.create(history, 1L << 30, Duration.ofHours(1));
        warm.search(SESSION, "warm up", 5);
    }

    @TearDown(Level.Trial)
    public void close() {
        warm.close();
    }

    @Benchmark
    public List<RecalledMessage> searchUpToDateIndex() {
        return warm.search(SESSION, "refund for the cracked teapot order", 5);
    }

    @Benchmark
    public List<RecalledMessage> firstSearchBuildsTheIndex() {
        try (ConversationRecall cold = ConversationRecall.create(history, 1L << 30, Duration.ofHours(1))) {
            return cold.search(SESSION, "refund for the cracked teapot order", 5);
        }
    }

    private static List<Event> log(int turns) {
        SplittableRandom random = new SplittableRandom(7);
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        List<Event> log = new ArrayList<>();
        log.add(new Event(SESSION, 1, null, now, new EventPayload.SessionCreated("bench", 1, "bench", null)));
        for (int turn = 0; turn < turns; turn++) {
            String runId = "run_" + turn;
            String call = "call_" + turn;
            add(log, null, new EventPayload.UserMessage("msg_" + turn, sentence(random, 14)));
            add(log, runId, new EventPayload.ModelResponded(1, "bench", "m", "", List.of(new ToolCall(call, "lookup",
                    "{\"q\": \"" + sentence(random, 3) + "\"}")), Usage.ZERO, "tool_calls", 0));
            add(log, runId, new EventPayload.ToolCompleted(call, "lookup", sentence(random, 45), 1));
            add(log, runId, new EventPayload.ModelResponded(2, "bench", "m", sentence(random, 20), List.of(), Usage.ZERO,
                    "stop", 0));
        }
        return log;
    }

    private static void add(List<Event> log, String runId, EventPayload payload) {
        log.add(new Event(SESSION, log.size() + 1, runId, Instant.parse("2026-01-01T00:00:00Z"), payload));
    }

    private static String sentence(SplittableRandom random, int words) {
        StringBuilder text = new StringBuilder();
        for (int word = 0; word < words; word++) {
            int index = (int) (WORDS.length * Math.pow(random.nextDouble(), 4));
            text.append(word == 0 ? "" : " ").append(WORDS[index]);
        }
        return text.append('.').toString();
    }

    /** Common English words first, then made-up ones, 5,000 in all. */
    private static String[] vocabulary() {
        List<String> words = new ArrayList<>(List.of(("the order refund invoice shipment carrier teapot kettle customer "
                + "account payment address delivery warehouse return label broken cracked missing late replacement")
                .split(" ")));
        String[] syllables = {"ka", "lo", "mi", "ren", "tu", "sa", "vor", "pel", "di", "nox", "ur", "be", "zan", "qui"};
        for (int i = 0; words.size() < 5_000; i++) {
            words.add(syllables[i % 14] + syllables[(i / 14) % 14] + syllables[(i / 196) % 14] + (i / 2744));
        }
        return words.toArray(String[]::new);
    }
}
