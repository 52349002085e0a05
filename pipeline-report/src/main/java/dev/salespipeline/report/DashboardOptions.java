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
 * the forecast, and the team's coverage), each owner's target (coverage per owner), and the seed of the
 * quarterly audit's sample. Immutable.
 *
 * @param targets      the period's target per currency
 * @param ownerTargets each owner's target for the period
 * @param auditSeed    the seed of the quarterly stage audit's random sample
 */
public record DashboardOptions(Map<Currency, BigDecimal> targets, Map<String, Money> ownerTargets, long auditSeed) {

    public DashboardOptions {
        targets = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(targets, "targets")));
        ownerTargets = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(ownerTargets, "ownerTargets")));
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
        return new DashboardOptions(Map.of(), Map.of(), 1L);
    }

    /** These options with the period's target {@code target} in its currency. */
    public DashboardOptions withTarget(Money target) {
        Map<Currency, BigDecimal> all = new LinkedHashMap<>(targets);
        all.put(target.currency(), target.amount());
        return new DashboardOptions(all, ownerTargets, auditSeed);
    }

    /** These options with {@code owner}'s target for the period. */
    public DashboardOptions withOwnerTarget(String owner, Money target) {
        Map<String, Money> all = new TreeMap<>(ownerTargets);
        all.put(Objects.requireNonNull(owner, "owner"), Objects.requireNonNull(target, "target"));
        return new DashboardOptions(targets, all, auditSeed);
    }
}
