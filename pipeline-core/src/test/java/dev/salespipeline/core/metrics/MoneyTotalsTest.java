package dev.salespipeline.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.money.Money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class MoneyTotalsTest {

    private static final Currency EUR = Currency.getInstance("EUR");
    private static final Currency IDR = Currency.getInstance("IDR");

    /** Each currency's total is what adding its amounts one by one with Money.plus gives. */
    @Test
    void aTotalIsTheSumOfItsCurrencysAmountsAddedOneByOne() {
        org.quicktheories.core.Gen<Money> amounts = org.quicktheories.generators.SourceDSL.longs()
                .between(-10_000_000_000L, 10_000_000_000L)
                .zip(org.quicktheories.generators.Generate.pick(List.of(EUR, IDR, Currency.getInstance("JPY"))),
                        (minor, currency) -> Money.of(BigDecimal.valueOf(minor, currency.getDefaultFractionDigits()),
                                currency));
        org.quicktheories.QuickTheory.qt().withExamples(500)
                .forAll(org.quicktheories.generators.SourceDSL.lists().of(amounts).ofSizeBetween(0, 40))
                .checkAssert(list -> {
                    java.util.Map<Currency, Money> oneByOne = new java.util.HashMap<>();
                    list.forEach(amount -> oneByOne.merge(amount.currency(), amount, Money::plus));
                    assertThat(MoneyTotals.sum(list).byCurrency()).isEqualTo(oneByOne);
                });
    }

    @Test
    void totalsStayPerCurrency() {
        MoneyTotals totals = MoneyTotals.sum(List.of(Money.of("100", "EUR"), Money.of("1000000", "IDR"),
                Money.of("0.50", "EUR")));
        assertThat(totals.get(EUR)).contains(Money.of("100.50", "EUR"));
        assertThat(totals.get(IDR)).contains(Money.of("1000000", "IDR"));
        // ISO 4217 gives IDR two minor digits, so the JDK scales it to 2 places.
        assertThat(totals).hasToString("EUR 100.50; IDR 1000000.00");
        assertThat(MoneyTotals.empty()).hasToString("(none)");
    }

    @Test
    void theHostsRatesMakeOneTotal() {
        MoneyTotals totals = MoneyTotals.sum(List.of(Money.of("100", "EUR"), Money.of("1000000", "IDR")));
        ExchangeRates rates = (from, to) -> from.equals(IDR) && to.equals(EUR)
                ? Optional.of(new BigDecimal("0.0000575")) : Optional.empty();

        // 1,000,000 x 0.0000575 = 57.50; plus 100.00.
        assertThat(totals.convert(rates, EUR, RoundingMode.HALF_EVEN)).isEqualTo(Money.of("157.50", "EUR"));
        assertThatThrownBy(() -> totals.convert((from, to) -> Optional.empty(), EUR, RoundingMode.HALF_EVEN))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("rates must give a rate for every currency in the totals, but was \"IDR->EUR\"");
    }
}
