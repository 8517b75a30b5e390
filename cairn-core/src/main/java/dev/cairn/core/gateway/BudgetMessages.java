package dev.cairn.core.gateway;

import dev.cairn.core.store.BudgetAmount;
import dev.cairn.core.store.BudgetReservation;
import dev.cairn.core.store.BudgetWindow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/** What a refused call is told about the budget that refused it, with the numbers. */
final class BudgetMessages {

    private BudgetMessages() {
    }

    static String exhausted(BudgetReservation.Exhausted exhausted, Prices prices, ZoneId zone) {
        BudgetWindow budget = exhausted.budget();
        BudgetAmount spent = exhausted.spent();
        BudgetAmount reserved = exhausted.reserved();
        BudgetAmount asked = exhausted.asked();
        StringBuilder message = new StringBuilder("budget '").append(budget.name()).append("' (").append(scope(budget))
                .append(period(budget, zone)).append(") has no room for this call:");
        if (budget.costLimit() != BudgetWindow.NO_LIMIT
                && spent.costMicros() + reserved.costMicros() + asked.costMicros() > budget.costLimit()) {
            message.append(" spent ").append(prices.format(spent.costMicros())).append(" + reserved by calls in flight ")
                    .append(prices.format(reserved.costMicros())).append(" + this call up to ")
                    .append(prices.format(asked.costMicros())).append(" > limit ").append(prices.format(budget.costLimit()));
        } else {
            message.append(" spent ").append(spent.tokens()).append(" tokens + reserved by calls in flight ")
                    .append(reserved.tokens()).append(" + this call up to ").append(asked.tokens()).append(" > limit ")
                    .append(budget.tokenLimit()).append(" tokens");
        }
        return message.toString();
    }

    private static String scope(BudgetWindow budget) {
        if (!budget.sessionId().isEmpty()) {
            return "session " + budget.sessionId() + " of tenant " + budget.tenantId();
        }
        if (!budget.agent().isEmpty()) {
            return "agent " + budget.agent() + " of tenant " + budget.tenantId();
        }
        return "tenant " + budget.tenantId();
    }

    private static String period(BudgetWindow budget, ZoneId zone) {
        if (budget.to().equals(Instant.ofEpochMilli(Long.MAX_VALUE))) {
            return ", in total";
        }
        return ", on " + LocalDate.ofInstant(budget.from(), zone) + " " + zone.getId();
    }
}
