package dev.cairn.bench.jmh;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cairn.core.json.Json;
import dev.cairn.core.loop.ContextAssembler;
import dev.cairn.core.loop.TokenCounter;
import dev.cairn.core.model.ToolDefinition;
import dev.cairn.core.session.SessionView;
import dev.cairn.core.session.SessionView.TranscriptEntry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Assembling one model call's context from a session of 200 transcript messages (the reference
 * workload's shape), everything within budget: with each message's token count already known,
 * as in a running session, and counting every message, as the first step after a restart does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ContextAssemblyBenchmark {

    private static final int MESSAGES = 200;

    private ContextAssembler assembler;
    private List<TranscriptEntry> transcript;
    private List<ToolDefinition> tools;
    private int[] tokensBySeq;

    @Setup(Level.Trial)
    public void prepare() throws JsonProcessingException {
        assembler = new ContextAssembler(TokenCounter.o200k());
        // 16 events a turn, six of them messages: 600 events hold more than 200 messages.
        SessionView view = SessionView.replay(ReferenceEvents.SESSION, ReferenceEvents.log(600));
        transcript = List.copyOf(view.transcript().subList(0, MESSAGES));
        tools = List.of(new ToolDefinition("lookup", "Looks a query up and answers what it found.",
                Json.parse("{\"type\": \"object\", \"properties\": {\"q\": {\"type\": \"string\"}}, \"required\": [\"q\"]}")));
        tokensBySeq = new int[(int) transcript.getLast().seq() + 1];
        for (TranscriptEntry entry : transcript) {
            tokensBySeq[(int) entry.seq()] = assembler.tokens(entry);
        }
    }

    @Benchmark
    public ContextAssembler.Context assembleCounted() {
        return assembler.assemble("You answer with the lookup tool.", Map.of(), transcript, tools, 999_000,
                entry -> tokensBySeq[(int) entry.seq()]);
    }

    @Benchmark
    public ContextAssembler.Context assembleCountingEveryMessage() {
        return assembler.assemble("You answer with the lookup tool.", Map.of(), transcript, tools, 999_000,
                assembler::tokens);
    }
}
