package dev.salespipeline.core.metrics;

import dev.salespipeline.core.money.Money;

import java.util.Collection;
import java.util.Comparator;
import java.util.Currency;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Money summed per currency. Totals never add different currencies: a portfolio in EUR and IDR has
 * two totals. Immutable and thread-safe; currencies are kept in code order.
 */
public final class MoneyTotals {

    private static final MoneyTotals EMPTY = new MoneyTotals(new TreeMap<>(Comparator.comparing(Currency::getCurrencyCode)));

    private final Map<Currency, Money> byCurrency;

    private MoneyTotals(TreeMap<Currency, Money> byCurrency) {
        this.byCurrency = java.util.Collections.unmodifiableMap(byCurrency);
    }

    public static MoneyTotals empty() {
        return EMPTY;
    }

    /** The sum of {@code amounts}, one total per currency. */
    public static MoneyTotals sum(Collection<Money> amounts) {
        Objects.requireNonNull(amounts, "amounts");
        // Exact sums per currency, made Money once: a Money per addition cost most of the metrics' money figures.
        java.util.Map<Currency, java.math.BigDecimal> exact = new java.util.HashMap<>();
        for (Money amount : amounts) {
            Objects.requireNonNull(amount, "amounts must not contain null");
            exact.merge(amount.currency(), amount.amount(), java.math.BigDecimal::add);
        }
        TreeMap<Currency, Money> totals = new TreeMap<>(Comparator.comparing(Currency::getCurrencyCode));
        exact.forEach((currency, total) -> totals.put(currency, new Money(total, currency)));
        return new MoneyTotals(totals);
    }

    /** The total in one currency, if any amount was in it. */
    public Optional<Money> get(Currency currency) {
        return Optional.ofNullable(byCurrency.get(Objects.requireNonNull(currency, "currency")));
    }

    public Optional<Money> get(String currencyCode) {
        return get(Money.currency(currencyCode));
    }

    /** Every total, by currency. */
    public Map<Currency, Money> byCurrency() {
        return byCurrency;
    }

    public boolean isEmpty() {
        return byCurrency.isEmpty();
    }

    /** Each total transformed on its own, for example scaled by a ratio with explicit rounding. */
    public MoneyTotals map(UnaryOperator<Money> each) {
        TreeMap<Currency, Money> mapped = new TreeMap<>(Comparator.comparing(Currency::getCurrencyCode));
        byCurrency.forEach((currency, total) -> mapped.put(currency, each.apply(total)));
        return new MoneyTotals(mapped);
    }

    /**
     * One total in {@code target}: each currency's total converted at the host's rate and rounded with
     * {@code rounding}, then added. A currency converts to itself at 1.
     *
     * @throws dev.salespipeline.core.InvalidValueException if a rate is missing, naming both currencies
     */
    public Money convert(ExchangeRates rates, Currency target, java.math.RoundingMode rounding) {
        java.util.Objects.requireNonNull(rates, "rates");
        java.util.Objects.requireNonNull(target, "target");
        java.util.Objects.requireNonNull(rounding, "rounding");
        Money total = Money.zero(target);
        for (Money amount : byCurrency.values()) {
            if (amount.currency().equals(target)) {
                total = total.plus(amount);
            } else {
                java.math.BigDecimal rate = rates.rate(amount.currency(), target).orElseThrow(() ->
                        new dev.salespipeline.core.InvalidValueException("rates", amount.currency().getCurrencyCode()
                                + "->" + target.getCurrencyCode(), "must give a rate for every currency in the totals"));
                total = total.plus(Money.of(amount.amount().multiply(rate)
                        .setScale(target.getDefaultFractionDigits(), rounding), target));
            }
        }
        return total;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MoneyTotals that && byCurrency.equals(that.byCurrency);
    }

    @Override
    public int hashCode() {
        return byCurrency.hashCode();
    }

    /** For example {@code EUR 1250.00; IDR 300000000}. */
    @Override
    public String toString() {
        return byCurrency.isEmpty() ? "(none)"
                : byCurrency.values().stream().map(Money::toString).collect(Collectors.joining("; "));
    }
}
