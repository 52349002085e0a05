package dev.salespipeline.core.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.salespipeline.core.InvalidValueException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class MoneyTest {

    private static final Currency EUR = Currency.getInstance("EUR");
    private static final Currency IDR = Currency.getInstance("IDR");
    private static final Currency JPY = Currency.getInstance("JPY");

    @Test
    void scalesTheAmountToTheCurrencysMinorUnit() {
        assertThat(Money.of("10", "EUR").amount().scale()).isEqualTo(2);
        assertThat(Money.of("10", "JPY").amount().scale()).isZero();
        assertThat(Money.of("10", "EUR")).isEqualTo(Money.of("10.00", "EUR"));
    }

    @Test
    void refusesMoreDecimalPlacesThanTheCurrencyAllowsInsteadOfRounding() {
        assertThatThrownBy(() -> Money.of("10.005", "EUR"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("amount must have at most 2 decimal places in EUR, but was 10.005");
        assertThatThrownBy(() -> Money.of("1.5", "JPY"))
                .hasMessage("amount must have at most 0 decimal places in JPY, but was 1.5");
    }

    @Test
    void refusesTextThatIsNotAPlainNumber() {
        assertThatThrownBy(() -> Money.of("1,250.00", "EUR"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("amount must be a plain decimal number")
                .hasMessageEndingWith("but was \"1,250.00\"");
    }

    @Test
    void refusesUnknownAndPseudoCurrencies() {
        assertThatThrownBy(() -> Money.of("1", "EURO"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("currencyCode must be an ISO 4217 currency code, but was \"EURO\"");
        assertThatThrownBy(() -> Money.of("1", "XXX"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("must have a minor unit").hasMessageEndingWith("but was \"XXX\"");
    }

    @Test
    void addsAndSubtractsWithinOneCurrency() {
        assertThat(Money.of("10.50", "EUR").plus(Money.of("0.75", "EUR"))).isEqualTo(Money.of("11.25", "EUR"));
        assertThat(Money.of("10.50", "EUR").minus(Money.of("11", "EUR"))).isEqualTo(Money.of("-0.50", "EUR"));
    }

    @Test
    void multiplicationRoundsOnlyAsTold() {
        Money amount = Money.of("100.00", "EUR");
        assertThat(amount.multipliedBy(new BigDecimal("0.333"), RoundingMode.HALF_EVEN)).isEqualTo(Money.of("33.30", "EUR"));
        assertThat(Money.of("0.05", "EUR").multipliedBy(new BigDecimal("0.5"), RoundingMode.HALF_EVEN))
                .isEqualTo(Money.of("0.02", "EUR"));
        assertThat(Money.of("0.05", "EUR").multipliedBy(new BigDecimal("0.5"), RoundingMode.UP))
                .isEqualTo(Money.of("0.03", "EUR"));
    }

    @Test
    void mixingCurrenciesNamesBoth() {
        assertThatThrownBy(() -> Money.of("1", "EUR").plus(Money.of("1", "USD")))
                .isInstanceOfSatisfying(CurrencyMismatchException.class, e -> {
                    assertThat(e.first().getCurrencyCode()).isEqualTo("EUR");
                    assertThat(e.second().getCurrencyCode()).isEqualTo("USD");
                })
                .hasMessageStartingWith("Cannot combine amounts in EUR and USD.");
    }

    @Test
    void signQueries() {
        assertThat(Money.zero(EUR).isZero()).isTrue();
        assertThat(Money.of("-1", "EUR").isNegative()).isTrue();
        assertThat(Money.of("1", "EUR").isPositive()).isTrue();
        assertThat(Money.of("1250.5", "EUR")).hasToString("EUR 1250.50");
    }

    @Test
    void moneyNeverMixesCurrencies() {
        Gen<Currency> currencies = Generate.pick(List.of(EUR, IDR, JPY, Currency.getInstance("USD")));
        Gen<Money> amounts = longs().between(-1_000_000_000L, 1_000_000_000L)
                .zip(currencies, (units, currency) -> Money.of(BigDecimal.valueOf(units), currency));
        qt().forAll(amounts, amounts).checkAssert((left, right) -> {
            if (left.currency().equals(right.currency())) {
                assertThat(left.plus(right).currency()).isEqualTo(left.currency());
                assertThat(left.minus(right).currency()).isEqualTo(left.currency());
                assertThat(left.plus(right).minus(right)).isEqualTo(left);
            } else {
                assertThatThrownBy(() -> left.plus(right)).isInstanceOf(CurrencyMismatchException.class);
                assertThatThrownBy(() -> left.minus(right)).isInstanceOf(CurrencyMismatchException.class);
                assertThatThrownBy(() -> left.compareTo(right)).isInstanceOf(CurrencyMismatchException.class);
            }
        });
    }
}
