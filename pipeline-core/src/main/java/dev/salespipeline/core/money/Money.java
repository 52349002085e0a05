package dev.salespipeline.core.money;

import dev.salespipeline.core.InvalidValueException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount of money in one currency: a {@link BigDecimal} whose scale is fixed to the currency's
 * minor unit (2 for EUR, 0 for JPY). Never floating point, never rounded silently: an amount with more
 * decimal places than its currency allows is refused, and every lossy operation takes an explicit
 * {@link RoundingMode}. Arithmetic across currencies throws {@link CurrencyMismatchException}.
 *
 * <p>Immutable and thread-safe. Two amounts are equal when currency and amount are equal; the scale is
 * always the currency's, so {@code 10} and {@code 10.00} EUR are the same value.
 *
 * @param amount   the amount, scaled to the currency's minor unit
 * @param currency an ISO 4217 currency with a minor unit
 */
public record Money(BigDecimal amount, Currency currency) implements Comparable<Money> {

    /** More integer digits than any real amount has; the bound keeps arithmetic on hostile input cheap. */
    public static final int MAX_INTEGER_DIGITS = 30;

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        int digits = currency.getDefaultFractionDigits();
        if (digits < 0) {
            throw new InvalidValueException("currency", currency.getCurrencyCode(),
                    "must have a minor unit (pseudo-currencies such as XXX or XAU are not money)");
        }
        // Checked on the stripped value before scaling: scaling 1E+999999999 would build a
        // billion-digit number, and 1E-999999999 must be refused, not rounded.
        BigDecimal stripped = amount.signum() == 0 ? BigDecimal.ZERO : amount.stripTrailingZeros();
        if (stripped.scale() > digits) {
            throw new InvalidValueException("amount", amount,
                    "must have at most " + digits + " decimal places in " + currency.getCurrencyCode());
        }
        if (stripped.precision() - stripped.scale() > MAX_INTEGER_DIGITS) {
            throw new InvalidValueException("amount", amount,
                    "must have at most " + MAX_INTEGER_DIGITS + " digits before the decimal point");
        }
        amount = stripped.setScale(digits, RoundingMode.UNNECESSARY);
    }

    /** An amount from its decimal text, such as {@code Money.of("1250.00", "EUR")}. */
    public static Money of(String amount, String currencyCode) {
        return of(parseAmount(amount), currency(currencyCode));
    }

    public static Money of(BigDecimal amount, Currency currency) {
        return new Money(amount, currency);
    }

    public static Money zero(Currency currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    /** The currency for an ISO 4217 code, refusing unknown codes with a message that names them. */
    public static Currency currency(String currencyCode) {
        Objects.requireNonNull(currencyCode, "currencyCode");
        try {
            return Currency.getInstance(currencyCode);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("currencyCode", currencyCode, "must be an ISO 4217 currency code");
        }
    }

    private static BigDecimal parseAmount(String amount) {
        Objects.requireNonNull(amount, "amount");
        try {
            return new BigDecimal(amount.strip());
        } catch (NumberFormatException e) {
            throw new InvalidValueException("amount", amount,
                    "must be a plain decimal number such as 1250.50 (no thousands separators or currency signs)");
        }
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.add(other.amount), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.subtract(other.amount), currency);
    }

    /** This amount times {@code factor}, rounded to the currency's minor unit with {@code rounding}. */
    public Money multipliedBy(BigDecimal factor, RoundingMode rounding) {
        Objects.requireNonNull(factor, "factor");
        Objects.requireNonNull(rounding, "rounding");
        return new Money(amount.multiply(factor).setScale(currency.getDefaultFractionDigits(), rounding), currency);
    }

    public boolean isZero() {
        return amount.signum() == 0;
    }

    public boolean isNegative() {
        return amount.signum() < 0;
    }

    public boolean isPositive() {
        return amount.signum() > 0;
    }

    /** Whether {@code other} is in the same currency as this amount. */
    public boolean isSameCurrency(Money other) {
        return currency.equals(Objects.requireNonNull(other, "other").currency);
    }

    /** Orders amounts of one currency; comparing different currencies throws {@link CurrencyMismatchException}. */
    @Override
    public int compareTo(Money other) {
        requireSameCurrency(other);
        return amount.compareTo(other.amount);
    }

    private void requireSameCurrency(Money other) {
        if (!isSameCurrency(other)) {
            throw new CurrencyMismatchException(currency, other.currency);
        }
    }

    /** For example {@code EUR 1250.00}. */
    @Override
    public String toString() {
        return currency.getCurrencyCode() + " " + amount.toPlainString();
    }
}
