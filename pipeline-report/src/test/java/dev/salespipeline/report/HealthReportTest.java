package dev.salespipeline.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.pipeline.StageKind;
import dev.salespipeline.rules.PipelineRules;
import dev.salespipeline.rules.RuleSources;
import dev.salespipeline.testkit.SamplePortfolio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The health report on the test kit's sample portfolio, checked against figures computed here. */
class HealthReportTest {

    private static final Instant AS_OF = Instant.parse("2026-11-23T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(AS_OF, ZoneOffset.UTC);
    private static final List<Opportunity> DEALS = SamplePortfolio.generate(400, 42, AS_OF);
    private static final PipelineRules DEFAULTS = PipelineRules.builder(RuleSources.defaults()).clock(CLOCK).build();
    private static final HealthReport REPORT = HealthReport.builder(DEALS, DEFAULTS).asOf(AS_OF).build();

    @TempDir
    Path hostRules;

    @Test
    void theSamplePortfolioShowsEveryAlertKindAndRecommendation() {
        assertThat(REPORT.alerts().stream().map(alert -> alert.kind().replaceAll(":.*", "")).distinct())
                .containsExactlyInAnyOrder("stalled-in-stage", "no-activity", "next-step-overdue", "close-date-passed",
                        "required-field-missing", "proposal-stalled", "ghosting");
        assertThat(REPORT.reviews().stream().flatMap(review -> review.regressions().stream())).isNotEmpty();
        assertThat(REPORT.reviews().stream().flatMap(review -> review.disqualifications().stream())).isNotEmpty();
        assertThat(REPORT.metrics().regressionRate()).hasValueSatisfying(rate -> assertThat(rate).isPositive());
        assertThat(REPORT.metrics().disqualifiedDeals()).isPositive();
        assertThat(REPORT.metrics().nurturedDeals()).isPositive();
    }

    @Test
    void theFunnelAndTheBlockedDealsAgreeWithTheDeals() {
        long open = DEALS.stream().filter(Opportunity::isOpen).count();
        assertThat(REPORT.funnel().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(open);
        long blocked = DEFAULTS.evaluateNextGates(DEALS).values().stream().filter(decision -> !decision.isAllowed())
                .count();
        assertThat(REPORT.blockedDeals()).hasSize((int) blocked)
                .allSatisfy(entry -> assertThat(entry.deal().stage().kind()).isEqualTo(StageKind.OPEN));
        assertThat(REPORT.pipelines()).extracting(pipeline -> pipeline.id().value())
                .containsExactlyInAnyOrder("evidence-based", "classic");
    }

    /** Rules that decide as the defaults, from other files, change no decision: criteria are compared. */
    @Test
    void changedDecisionsCompareCriteriaNotTheFilesTheyCameFrom() throws IOException {
        for (String name : List.of("gate-discovery-exit", "gate-qualification-exit", "gate-proposal-exit",
                "gate-negotiation-exit", "gate-closing-exit")) {
            Files.copy(Path.of("../pipeline-examples/rules-vocabulary", name + ".dslr"), hostRules.resolve(name + ".dslr"));
        }
        PipelineRules vocabulary = PipelineRules.builder(RuleSources.defaults().withDirectory(hostRules)).clock(CLOCK)
                .build();

        HealthReport same = HealthReport.builder(DEALS, vocabulary).asOf(AS_OF).compareWith(DEFAULTS, "the vocabulary")
                .build();
        assertThat(same.changedBy()).contains("the vocabulary");
        assertThat(same.changedDecisions()).isEmpty();

        PipelineRules stricter = PipelineRules.builder(RuleSources.defaults()
                .withDirectory(Path.of("../pipeline-examples/rules"))).clock(CLOCK).build();
        HealthReport changed = HealthReport.builder(DEALS, stricter).asOf(AS_OF).compareWith(DEFAULTS, "rules").build();
        long inProposal = DEALS.stream().filter(Opportunity::isOpen).filter(deal ->
                deal.pipeline().id().value().equals("evidence-based") && deal.stageId().value().equals("proposal")).count();
        assertThat(changed.changedDecisions()).hasSize((int) inProposal).allSatisfy(change ->
                assertThat(change.after().unmetCriteria()).anySatisfy(unmet ->
                        assertThat(unmet.criterionId()).isEqualTo("security-review-passed")));
    }

    @Test
    void theTextReportHasTheTitleAndTheBacktestAccuracyAsText() {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        HealthReport titled = HealthReport.builder(DEALS, DEFAULTS).asOf(AS_OF).title("Pipeline health")
                .source("the sample portfolio").build();
        TextReport.write(titled, new PrintStream(text, true, StandardCharsets.UTF_8));

        assertThat(text.toString(StandardCharsets.UTF_8)).contains("Pipeline health: the sample portfolio as of 2026-11-23")
                .doesNotContain("accuracy {");
        Map<Currency, BigDecimal> accuracy = new LinkedHashMap<>();
        accuracy.put(Currency.getInstance("IDR"), new BigDecimal("0.8"));
        accuracy.put(Currency.getInstance("EUR"), new BigDecimal("0.93125"));
        assertThat(TextReport.accuracy(accuracy)).isEqualTo("EUR 93.1%, IDR 80.0%");
        assertThat(TextReport.accuracy(Map.of())).isEqualTo("n/a (nothing won)");
    }

    @Test
    void theJsonReportCarriesTheFiguresAsExactStrings() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonReport.write(REPORT, out, Map.of("command", "test"));

        Map<String, Object> json = object(parse(out.toString(StandardCharsets.UTF_8)));
        assertThat(json).containsEntry("command", "test").containsEntry("rules", DEFAULTS.version())
                .containsEntry("asOf", "2026-11-23T12:00:00Z");
        Map<String, Object> metrics = object(json.get("metrics"));
        assertThat(metrics).containsEntry("openDeals", DEALS.stream().filter(Opportunity::isOpen).count());
        BigDecimal openEuros = DEALS.stream().filter(Opportunity::isOpen)
                .map(deal -> deal.details().value().amount())
                .filter(money -> money.currency().getCurrencyCode().equals("EUR"))
                .map(money -> money.amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(new BigDecimal((String) object(metrics.get("openValue")).get("EUR"))).isEqualByComparingTo(openEuros);
        assertThat(json).containsEntry("blockedAtNextGate", (long) REPORT.blockedDeals().size());
        assertThat(object(object(json.get("forecast")).get("simulated"))).containsOnlyKeys("EUR", "IDR");
        assertThat((List<?>) json.get("backtest")).hasSize(4);
    }

    @Test
    void misuseOfTheBuilderIsNamed() {
        assertThatThrownBy(() -> HealthReport.builder(DEALS, DEFAULTS).build()).isInstanceOf(IllegalStateException.class)
                .hasMessage("asOf must be set: a report is as of one instant");
        assertThatThrownBy(() -> HealthReport.builder(DEALS, DEFAULTS).trials(0)).isInstanceOf(InvalidValueException.class)
                .hasMessage("trials must be between 1 and 1000000, but was 0");
        assertThatThrownBy(() -> HealthReport.builder(DEALS, DEFAULTS).title(" ")).isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("title must be 1 to 500 characters, not blank");
        assertThatThrownBy(() -> HealthReport.builder(null, DEFAULTS)).hasMessage("deals");
    }

    private static Object parse(String text) throws IOException {
        try (JsonParser parser = new JsonFactory().createParser(text)) {
            parser.nextToken();
            return read(parser);
        }
    }

    private static Object read(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            Map<String, Object> object = new HashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                object.put(name, read(parser));
            }
            return object;
        }
        if (token == JsonToken.START_ARRAY) {
            List<Object> array = new java.util.ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                array.add(read(parser));
            }
            return array;
        }
        return switch (token) {
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getLongValue();
            case VALUE_TRUE, VALUE_FALSE -> parser.getBooleanValue();
            default -> null;
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value) {
        return (Map<String, Object>) value;
    }

