package dev.salespipeline.importing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

/** What the import accepts in an amount, a date and a probability cell, and what it refuses. */
class CellsTest {

    private final Cells point = new Cells('.', ZoneId.of("Asia/Jakarta"), List.of("M/d/yyyy", "M/d/yyyy h:mm a"), true);
    private final Cells comma = new Cells(',', ZoneId.of("UTC"), List.of("dd.MM.yyyy"), false);

    private static String amount(Cells cells, String raw) throws Cells.Refused {
        Cells.Amount amount = cells.amount(raw);
        return amount.value().toPlainString() + amount.currencyCode().map(code -> " " + code).orElse("");
    }

    @Test
    void amountsWithThousandsSeparatorsSignsAndCurrencyCodes() throws Cells.Refused {
        assertThat(amount(point, "1250000.50")).isEqualTo("1250000.50");
        assertThat(amount(point, "1,250,000.50")).isEqualTo("1250000.50");
        assertThat(amount(point, "1 250 000")).isEqualTo("1250000");
        assertThat(amount(point, "1\u00A0250")).isEqualTo("1250");
        assertThat(amount(point, "1'250.5")).isEqualTo("1250.5");
        assertThat(amount(point, " USD 1,200 ")).isEqualTo("1200 USD");
        assertThat(amount(point, "1200.00 eur")).isEqualTo("1200.00 EUR");
        assertThat(amount(point, "-15")).isEqualTo("-15");
        assertThat(amount(comma, "1.250.000,50")).isEqualTo("1250000.50");
        assertThat(amount(comma, "980,5")).isEqualTo("980.5");
    }

    @Test
    void amountsThatCouldBeMisreadAreRefused() {
        for (String raw : List.of("$1,200", "1,2345", "12,34.5", "1,250.000,5", "1.", "abc", "1e6", "1,200 USD EUR", "")) {
            assertThatThrownBy(() -> point.amount(raw)).as(raw).isInstanceOf(Cells.Refused.class);
        }
        // With a decimal comma, "1,250.00" is not a number: its point would be a thousands separator.
        assertThatThrownBy(() -> comma.amount("1,250.00")).isInstanceOf(Cells.Refused.class);
    }

    @Test
    void datesAndDateTimesInTheIsoFormsAndTheMappingsPatterns() throws Cells.Refused {
        ZoneId jakarta = ZoneId.of("Asia/Jakarta");
        assertThat(point.when("2025-03-31").instant()).isEqualTo(LocalDate.of(2025, 3, 31).atStartOfDay(jakarta).toInstant());
        assertThat(point.when("2025-03-31T14:05:00Z").instant()).isEqualTo(Instant.parse("2025-03-31T14:05:00Z"));
        assertThat(point.when("2025-03-31T14:05:00.000+0000").instant()).isEqualTo(Instant.parse("2025-03-31T14:05:00Z"));
        assertThat(point.when("2025-03-31T21:05:00+07:00").instant()).isEqualTo(Instant.parse("2025-03-31T14:05:00Z"));
        assertThat(point.when("2025-03-31 21:05").instant()).isEqualTo(Instant.parse("2025-03-31T14:05:00Z"));
        assertThat(point.when("3/31/2025").date()).isEqualTo(LocalDate.of(2025, 3, 31));
        assertThat(point.when("3/31/2025 9:05 PM").instant()).isEqualTo(Instant.parse("2025-03-31T14:05:00Z"));
        assertThat(comma.when("31.03.2025").date()).isEqualTo(LocalDate.of(2025, 3, 31));
        // A late-evening UTC time is already the next day in Jakarta.
        assertThat(point.when("2025-03-31T20:00:00Z").date()).isEqualTo(LocalDate.of(2025, 4, 1));
    }

    @Test
    void impossibleAndAmbiguousDatesAreRefused() {
        for (String raw : List.of("2/30/2025", "2025-02-30", "31/3/2025", "March 31, 2025", "2025-3-31", "yesterday")) {
            assertThatThrownBy(() -> point.when(raw)).as(raw).isInstanceOf(Cells.Refused.class);
        }
    }

    @Test
    void probabilitiesInPercentOrAsFractions() throws Cells.Refused {
        assertThat(point.probability("60").value()).isEqualByComparingTo("0.6");
        assertThat(comma.probability("0,6").value()).isEqualByComparingTo("0.6");
        assertThat(comma.probability("60%").value()).isEqualByComparingTo(new BigDecimal("0.6"));
        assertThatThrownBy(() -> point.probability("160")).isInstanceOf(Cells.Refused.class)
                .hasMessage("is not a probability: it must be between 0 and 100");
        assertThatThrownBy(() -> comma.probability("likely")).isInstanceOf(Cells.Refused.class)
                .hasMessage("is not a probability: write it as 0.6 or 60%");
        assertThatThrownBy(() -> Cells.flag("maybe")).isInstanceOf(Cells.Refused.class).hasMessage("is not true or false");
    }
}
