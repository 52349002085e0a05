package dev.salespipeline.core.metrics;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Optional;

/**
 * Exchange rates the host supplies when it wants one total across currencies. The library has none
 * of its own and never converts on its own: without rates, figures stay per currency.
 */
@FunctionalInterface
public interface ExchangeRates {

    /** How many units of {@code to} one unit of {@code from} is worth, if the host knows. */
    Optional<BigDecimal> rate(Currency from, Currency to);
}