    @Test
    void theForecastCanWeighEachDealByTheRepsProbabilityAndFallsBackToTheCalibratedOne() {
        // Every other open deal carries the rep's 60%; the others none.
        List<Opportunity> deals = new java.util.ArrayList<>();
        int index = 0;
        for (Opportunity deal : DEALS) {
            if (deal.isOpen() && index++ % 2 == 0) {
                deal = new dev.salespipeline.core.transition.TransitionService(DEFAULTS, CLOCK).changeDetails(deal,
                        deal.details().toBuilder().repProbability(new dev.salespipeline.core.pipeline.Probability(
                                new BigDecimal("0.6"))).build(), dev.salespipeline.core.opportunity.Actor.of("rep"));
            }
            deals.add(deal);
        }
        HealthReport byRep = HealthReport.builder(deals, DEFAULTS).asOf(AS_OF)
                .probabilities(HealthReport.Probabilities.REP).build();
        HealthReport calibrated = HealthReport.builder(deals, DEFAULTS).asOf(AS_OF).build();

        assertThat(byRep.probabilities()).isEqualTo(HealthReport.Probabilities.REP);
        Map<dev.salespipeline.core.opportunity.OpportunityId, Opportunity> byId = new HashMap<>();
        deals.forEach(deal -> byId.put(deal.id(), deal));
        assertThat(byRep.forecast().lines()).isNotEmpty().allSatisfy(line -> {
            Opportunity deal = byId.get(line.opportunityId());
            assertThat(line.probability()).isEqualTo(deal.details().repProbability()
                    .orElseGet(() -> calibrated.calibration().probabilityFor(deal)));
        });
        assertThat(byRep.forecast().lines()).anySatisfy(line -> assertThat(line.probability().value())
                .isEqualByComparingTo("0.6"));
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        TextReport.write(byRep, new PrintStream(text, true, StandardCharsets.UTF_8));
        assertThat(text.toString(StandardCharsets.UTF_8)).contains("the rep's probabilities (calibrated where a deal"
                + " has none)");
    }

