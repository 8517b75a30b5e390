package dev.cairn.bench.jmh;

import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.event.EventTypes;
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
import org.openjdk.jmh.annotations.Warmup;

/** Encoding an event payload to its stored JSON, and decoding it back, for the commonest types. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class EventTypesBenchmark {

    @Param({"model.responded", "tool.completed", "run.started"})
    public String type;

    private EventPayload payload;
    private String json;

    @Setup(Level.Trial)
    public void prepare() {
        payload = ReferenceEvents.log(32).stream().filter(event -> event.type().equals(type)).map(Event::payload)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no " + type + " event in the reference log"));
        json = EventTypes.encode(payload);
    }

    @Benchmark
    public String encode() {
        return EventTypes.encode(payload);
    }

    @Benchmark
    public EventPayload decode() {
        return EventTypes.decode(type, json);
    }
}
