package dev.salespipeline.core.opportunity;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.money.Money;

import java.util.Objects;

/**
 * A deal's value: an amount of money and what it measures.
 *
 * @param amount zero up to {@link #MAX_AMOUNT}
 * @param kind   TCV, ACV, first-year or LTV
 */
public record DealValue(Money amount, ValueKind kind) {

    /** No deal is worth a quadrillion units of any currency; a larger value is a data error. */
    public static final java.math.BigDecimal MAX_AMOUNT = java.math.BigDecimal.TEN.pow(15);

    public DealValue {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(kind, "kind");
        if (amount.isNegative()) {
            throw new InvalidValueException("value", amount, "must not be negative");
        }
        if (amount.amount().compareTo(MAX_AMOUNT) > 0) {
            throw new InvalidValueException("value", amount,
                    "must be at most " + MAX_AMOUNT.toPlainString() + " (a larger value is almost certainly a data error)");
        }
    }

    public static DealValue of(Money amount, ValueKind kind) {
        return new DealValue(amount, kind);
    }

    @Override
    public String toString() {
        return amount + " " + kind;
    }
}
