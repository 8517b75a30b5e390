package dev.cairn.core.gateway;

import dev.cairn.core.loop.TokenCounter;
import dev.cairn.core.model.ChatRequest;
import dev.cairn.core.model.Message;
import dev.cairn.core.model.ToolDefinition;
import dev.cairn.core.model.Usage;
import dev.cairn.core.store.BudgetAmount;
import dev.cairn.core.store.BudgetReservation;
import dev.cairn.core.store.BudgetWindow;
import dev.cairn.core.store.LedgerCall;
import dev.cairn.core.store.LedgerStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The model gateway that keeps the ledger and the budgets. For each call it asks the
 * {@link ModelPolicy}, then reserves the call's worst case (its prompt's tokens as counted plus
 * the most it may write, priced) against every budget that applies, in one store transaction. On
 * settle it appends the ledger entry with the actual usage and cost, adds it to the spend and
 * drops the reservation, again in one transaction: a process killed at any point keeps what was
 * spent, and its reservations lapse after {@link BudgetSettings#reservationHold()}.
 *
 * <p>A model without a price costs nothing, but a call to it under a budget that limits cost is
 * refused ({@link Admission#BUDGET_EXHAUSTED}): such a budget could not be kept.
 *
 * <p>Store failures propagate as {@link dev.cairn.core.store.StoreException}. Thread-safe.
 */
public final class LedgerGateway implements ModelGateway {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LedgerGateway.class);

    /** The worst case assumed for a call that leaves its output length to the provider. */
    static final int ASSUMED_OUTPUT_TOKENS = 4_096;

    private final LedgerStore ledger;
    private final ModelPolicy policy;
    private final BudgetSettings settings;
    private final TokenCounter counter;
    private final Clock clock;
    private final Supplier<String> reservationIds;

    private LedgerGateway(LedgerStore ledger, ModelPolicy policy, BudgetSettings settings, TokenCounter counter, Clock clock,
                          Supplier<String> reservationIds) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.counter = Objects.requireNonNull(counter, "counter");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.reservationIds = Objects.requireNonNull(reservationIds, "reservationIds");
    }

    public static LedgerGateway create(LedgerStore ledger, ModelPolicy policy, BudgetSettings settings, TokenCounter counter,
                                       Clock clock) {
        return new LedgerGateway(ledger, policy, settings, counter, clock, () -> "res_" + UUID.randomUUID());
    }

    @Override
    public Admission admit(CallSubject subject, CallTarget target, ChatRequest request) {
        PolicyDecision decision = policy.decide(subject, target);
        if (!decision.allowed()) {
            String why = decision.message().contains(decision.rule()) ? decision.message()
                    : "policy version " + decision.version() + " rule '" + decision.rule() + "' denies " + target.provider()
                            + "/" + target.model() + (decision.message().isEmpty() ? "" : ": " + decision.message());
            return new Admission.Refused(Admission.POLICY_DENIED, why, decision.version(), decision.rule());
        }
        List<BudgetWindow> windows = windows(subject);
        if (windows.isEmpty()) {
            return new Admission.Admitted(subject, target, decision.version(), decision.rule(), "");
        }
        long tokensIn = promptTokens(request);
        long tokensOut = request.maxOutputTokens() == 0 ? ASSUMED_OUTPUT_TOKENS : request.maxOutputTokens();
        OptionalLong cost = settings.prices().cost(target.provider(), target.model(), tokensIn, tokensOut);
        if (cost.isEmpty()) {
            for (BudgetWindow window : windows) {
                if (window.costLimit() != BudgetWindow.NO_LIMIT) {
                    return new Admission.Refused(Admission.BUDGET_EXHAUSTED, "budget '" + window.name() + "' limits cost, but "
                            + target.provider() + "/" + target.model() + " has no price in prices:, so no call to it can be"
                            + " counted against the budget", decision.version(), decision.rule());
                }
            }
        }
        BudgetAmount worstCase = new BudgetAmount(tokensIn + tokensOut, cost.orElse(0));
        String reservationId = reservationIds.get();
        BudgetReservation reservation = ledger.reserve(reservationId, windows, worstCase,
                clock.instant().plus(settings.reservationHold()));
        return switch (reservation) {
            case BudgetReservation.Reserved reserved ->
                    new Admission.Admitted(subject, target, decision.version(), decision.rule(), reserved.reservationId());
            case BudgetReservation.Exhausted exhausted -> new Admission.Refused(Admission.BUDGET_EXHAUSTED,
                    BudgetMessages.exhausted(exhausted, settings.prices(), settings.zone()), decision.version(), decision.rule());
        };
    }

    @Override
    public void settle(Admission.Admitted admitted, CallResult result) {
        CallSubject subject = admitted.subject();
        CallTarget target = admitted.target();
        Usage usage = result.usage();
        long cost = settings.prices().cost(target.provider(), target.model(), usage.inputTokens(), usage.outputTokens())
                .orElse(0);
        record(subject, admitted.reservation(), new LedgerCall(LedgerCall.MODEL_CALL, subject.tenantId(), subject.agent(),
                subject.agentVersion(), subject.sessionId(), subject.runId(), subject.userId(), subject.classification(),
                subject.step(), subject.purpose().name().toLowerCase(java.util.Locale.ROOT), target.route(),
                target.provider(), target.model(), "", target.region(), target.endpointHost(), admitted.policyVersion(),
                admitted.policyRule(), usage.inputTokens(), usage.outputTokens(), cost, Math.max(0, result.latencyMillis()),
                result.outcome()));
    }

    @Override
    public void recordToolCall(CallSubject subject, String tool, String outcome, long latencyMillis) {
        record(subject, "", new LedgerCall(LedgerCall.TOOL_CALL, subject.tenantId(), subject.agent(), subject.agentVersion(),
                subject.sessionId(), subject.runId(), subject.userId(), subject.classification(), subject.step(), "", "", "",
                "", tool, "", "", 0, "", 0, 0, 0, Math.max(0, latencyMillis), outcome));
    }

    /**
     * Settles a call of a run without waiting for its commit: the run's next write, made through the
     * same store after this returns, is durable only once the entry is (see
     * {@link LedgerStore#settleInOrder}), so a log that shows the call's answer has its ledger entry,
     * and the run pays one commit a step, not two. A call outside any run (stateless pass-through)
     * has no later write to ride on and waits for its own.
     */
    private void record(CallSubject subject, String reservation, LedgerCall call) {
        if (subject.runId().isEmpty()) {
            ledger.settle(reservation, call);
            return;
        }
        ledger.settleInOrder(reservation, call).whenComplete((entry, failure) -> {
            if (failure != null) {
                LOG.error("the ledger entry of a {} of run {} could not be stored", call.kind(), subject.runId(), failure);
            }
        });
    }

    private List<BudgetWindow> windows(CallSubject subject) {
        List<BudgetWindow> windows = new ArrayList<>();
        for (Budget budget : settings.budgets()) {
            budget.windowFor(subject, clock.instant(), settings.zone()).ifPresent(windows::add);
        }
        return windows;
    }

    private long promptTokens(ChatRequest request) {
        long tokens = 0;
        for (Message message : request.messages()) {
            tokens += counter.count(message);
        }
        for (ToolDefinition tool : request.tools()) {
            tokens += counter.count(tool);
        }
        return tokens;
    }
}
