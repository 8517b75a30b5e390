package dev.cairn.core.store;

/** Tokens and cost (millionths of the price table's currency) spent, reserved or asked for. */
public record BudgetAmount(long tokens, long costMicros) {

    public static final BudgetAmount ZERO = new BudgetAmount(0, 0);

    public BudgetAmount {
        if (tokens < 0 || costMicros < 0) {
            throw new IllegalArgumentException("budget amounts cannot be negative: " + tokens + " tokens, " + costMicros
                    + " micros");
        }
    }

    public BudgetAmount plus(BudgetAmount other) {
        return new BudgetAmount(tokens + other.tokens, costMicros + other.costMicros);
    }
}
