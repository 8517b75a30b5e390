package dev.cairn.core.loop;

import dev.cairn.core.Sleeper;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.model.ChatProvider;
import dev.cairn.core.model.ChatRequest;
import dev.cairn.core.model.ChatResponse;
import dev.cairn.core.model.Message;
import dev.cairn.core.model.ProviderException;
import dev.cairn.core.model.RetryableProviderException;
import dev.cairn.core.model.StreamListener;
import dev.cairn.core.model.ToolDefinition;
import dev.cairn.core.route.Route;
import dev.cairn.core.route.RouteTarget;
import dev.cairn.core.route.Router;
import dev.cairn.core.route.TargetBreakers;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Calls a route's targets in order, retrying retryable failures with backoff before moving to
 * the next target. A target whose circuit breaker is open ({@link TargetBreakers}) is skipped,
 * and so is the rest of its retries once its breaker opens. Every failure and skip is kept as
 * data for the log. Thread-safe.
 */
final class ModelCaller {

    /** The error type of a target skipped because its breaker was open. */
    static final String CIRCUIT_OPEN = "circuit_open";

    private final Router router;
    private final RetryPolicy retry;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final Clock clock;
    private final TargetBreakers breakers;

    ModelCaller(Router router, RetryPolicy retry, Sleeper sleeper, RandomGenerator random, Clock clock) {
        this(router, retry, sleeper, random, clock, TargetBreakers.create(TargetBreakers.Settings.DEFAULTS, clock));
    }

    ModelCaller(Router router, RetryPolicy retry, Sleeper sleeper, RandomGenerator random, Clock clock,
                TargetBreakers breakers) {
        this.breakers = breakers;
        this.router = router;
        this.retry = retry;
        this.sleeper = sleeper;
        this.random = random;
        this.clock = clock;
    }

    /** The outcome of one model step: the answer and the target that gave it, or every failure. */
    record Outcome(ChatResponse response, RouteTarget target, long latencyMillis, List<EventPayload.ModelFailed> failures,
                   ProviderException lastFailure) {
        boolean succeeded() {
            return response != null;
        }
    }

    Outcome call(Route route, int step, List<Message> messages, List<ToolDefinition> tools, StreamListener listener,
                 Duration stepTimeout) throws InterruptedException {
        return call(route, step, messages, tools, listener, stepTimeout, ChatRequest.Purpose.ANSWER);
    }

    Outcome call(Route route, int step, List<Message> messages, List<ToolDefinition> tools, StreamListener listener,
                 Duration stepTimeout, ChatRequest.Purpose purpose) throws InterruptedException {
        List<EventPayload.ModelFailed> failures = new ArrayList<>();
        ProviderException last = null;
        for (RouteTarget target : route.targets()) {
            ChatProvider provider = router.provider(target.provider());
            ChatRequest request = new ChatRequest(target.model(), messages, tools, route.maxOutputTokens(), purpose);
            for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
                if (!breakers.permits(target)) {
                    String why = "the circuit breaker of " + target.provider() + "/" + target.model()
                            + " is open after repeated failures, so it was not called";
                    failures.add(new EventPayload.ModelFailed(step, target.provider(), CIRCUIT_OPEN, 0, why, attempt - 1));
                    if (last == null) {
                        last = new RetryableProviderException(target.provider(), 0, why, 0, null);
                    }
                    break;
                }
                long started = clock.millis();
                try {
                    ChatResponse response = StepDeadline.call(provider.name(), stepTimeout, () -> provider.chat(request, listener));
                    breakers.succeeded(target, clock.millis() - started);
                    return new Outcome(response, target, clock.millis() - started, failures, null);
                } catch (ProviderException failure) {
                    breakers.failed(target, clock.millis() - started, failure);
                    last = failure;
                    boolean retryable = failure instanceof RetryableProviderException;
                    if (!retryable || attempt == retry.maxAttempts()) {
                        failures.add(new EventPayload.ModelFailed(step, target.provider(), failure.type(), failure.status(),
                                failure.getMessage(), attempt));
                        break;
                    }
                    long retryAfter = ((RetryableProviderException) failure).retryAfterMillis();
                    sleeper.sleep(retry.backoff(attempt, retryAfter, random));
                }
            }
        }
        return new Outcome(null, null, 0, failures, last);
    }
}
