package dev.cairn.server.openai;

import dev.cairn.core.gateway.Admission;
import dev.cairn.core.gateway.CallResult;
import dev.cairn.core.gateway.CallSubject;
import dev.cairn.core.gateway.CallTarget;
import dev.cairn.core.gateway.ModelGateway;
import dev.cairn.core.gateway.ModelPolicy;
import dev.cairn.core.gateway.PolicyDecision;
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
import java.time.Clock;
import java.util.List;

/**
 * Stateless pass-through: one model call outside any session, on a route, with nothing kept by
 * Cairn. Allowed only when {@link ModelPolicy#passThrough} says so for the tenant; each attempt is
 * admitted and settled by the {@link ModelGateway} with the tenant as subject (no agent, session or
 * run), so policies, budgets and the ledger see it. The route's targets are tried in order: a target
 * the policy denies, or that fails in a way worth retrying elsewhere, passes to the next.
 */
final class PassThrough {

    private final ModelPolicy policy;
    private final Router router;
    private final ModelGateway gateway;
    private final Clock clock;

    PassThrough(ModelPolicy policy, Router router, ModelGateway gateway, Clock clock) {
        this.policy = policy;
        this.router = router;
        this.gateway = gateway;
        this.clock = clock;
    }

    /**
     * Checks that the tenant may use pass-through and that {@code model} is a route.
     *
     * @throws OpenAiError 403 naming the policy rule when pass-through is off; 404 for an unknown route
     */
    Route admit(String tenantId, String userId, String model) {
        PolicyDecision decision = policy.passThrough(tenantId, userId == null ? "" : userId);
        if (!decision.allowed()) {
            throw new OpenAiError(403, "permission_error", "stateless pass-through is refused by the model policy "
                    + "(rule '" + decision.rule() + "', policy version " + decision.version() + "): "
                    + decision.message(), null, "pass_through_disabled");
        }
        if (router == null || !router.routeNames().contains(model)) {
            throw new OpenAiError(404, OpenAiError.INVALID_REQUEST, "The model '" + model + "' does not exist: "
                    + "stateless pass-through takes the name of a route of this server", "model", "model_not_found");
        }
        return router.route(model);
    }

    /** Calls the route's targets in order until one answers. */
    ChatResponse call(String tenantId, String userId, Route route, List<Message> messages, List<ToolDefinition> tools,
                      StreamListener listener) {
        CallSubject subject = new CallSubject(tenantId, "", 0, "", "", userId, "", 0, ChatRequest.Purpose.ANSWER);
        String refusal = null;
        ProviderException last = null;
        for (RouteTarget target : route.targets()) {
            ChatProvider provider = router.provider(target.provider());
            ChatRequest request = new ChatRequest(target.model(), messages, tools, route.maxOutputTokens());
            CallTarget destination = new CallTarget(route.name(), target.provider(), target.model(), provider.region(),
                    provider.endpointHost());
            Admission admission = gateway.admit(subject, destination, request);
            if (admission instanceof Admission.Refused refused) {
                if (Admission.BUDGET_EXHAUSTED.equals(refused.reason())) {
                    throw new OpenAiError(429, "insufficient_quota", refused.message(), null, "insufficient_quota");
                }
                refusal = refused.message();
                continue;
            }
            Admission.Admitted admitted = (Admission.Admitted) admission;
            long started = clock.millis();
            CallResult result = new CallResult("interrupted", Usage.ZERO, 0);
            try {
                ChatResponse response = provider.chat(request, listener);
                result = new CallResult(CallResult.OK, response.usage(), clock.millis() - started);
                return response;
            } catch (ProviderException failure) {
                result = new CallResult(failure.type(), Usage.ZERO, clock.millis() - started);
                if (!(failure instanceof RetryableProviderException)) {
                    throw failure;
                }
                last = failure;
            } finally {
                gateway.settle(admitted, result);
            }
        }
        if (last != null) {
            throw last;
        }
        throw new OpenAiError(403, "permission_error", "every target of route '" + route.name()
                + "' was refused by the model policy: " + refusal, "model", "policy_denied");
    }
}
