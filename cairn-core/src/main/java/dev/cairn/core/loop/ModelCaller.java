package dev.cairn.core.loop;

import dev.cairn.core.Sleeper;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.gateway.Admission;
import dev.cairn.core.gateway.CallResult;
import dev.cairn.core.gateway.CallSubject;
import dev.cairn.core.gateway.CallTarget;
import dev.cairn.core.gateway.ModelGateway;
import dev.cairn.core.model.CallRefusedException;
import dev.cairn.core.model.ChatProvider;
import dev.cairn.core.model.ChatRequest;
import dev.cairn.core.model.ChatResponse;
import dev.cairn.core.model.Message;
import dev.cairn.core.model.ProviderException;
import dev.cairn.core.model.RetryableProviderException;
import dev.cairn.core.model.StreamListener;
import dev.cairn.core.model.ToolDefinition;
import dev.cairn.core.model.Usage;
import dev.cairn.core.route.Route;
import dev.cairn.core.route.RouteTarget;
import dev.cairn.core.route.Router;
import dev.cairn.core.route.TargetBreakers;
import dev.cairn.core.session.SessionView;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Calls a route's targets in order, retrying retryable failures with backoff before moving to
 * the next target. A target whose circuit breaker is open ({@link TargetBreakers}) is skipped,
 * and so is the rest of its retries once its breaker opens. Every attempt is first admitted by the
 * {@link ModelGateway} (a target the policy denies is skipped; an exhausted budget ends the step)
 * and settled with it after. Each attempt is bounded by the step timeout, or by its target's own
 * timeout when that is shorter; an attempt that runs out of time is a retryable failure like
 * any other. Every failure and skip is kept as data for the log. Thread-safe.
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
    private final ModelGateway gateway;

    ModelCaller(Router router, RetryPolicy retry, Sleeper sleeper, RandomGenerator random, Clock clock) {
        this(router, retry, sleeper, random, clock, TargetBreakers.create(TargetBreakers.Settings.DEFAULTS, clock),
                ModelGateway.OPEN);
    }

    ModelCaller(Router router, RetryPolicy retry, Sleeper sleeper, RandomGenerator random, Clock clock,
                TargetBreakers breakers, ModelGateway gateway) {
        this.breakers = breakers;
        this.gateway = gateway;
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

    /** Makes the call of {@code subject}'s step and purpose. */
    Outcome call(CallSubject subject, Route route, List<Message> messages, List<ToolDefinition> tools,
                 StreamListener listener, Duration stepTimeout) throws InterruptedException {
        int step = subject.step();
        ChatRequest.Purpose purpose = subject.purpose();
        List<EventPayload.ModelFailed> failures = new ArrayList<>();
        ProviderException last = null;
        for (RouteTarget target : route.targets()) {
            ChatProvider provider = router.provider(target.provider());
            ChatRequest request = new ChatRequest(target.model(), messages, tools, route.maxOutputTokens(), purpose);
            CallTarget destination = new CallTarget(route.name(), target.provider(), target.model(), provider.region(),
                    provider.endpointHost());
            Duration attemptTimeout = target.attemptTimeout(stepTimeout);
            String limit = attemptTimeout.equals(stepTimeout) ? "limits.step_timeout"
                    : "routes." + route.name() + ".targets[" + route.targets().indexOf(target) + "].timeout";
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
                Admission admission = gateway.admit(subject, destination, request);
                if (admission instanceof Admission.Refused refused) {
                    breakers.releasePermission(target);
                    failures.add(new EventPayload.ModelFailed(step, target.provider(), refused.reason(), 0, refused.message(),
                            attempt - 1));
                    last = new CallRefusedException(target.provider(), refused.reason(), refused.message());
                    if (Admission.BUDGET_EXHAUSTED.equals(refused.reason())) {
                        return new Outcome(null, null, 0, failures, last);
                    }
                    break;
                }
                Admission.Admitted admitted = (Admission.Admitted) admission;
                long started = clock.millis();
                CallResult result = new CallResult("interrupted", Usage.ZERO, 0);
                try {
                    ChatResponse response = StepDeadline.call(provider.name(), attemptTimeout, limit,
                            () -> provider.chat(request, listener));
                    long latency = clock.millis() - started;
                    breakers.succeeded(target, latency);
                    result = new CallResult(CallResult.OK, response.usage(), latency);
                    return new Outcome(response, target, latency, failures, null);
                } catch (ProviderException failure) {
                    long latency = clock.millis() - started;
                    breakers.failed(target, latency, failure);
                    result = new CallResult(failure.type(), Usage.ZERO, latency);
                    last = failure;
                    boolean retryable = failure instanceof RetryableProviderException;
                    if (!retryable || attempt == retry.maxAttempts()) {
                        failures.add(new EventPayload.ModelFailed(step, target.provider(), failure.type(), failure.status(),
                                failure.getMessage(), attempt));
                        break;
                    }
                } finally {
                    gateway.settle(admitted, result);
                }
                RetryableProviderException retryable = (RetryableProviderException) last;
                sleeper.sleep(retry.backoff(attempt, retryable.retryAfterMillis(), random));
            }
        }
        return new Outcome(null, null, 0, failures, last);
    }

    /** Who makes a call of {@code task}'s run at {@code step}, for {@code purpose}. */
    static CallSubject subject(RunTask task, int step, ChatRequest.Purpose purpose) {
        String[] session = task.log().read(view -> new String[] {view.userId(), view.classification()});
        return new CallSubject(task.tenantId(), task.agent().spec().name(), task.agent().version(), task.log().sessionId(),
                task.runId(), session[0], session[1], step, purpose);
    }
}
