package dev.salespipeline.core.pipeline;

import dev.salespipeline.core.InvalidValueException;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A probability in [0, 1], held exactly as a {@link BigDecimal} so that weighted money figures stay
 * exact until the one explicit rounding step.
 *
 * <p>Immutable and thread-safe; {@code 0.5} and {@code 0.50} are equal.
 *
 * @param value between 0 and 1 inclusive
 */
public record Probability(BigDecimal value) implements Comparable<Probability> {

    public static final Probability ZERO = new Probability(BigDecimal.ZERO);
    public static final Probability ONE = new Probability(BigDecimal.ONE);

    public Probability {
        Objects.requireNonNull(value, "probability");
        if (value.signum() < 0 || value.compareTo(BigDecimal.ONE) > 0) {
            throw new InvalidValueException("probability", value, "must be between 0 and 1");
        }
        value = value.stripTrailingZeros();
    }

    /** A probability from its decimal text, such as {@code Probability.of("0.6")}. */
    public static Probability of(String value) {
        Objects.requireNonNull(value, "probability");
        try {
            return new Probability(new BigDecimal(value.strip()));
        } catch (NumberFormatException e) {
            throw new InvalidValueException("probability", value, "must be a decimal number between 0 and 1");
        }
    }

    @Override
    public int compareTo(Probability other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value.toPlainString();
    }
}
