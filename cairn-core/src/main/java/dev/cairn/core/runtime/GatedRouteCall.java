package dev.cairn.core.runtime;

import dev.cairn.core.gateway.Admission;
import dev.cairn.core.gateway.CallResult;
import dev.cairn.core.gateway.CallSubject;
import dev.cairn.core.gateway.CallTarget;
import dev.cairn.core.gateway.ModelGateway;
import dev.cairn.core.model.ChatProvider;
import dev.cairn.core.model.ChatRequest;
import dev.cairn.core.model.ChatResponse;
import dev.cairn.core.model.Message;
import dev.cairn.core.model.ProviderException;
import dev.cairn.core.model.Usage;
import dev.cairn.core.route.Route;
import dev.cairn.core.route.RouteTarget;
import dev.cairn.core.route.Router;
import java.time.Clock;
import java.util.List;

/**
 * One model call of a background job along a route's targets, each attempt admitted and settled
 * by the {@link ModelGateway} like a run's calls: a target the policy denies is skipped, an
 * exhausted budget gives the job up, and every call made is in the ledger. Thread-safe.
 */
final class GatedRouteCall {

    /** The answer and the target that gave it. */
    record Answer(ChatResponse response, RouteTarget target) {
    }

    private final Router router;
    private final ModelGateway gateway;
    private final Clock clock;

    GatedRouteCall(Router router, ModelGateway gateway, Clock clock) {
        this.router = router;
        this.gateway = gateway;
        this.clock = clock;
    }

    /**
     * The first answer along the route's targets.
     *
     * @throws BackgroundJobs.PermanentFailure when a budget has no room, or every target is denied
     * @throws ProviderException the last target's failure, to retry the job later
     */
    Answer ask(CallSubject subject, String routeName, List<Message> messages) {
        Route route = router.route(routeName);
        ProviderException last = null;
        String denied = null;
        for (RouteTarget target : route.targets()) {
            ChatProvider provider = router.provider(target.provider());
            ChatRequest request = new ChatRequest(target.model(), messages, List.of(), route.maxOutputTokens(),
                    subject.purpose());
            Admission admission = gateway.admit(subject, new CallTarget(route.name(), target.provider(), target.model(),
                    provider.region(), provider.endpointHost()), request);
            if (admission instanceof Admission.Refused refused) {
                if (Admission.BUDGET_EXHAUSTED.equals(refused.reason())) {
                    throw new BackgroundJobs.PermanentFailure(refused.message());
                }
                denied = refused.message();
                continue;
            }
            long started = clock.millis();
            CallResult result = new CallResult("interrupted", Usage.ZERO, 0);
            try {
                ChatResponse response = provider.chat(request, delta -> { });
                result = new CallResult(CallResult.OK, response.usage(), clock.millis() - started);
                return new Answer(response, target);
            } catch (ProviderException failure) {
                result = new CallResult(failure.type(), Usage.ZERO, clock.millis() - started);
                last = failure;
            } finally {
                gateway.settle((Admission.Admitted) admission, result);
            }
        }
        if (last != null) {
            throw last;
        }
        throw new BackgroundJobs.PermanentFailure(denied != null ? denied : "route '" + routeName + "' has no targets");
    }
}
