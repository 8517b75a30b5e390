package dev.cairn.core.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.Sleeper;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.gateway.CallSubject;
import dev.cairn.core.gateway.ModelGateway;
import dev.cairn.core.model.ChatProvider;
import dev.cairn.core.model.ChatRequest;
import dev.cairn.core.model.ChatResponse;
import dev.cairn.core.model.Message;
import dev.cairn.core.model.RetryableProviderException;
import dev.cairn.core.model.ScriptedProvider;
import dev.cairn.core.route.Route;
import dev.cairn.core.route.RouteTarget;
import dev.cairn.core.route.Router;
import dev.cairn.core.route.TargetBreakers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ModelCallerBreakerTest {

    /** A provider that fails with a 503 while {@code down}, and counts every call it gets. */
    private static final class Flaky implements ChatProvider {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicBoolean down = new AtomicBoolean(true);

        @Override
        public String name() {
            return "primary";
        }

        @Override
        public ChatResponse chat(ChatRequest request, dev.cairn.core.model.StreamListener listener) {
            calls.incrementAndGet();
            if (down.get()) {
                throw new RetryableProviderException("primary", 503, "overloaded", 0, null);
            }
            return ScriptedProvider.create("primary", duration -> { }).chat(request, listener);
        }
    }

    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        Instant now = Instant.parse("2026-11-26T12:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static CallSubject subject(int step) {
        return new CallSubject("tenant_a", "helper", 1, "ses_1", "run_1", "user_1", "", step, ChatRequest.Purpose.ANSWER);
    }

    @Test
    void aFailingTargetIsSkippedWhileItsBreakerIsOpenAndTriedAgainAfterwards() throws Exception {
        Flaky primary = new Flaky();
        HandClock clock = new HandClock();
        Route route = new Route("default", List.of(new RouteTarget("primary", "m1"), new RouteTarget("backup", "scripted")),
                16_000, 500);
        Router router = Router.of(List.of(primary, ScriptedProvider.create("backup", duration -> { })), List.of(route));
        TargetBreakers breakers = TargetBreakers.create(new TargetBreakers.Settings(50, 4, 4, Duration.ofSeconds(30), 1), clock);
        ModelCaller caller = new ModelCaller(router, new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1)),
                duration -> { }, new SplittableRandom(1), clock, breakers, ModelGateway.OPEN);
        List<Message> messages = List.of(new Message.User("hello"));

        for (int step = 1; step <= 4; step++) {
            ModelCaller.Outcome outcome = caller.call(subject(step), route, messages, List.of(), dev.cairn.core.model.StreamListener.NONE, Duration.ofSeconds(5));
            assertThat(outcome.target().provider()).isEqualTo("backup");
        }
        assertThat(primary.calls).hasValue(4);
        assertThat(breakers.state(route.targets().getFirst())).isEqualTo("open");

        ModelCaller.Outcome skipped = caller.call(subject(5), route, messages, List.of(), dev.cairn.core.model.StreamListener.NONE, Duration.ofSeconds(5));
        assertThat(skipped.target().provider()).isEqualTo("backup");
        assertThat(primary.calls).as("an open breaker keeps the call away from the failing target").hasValue(4);
        assertThat(skipped.failures()).singleElement().extracting(EventPayload.ModelFailed::errorType)
                .isEqualTo(ModelCaller.CIRCUIT_OPEN);

        primary.down.set(false);
        clock.now = clock.now.plus(Duration.ofSeconds(31));
        ModelCaller.Outcome recovered = caller.call(subject(6), route, messages, List.of(), dev.cairn.core.model.StreamListener.NONE, Duration.ofSeconds(5));
        assertThat(recovered.target().provider()).isEqualTo("primary");
        assertThat(primary.calls).hasValue(5);
        assertThat(breakers.state(route.targets().getFirst())).isEqualTo("closed");
    }

    @Test
    void whenEveryTargetIsOpenTheStepFailsSayingSo() throws Exception {
        Flaky primary = new Flaky();
        HandClock clock = new HandClock();
        Route route = new Route("solo", List.of(new RouteTarget("primary", "m1")), 16_000, 500);
        Router router = Router.of(List.of(primary), List.of(route));
        TargetBreakers breakers = TargetBreakers.create(new TargetBreakers.Settings(50, 2, 2, Duration.ofSeconds(30), 1), clock);
        ModelCaller caller = new ModelCaller(router, new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1)),
                duration -> { }, new SplittableRandom(1), clock, breakers, ModelGateway.OPEN);
        List<Message> messages = List.of(new Message.User("hello"));
        caller.call(subject(1), route, messages, List.of(), dev.cairn.core.model.StreamListener.NONE, Duration.ofSeconds(5));
        caller.call(subject(2), route, messages, List.of(), dev.cairn.core.model.StreamListener.NONE, Duration.ofSeconds(5));

        ModelCaller.Outcome outcome = caller.call(subject(3), route, messages, List.of(), dev.cairn.core.model.StreamListener.NONE, Duration.ofSeconds(5));
        assertThat(outcome.succeeded()).isFalse();
        assertThat(primary.calls).hasValue(2);
        assertThat(outcome.lastFailure().getMessage()).contains("circuit breaker of primary/m1 is open");
    }
}
