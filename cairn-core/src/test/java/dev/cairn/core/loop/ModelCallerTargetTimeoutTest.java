package dev.cairn.core.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.gateway.CallSubject;
import dev.cairn.core.gateway.ModelGateway;
import dev.cairn.core.model.ChatProvider;
import dev.cairn.core.model.ChatRequest;
import dev.cairn.core.model.ChatResponse;
import dev.cairn.core.model.Message;
import dev.cairn.core.model.RetryableProviderException;
import dev.cairn.core.model.ScriptedProvider;
import dev.cairn.core.model.StreamListener;
import dev.cairn.core.route.Route;
import dev.cairn.core.route.RouteTarget;
import dev.cairn.core.route.Router;
import dev.cairn.core.route.TargetBreakers;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A target's own timeout bounds each attempt at it when it is shorter than the step timeout. */
class ModelCallerTargetTimeoutTest {

    private static final CallSubject SUBJECT =
            new CallSubject("tenant_a", "helper", 1, "ses_1", "run_1", "user_1", "", 1, ChatRequest.Purpose.ANSWER);
    private static final Duration SHORT = Duration.ofMillis(50);

    /** Never answers: blocks until the call is interrupted, as a hung connection would. */
    private static final class Blocking implements ChatProvider {
        final AtomicInteger calls = new AtomicInteger();
        private final CountDownLatch never = new CountDownLatch(1);

        @Override
        public String name() {
            return "slow";
        }

        @Override
        public ChatResponse chat(ChatRequest request, StreamListener listener) {
            calls.incrementAndGet();
            try {
                never.await();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new RetryableProviderException("slow", 0, "interrupted", 0, interrupted);
            }
            throw new IllegalStateException("the latch is never opened");
        }
    }

    private static ModelCaller.Outcome call(Route route, Blocking slow, Duration stepTimeout) throws InterruptedException {
        Router router = Router.of(List.of(slow, ScriptedProvider.create("fast", duration -> { })), List.of(route));
        ModelCaller caller = new ModelCaller(router, new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1)),
                duration -> { }, new SplittableRandom(1), Clock.systemUTC(),
                TargetBreakers.create(TargetBreakers.Settings.DEFAULTS, Clock.systemUTC()), ModelGateway.OPEN);
        return caller.call(SUBJECT, route, List.of(new Message.User("hello")), List.of(), StreamListener.NONE, stepTimeout);
    }

    @Test
    void aTargetThatTimesOutFallsThroughToTheNextTarget() throws Exception {
        Blocking slow = new Blocking();
        Route route = new Route("default", List.of(new RouteTarget("slow", "m1", SHORT), new RouteTarget("fast", "m2")), 16_000, 500);

        long started = System.nanoTime();
        ModelCaller.Outcome outcome = call(route, slow, Duration.ofMinutes(5));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.target().provider()).isEqualTo("fast");
        assertThat(slow.calls).as("each attempt is retried like any retryable failure").hasValue(2);
        assertThat(outcome.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.provider()).isEqualTo("slow");
            assertThat(failure.message()).contains("50ms").contains("routes.default.targets[0].timeout");
        });
        assertThat(took).isLessThan(Duration.ofSeconds(10));
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void theStepTimeoutBoundsATargetWhoseOwnTimeoutIsLonger() throws Exception {
        Blocking slow = new Blocking();
        Route route = new Route("default", List.of(new RouteTarget("slow", "m1", Duration.ofMinutes(5))), 16_000, 500);

        ModelCaller.Outcome outcome = call(route, slow, SHORT);

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.lastFailure()).isInstanceOf(RetryableProviderException.class);
        assertThat(outcome.failures()).singleElement()
                .satisfies(failure -> assertThat(failure.message()).contains("limits.step_timeout"));
    }

    @Test
    void theAttemptTimeoutIsTheSmallerOfTheTwo() {
        assertThat(new RouteTarget("p", "m", SHORT).attemptTimeout(Duration.ofSeconds(30))).isEqualTo(SHORT);
        assertThat(new RouteTarget("p", "m", Duration.ofMinutes(1)).attemptTimeout(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
        assertThat(new RouteTarget("p", "m").attemptTimeout(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> new RouteTarget("p", "m", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
