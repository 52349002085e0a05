package dev.salespipeline.report;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.money.Money;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a host tells the dashboard beyond the report: the period's revenue target per currency (a line on
 * the forecast, and the team's coverage), each owner's target (coverage per owner), exchange rates (to show
 * every currency converted into one, which the page offers only for a currency every other one has a rate
 * to), and the seed of the quarterly audit's sample. Immutable.
 *
 * @param targets      the period's target per currency
 * @param ownerTargets each owner's target for the period
 * @param rates        how many units of the inner currency one unit of the outer one is worth
 * @param auditSeed    the seed of the quarterly stage audit's random sample
 */
public record DashboardOptions(Map<Currency, BigDecimal> targets, Map<String, Money> ownerTargets,
                               Map<Currency, Map<Currency, BigDecimal>> rates, long auditSeed) {

    public DashboardOptions {
        targets = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(targets, "targets")));
        ownerTargets = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(ownerTargets, "ownerTargets")));
        Map<Currency, Map<Currency, BigDecimal>> copied = new LinkedHashMap<>();
        Objects.requireNonNull(rates, "rates").forEach((from, to) -> {
            to.forEach((into, rate) -> {
                if (Objects.requireNonNull(rate, "rate").signum() <= 0) {
                    throw new InvalidValueException("rates", from + "->" + into + "=" + rate, "must be positive");
                }
            });
            copied.put(from, Collections.unmodifiableMap(new LinkedHashMap<>(to)));
        });
        rates = Collections.unmodifiableMap(copied);
        targets.forEach((currency, amount) -> {
            if (Objects.requireNonNull(amount, "target").signum() <= 0) {
                throw new InvalidValueException("targets", amount, "must be positive, per currency");
            }
        });
        ownerTargets.forEach((owner, amount) -> {
            if (Objects.requireNonNull(amount, "owner target").amount().signum() <= 0) {
                throw new InvalidValueException("ownerTargets", owner + "=" + amount, "must be positive");
            }
        });
    }

    /** No targets; the audit sample seeded with 1. */
    public static DashboardOptions none() {
        return new DashboardOptions(Map.of(), Map.of(), Map.of(), 1L);
    }

    /** These options with the period's target {@code target} in its currency. */
    public DashboardOptions withTarget(Money target) {
        Map<Currency, BigDecimal> all = new LinkedHashMap<>(targets);
        all.put(target.currency(), target.amount());
        return new DashboardOptions(all, ownerTargets, rates, auditSeed);
    }

    /** These options with {@code owner}'s target for the period. */
    public DashboardOptions withOwnerTarget(String owner, Money target) {
        Map<String, Money> all = new TreeMap<>(ownerTargets);
        all.put(Objects.requireNonNull(owner, "owner"), Objects.requireNonNull(target, "target"));
        return new DashboardOptions(targets, all, rates, auditSeed);
    }

    /** These options with the rate at which one {@code from} is worth {@code rate} of {@code to}. */
    public DashboardOptions withRate(String from, String to, BigDecimal rate) {
        Currency source = Money.currency(Objects.requireNonNull(from, "from"));
        Currency into = Money.currency(Objects.requireNonNull(to, "to"));
        if (source.equals(into)) {
            throw new InvalidValueException("to", to, "must be another currency than from");
        }
        Map<Currency, Map<Currency, BigDecimal>> all = new LinkedHashMap<>();
        rates.forEach((currency, byTarget) -> all.put(currency, new LinkedHashMap<>(byTarget)));
        all.computeIfAbsent(source, currency -> new LinkedHashMap<>()).put(into, Objects.requireNonNull(rate, "rate"));
        return new DashboardOptions(targets, ownerTargets, all, auditSeed);
    }
}
