package dev.salespipeline.core.opportunity;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.money.Money;

import java.util.Objects;

/**
 * A deal's value: an amount of money and what it measures.
 *
 * @param amount zero or more
 * @param kind   TCV, ACV, first-year or LTV
 */
public record DealValue(Money amount, ValueKind kind) {

    public DealValue {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(kind, "kind");
        if (amount.isNegative()) {
            throw new InvalidValueException("value", amount, "must not be negative");
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
