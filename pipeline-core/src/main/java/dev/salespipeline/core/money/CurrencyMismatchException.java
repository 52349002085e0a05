package dev.salespipeline.core.money;

import java.util.Currency;
import java.util.Objects;

/**
 * Thrown when an operation would combine two amounts in different currencies. The library never
 * converts silently: totals across currencies are reported per currency unless the host supplies
 * exchange rates.
 */
public final class CurrencyMismatchException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final Currency first;
    private final Currency second;

    public CurrencyMismatchException(Currency first, Currency second) {
        super("Cannot combine amounts in " + first.getCurrencyCode() + " and " + second.getCurrencyCode()
                + ".\nMaybe group the figures by currency, or convert one amount first.");
        this.first = Objects.requireNonNull(first, "first");
        this.second = Objects.requireNonNull(second, "second");
    }

    /** The currency of the left-hand amount. */
    public Currency first() {
        return first;
    }

    /** The currency of the right-hand amount. */
    public Currency second() {
        return second;
    }
}
