package dev.cairn.core.gateway;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What models cost ({@code prices:} in {@code cairn.yaml}): per provider and model, the price of a
 * million input and a million output tokens in one currency. Costs are integers in millionths of
 * that currency, rounded up. Immutable.
 *
 * @param currency the currency every price is in (for display: {@code USD}, {@code EUR}, ...)
 * @param prices   by {@code provider/model}
 */
public record Prices(String currency, Map<String, Price> prices) {

    /** No prices: every call costs nothing, and no budget may limit cost. */
    public static final Prices NONE = new Prices("USD", Map.of());

    private static final BigDecimal MICROS_PER_UNIT = BigDecimal.valueOf(1_000_000);
    private static final BigDecimal TOKENS_PER_PRICE = BigDecimal.valueOf(1_000_000);

    /** The price of a million tokens each way, in currency units. */
    public record Price(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {
        public Price {
            if (inputPerMillion == null || inputPerMillion.signum() < 0 || outputPerMillion == null
                    || outputPerMillion.signum() < 0) {
                throw new IllegalArgumentException("prices must be zero or more, got input " + inputPerMillion + " and output "
                        + outputPerMillion);
            }
        }
    }

    public Prices {
        Objects.requireNonNull(currency, "currency");
        prices = Map.copyOf(prices);
    }

    public static String key(String provider, String model) {
        return provider + "/" + model;
    }

    public boolean has(String provider, String model) {
        return prices.containsKey(key(provider, model));
    }

    /** What {@code tokensIn} and {@code tokensOut} of the model cost in micro-units, or empty when it has no price. */
    public OptionalLong cost(String provider, String model, long tokensIn, long tokensOut) {
        Price price = prices.get(key(provider, model));
        if (price == null) {
            return OptionalLong.empty();
        }
        BigDecimal units = price.inputPerMillion().multiply(BigDecimal.valueOf(tokensIn))
                .add(price.outputPerMillion().multiply(BigDecimal.valueOf(tokensOut)))
                .divide(TOKENS_PER_PRICE);
        return OptionalLong.of(units.multiply(MICROS_PER_UNIT).setScale(0, RoundingMode.CEILING).longValueExact());
    }

    /** A cost in micro-units as currency, for messages: {@code 1.234500 USD}. */
    public String format(long micros) {
        return BigDecimal.valueOf(micros).movePointLeft(6).toPlainString() + " " + currency;
    }
}
