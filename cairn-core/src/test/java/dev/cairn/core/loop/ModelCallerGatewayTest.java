package dev.cairn.core.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.event.EventPayload;
import dev.cairn.core.gateway.Admission;
import dev.cairn.core.gateway.CallResult;
import dev.cairn.core.gateway.CallSubject;
import dev.cairn.core.gateway.CallTarget;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Every attempt passes the gateway before it is sent, and every admitted attempt is settled once. */
class ModelCallerGatewayTest {

    private static final CallSubject SUBJECT =
            new CallSubject("tenant_a", "helper", 1, "ses_1", "run_1", "user_1", "restricted", 3, ChatRequest.Purpose.ANSWER);

    /** Counts calls and fails the first {@code failures} of them with a 503. */
    private static final class Counting implements ChatProvider {
        final String name;
        final AtomicInteger calls = new AtomicInteger();
        final int failures;

        Counting(String name, int failures) {
            this.name = name;
            this.failures = failures;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String region() {
            return "eu-west-1";
        }

        @Override
        public ChatResponse chat(ChatRequest request, StreamListener listener) {
            if (calls.incrementAndGet() <= failures) {
                throw new RetryableProviderException(name, 503, "overloaded", 0, null);
            }
            return ScriptedProvider.create(name, duration -> { }).chat(request, listener);
        }
    }

    /** Decides with {@code decide} and keeps what it admitted and settled. */
    private static final class Recording implements ModelGateway {
        final Function<CallTarget, Admission.Refused> decide;
        final List<CallTarget> asked = new CopyOnWriteArrayList<>();
        final List<CallResult> settled = new CopyOnWriteArrayList<>();

        Recording(Function<CallTarget, Admission.Refused> decide) {
            this.decide = decide;
        }

        @Override
        public Admission admit(CallSubject subject, CallTarget target, ChatRequest request) {
            assertThat(subject).isEqualTo(SUBJECT);
            asked.add(target);
            Admission.Refused refused = decide.apply(target);
            return refused != null ? refused : new Admission.Admitted(subject, target, 4, "rule-" + target.provider(), "r1");
        }

        @Override
        public void settle(Admission.Admitted admitted, CallResult result) {
            settled.add(result);
        }
    }

    private final Route route = new Route("default",
            List.of(new RouteTarget("primary", "m1"), new RouteTarget("backup", "m2")), 16_000, 500);

    private ModelCaller.Outcome call(Recording gateway, Counting primary, Counting backup) throws InterruptedException {
        Router router = Router.of(List.of(primary, backup), List.of(route));
        ModelCaller caller = new ModelCaller(router, new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1)),
                duration -> { }, new SplittableRandom(1), Clock.systemUTC(),
                TargetBreakers.create(TargetBreakers.Settings.DEFAULTS, Clock.systemUTC()), gateway);
        return caller.call(SUBJECT, route, List.of(new Message.User("hello")), List.of(), StreamListener.NONE,
                Duration.ofSeconds(5));
    }

    @Test
    void aTargetThePolicyDeniesIsNeverCalledAndTheNextTargetAnswers() throws Exception {
        Counting primary = new Counting("primary", 0);
        Counting backup = new Counting("backup", 0);
        Recording gateway = new Recording(target -> target.provider().equals("primary")
                ? new Admission.Refused(Admission.POLICY_DENIED, "rule eu-only denies primary", 4, "eu-only") : null);

        ModelCaller.Outcome outcome = call(gateway, primary, backup);

        assertThat(primary.calls).hasValue(0);
        assertThat(outcome.target().provider()).isEqualTo("backup");
        assertThat(outcome.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.errorType()).isEqualTo(Admission.POLICY_DENIED);
            assertThat(failure.message()).contains("eu-only");
        });
        assertThat(gateway.asked).extracting(CallTarget::provider).containsExactly("primary", "backup");
        assertThat(gateway.asked.getFirst().region()).isEqualTo("eu-west-1");
        assertThat(gateway.asked.getFirst().route()).isEqualTo("default");
        assertThat(gateway.settled).singleElement().satisfies(result -> {
            assertThat(result.succeeded()).isTrue();
            assertThat(result.usage().totalTokens()).isPositive();
        });
    }

    @Test
    void anExhaustedBudgetEndsTheStepWithoutTryingAnotherTarget() throws Exception {
        Counting primary = new Counting("primary", 0);
        Counting backup = new Counting("backup", 0);
        Recording gateway = new Recording(target ->
                new Admission.Refused(Admission.BUDGET_EXHAUSTED, "budget 'tenant daily' is spent", 4, ""));

        ModelCaller.Outcome outcome = call(gateway, primary, backup);

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.lastFailure().type()).isEqualTo(Admission.BUDGET_EXHAUSTED);
        assertThat(outcome.lastFailure().getMessage()).contains("tenant daily");
        assertThat(primary.calls).hasValue(0);
        assertThat(backup.calls).hasValue(0);
        assertThat(gateway.asked).hasSize(1);
        assertThat(gateway.settled).isEmpty();
    }

    @Test
    void everyAttemptIsAdmittedAndSettledOnceFailuresIncluded() throws Exception {
        Counting primary = new Counting("primary", 2);
        Counting backup = new Counting("backup", 0);
        Recording gateway = new Recording(target -> null);

        ModelCaller.Outcome outcome = call(gateway, primary, backup);

        assertThat(outcome.target().provider()).isEqualTo("backup");
        assertThat(gateway.asked).extracting(CallTarget::provider).containsExactly("primary", "primary", "backup");
        assertThat(gateway.settled).extracting(CallResult::outcome)
                .containsExactly("provider_unavailable", "provider_unavailable", CallResult.OK);
        assertThat(gateway.settled.subList(0, 2)).allSatisfy(result -> assertThat(result.usage().totalTokens()).isZero());
        assertThat(outcome.failures()).extracting(EventPayload.ModelFailed::errorType).containsExactly("provider_unavailable");
    }
}