    @Test
    void theForecastAndTheBacktestUseTheQuartersOfTheFiscalYear() {
        // As of 23 November 2026. A year from April: Oct-Dec is its third quarter, of FY2027 (ending March 2027).
        HealthReport april = HealthReport.builder(DEALS, DEFAULTS).asOf(AS_OF).fiscalYearStart(java.time.Month.APRIL)
                .backtestQuarters(2).build();
        assertThat(april.forecast().periodStart()).isEqualTo(java.time.LocalDate.of(2026, 10, 1));
        assertThat(april.fiscalQuarter()).isEqualTo("FY2027 Q3");
        // A year from February: Nov-Jan is its fourth quarter, and the backtest's are Aug-Oct and May-Jul.
        HealthReport february = HealthReport.builder(DEALS, DEFAULTS).asOf(AS_OF).fiscalYearStart(java.time.Month.FEBRUARY)
                .backtestQuarters(2).build();
        assertThat(february.forecast().periodStart()).isEqualTo(java.time.LocalDate.of(2026, 11, 1));
        assertThat(february.forecast().periodEnd()).isEqualTo(java.time.LocalDate.of(2027, 1, 31));
        assertThat(february.fiscalQuarter()).isEqualTo("FY2027 Q4");
        assertThat(february.backtest()).extracting(period -> period.start().toString(), period -> period.end().toString())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("2026-05-01", "2026-07-31"),
                        org.assertj.core.groups.Tuple.tuple("2026-08-01", "2026-10-31"));
        // The calendar year by default.
        assertThat(REPORT.fiscalQuarter()).isEqualTo("FY2026 Q4");
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        TextReport.write(february, new PrintStream(text, true, StandardCharsets.UTF_8));
        assertThat(text.toString(StandardCharsets.UTF_8)).contains("Forecast 2026-11-01 to 2027-01-31, FY2027 Q4 (");
    }

    @Test
    void withTheHostsRatesTheTotalsRollUpIntoOneCurrencyAndTheRatesMustCoverEveryCurrency() {
        Currency eur = Currency.getInstance("EUR");
        Currency idr = Currency.getInstance("IDR");
        BigDecimal rate = new BigDecimal("0.0000575");
        HealthReport rolled = HealthReport.builder(DEALS, DEFAULTS).asOf(AS_OF)
                .rollUp(eur, (from, to) -> from.equals(idr) && to.equals(eur) ? java.util.Optional.of(rate)
                        : java.util.Optional.empty()).build();

        HealthReport.RollUp rollUp = rolled.rollUp().orElseThrow();
        // Worked out here: each currency's open total, the rupiahs at the rate rounded half-even to the cent.
        BigDecimal euros = rolled.metrics().openValue().get(eur).orElseThrow().amount();
        BigDecimal rupiahs = rolled.metrics().openValue().get(idr).orElseThrow().amount();
        assertThat(rollUp.openValue().amount()).isEqualByComparingTo(euros.add(rupiahs.multiply(rate)
                .setScale(2, java.math.RoundingMode.HALF_EVEN)));
        assertThat(rollUp.currency()).isEqualTo(eur);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        TextReport.write(rolled, new PrintStream(text, true, StandardCharsets.UTF_8));
        assertThat(text.toString(StandardCharsets.UTF_8)).contains("  In EUR at the host's rates: open EUR "
                + rollUp.openValue().amount().toPlainString());
        assertThat(REPORT.rollUp()).isEmpty();

        assertThatThrownBy(() -> HealthReport.builder(DEALS, DEFAULTS).asOf(AS_OF)
                .rollUp(eur, (from, to) -> java.util.Optional.empty()).build())
                .isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("rates must give a rate for every currency in the totals, but was \"IDR->EUR\"");
    }

    @Test
    void theForecastsOfEachOwnersDealsAddUpToTheWholeForecast() {
        Map<Currency, BigDecimal> full = new HashMap<>();
        Map<Currency, BigDecimal> conservative = new HashMap<>();
        DEALS.stream().map(deal -> deal.details().owner()).distinct().forEach(owner -> {
            dev.salespipeline.core.forecast.Forecast part = REPORT.forecastOf(deal -> deal.details().owner().equals(owner));
            part.full().byCurrency().forEach((currency, money) -> full.merge(currency, money.amount(), BigDecimal::add));
            part.conservative().byCurrency().forEach((currency, money) -> conservative.merge(currency, money.amount(),
                    BigDecimal::add));
        });
        REPORT.forecast().full().byCurrency().forEach((currency, money) ->
                assertThat(full.get(currency)).isEqualByComparingTo(money.amount()));
        REPORT.forecast().conservative().byCurrency().forEach((currency, money) ->
                assertThat(conservative.get(currency)).isEqualByComparingTo(money.amount()));
    }
}
