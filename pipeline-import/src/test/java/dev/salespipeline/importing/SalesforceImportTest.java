package dev.salespipeline.importing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salespipeline.core.forecast.Backtest;
import dev.salespipeline.core.forecast.CalibratedProbability;
import dev.salespipeline.core.forecast.Calibration;
import dev.salespipeline.core.forecast.ForecastRules;
import dev.salespipeline.core.metrics.PipelineMetrics;
import dev.salespipeline.core.metrics.StageKey;
import dev.salespipeline.core.money.Money;
import dev.salespipeline.core.opportunity.GateRecord;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityEvent;
import dev.salespipeline.core.opportunity.OpportunityEvent.StageChanged;
import dev.salespipeline.core.opportunity.StageMove;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.pipeline.PipelineId;
import dev.salespipeline.core.pipeline.Probability;
import dev.salespipeline.core.pipeline.StageId;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * The Salesforce fixture (six opportunities, sixteen history rows) imported, and the figures computed
 * from it checked against figures worked out by hand from the fixture's rows.
 */
class SalesforceImportTest {

    private static final PipelineId CLASSIC = PipelineId.of("classic");
    private final CrmImport crm = CrmImport.builder(ImportMapping.salesforce(), DefaultPipelines.catalog()).build();
    private final ImportResult result = crm.read(Fixtures.path("salesforce/Opportunities.csv"),
            Fixtures.path("salesforce/OpportunityHistory.csv"));
    private final Map<String, Opportunity> deals = result.opportunities().stream()
            .collect(Collectors.toMap(deal -> deal.id().value(), Function.identity()));

    @Test
    void everyRowOfBothFilesIsImported() {
        assertThat(result.report().problems()).isEmpty();
        assertThat(result.report().rowsRead()).isEqualTo(6 + 16);
        assertThat(result.report().rowsImported()).isEqualTo(22);
        assertThat(result.report().dealsImported()).isEqualTo(6);
        assertThat(result.opportunities()).extracting(deal -> deal.id().value())
                .containsExactly("006A1", "006A2", "006A3", "006A4", "006A5", "006A6");
    }

    @Test
    void detailsComeFromTheOpportunityRowWithQuotingThousandsAndUsDates() {
        Opportunity first = deals.get("006A1");
        assertThat(first.details().account()).isEqualTo("PT Maju Jaya");
        assertThat(first.details().owner()).isEqualTo("Dewi Lestari");
        assertThat(first.details().value().amount()).isEqualTo(Money.of("120000.00", "USD"));
        assertThat(first.details().expectedCloseDate()).isEqualTo(LocalDate.of(2025, 3, 15));
        assertThat(first.details().repProbability()).contains(Probability.ONE);
        assertThat(first.details().source()).contains("Web");
        assertThat(first.details().attributes()).containsEntry("name", "Maju Jaya, ERP rollout")
                .containsEntry("type", "New Business").containsEntry("forecast-category", "Closed");
        assertThat(deals.get("006A3").details().attributes().get("name")).isEqualTo("Nusantara\r\nLogistics renewal");
        assertThat(deals.get("006A4").details().value().amount()).isEqualTo(Money.of("12000.00", "EUR"));
        assertThat(first.createdAt()).isEqualTo(Instant.parse("2025-01-06T09:00:00Z"));
    }

    @Test
    void theHistoryExportBecomesTheStageHistoryWithAmountAndCloseDateChanges() {
        Opportunity won = deals.get("006A1");
        assertThat(won.stageChanges()).extracting(StageChanged::move, change -> change.to().value(),
                        StageChanged::occurredAt)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(StageMove.ADVANCE, "qualification", Instant.parse("2025-01-13T09:00:00Z")),
                        org.assertj.core.groups.Tuple.tuple(StageMove.ADVANCE, "proposal", Instant.parse("2025-02-03T09:00:00Z")),
                        org.assertj.core.groups.Tuple.tuple(StageMove.ADVANCE, "negotiation", Instant.parse("2025-02-24T09:00:00Z")),
                        org.assertj.core.groups.Tuple.tuple(StageMove.WIN, "closed-won", Instant.parse("2025-03-15T09:00:00Z")));
        assertThat(won.stageChanges().get(1).gate())
                .isEqualTo(GateRecord.imported("Salesforce (OpportunityHistory.csv line 4)"));
        // Created at 100,000 closing 31 March; raised to 120,000 with the proposal; pulled in to 15 March.
        List<OpportunityEvent.DetailsChanged> changes = won.history().stream()
                .filter(OpportunityEvent.DetailsChanged.class::isInstance).map(OpportunityEvent.DetailsChanged.class::cast)
                .toList();
        assertThat(won.asOf(Instant.parse("2025-01-31T00:00:00Z")).orElseThrow().details().value().amount())
                .isEqualTo(Money.of("100000.00", "USD"));
        assertThat(changes).extracting(change -> change.details().value().amount().amount().toPlainString(),
                        change -> change.details().expectedCloseDate().toString())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("120000.00", "2025-03-31"),
                        org.assertj.core.groups.Tuple.tuple("120000.00", "2025-03-15"));
    }

    @Test
    void aStageMovedBackIsARegressionAndALossKeepsWhereItCameFrom() {
        Opportunity lost = deals.get("006A2");
        assertThat(lost.stageChanges()).extracting(StageChanged::move)
                .containsExactly(StageMove.ADVANCE, StageMove.ADVANCE, StageMove.REGRESS, StageMove.LOSE);
        assertThat(lost.stageChanges().get(2).reason())
                .isEqualTo("moved back to Qualification in Salesforce (OpportunityHistory.csv line 9)");
        assertThat(lost.lossReason()).contains("closed lost in Salesforce (OpportunityHistory.csv line 10)");
        assertThat(lost.asOf(Instant.parse("2025-03-01T00:00:00Z")).orElseThrow().stageId())
                .isEqualTo(StageId.of("proposal"));
        assertThat(lost.asOf(Instant.parse("2025-03-15T00:00:00Z")).orElseThrow().stageId())
                .isEqualTo(StageId.of("qualification"));
    }

    @Test
    void metricsOfTheImportEqualTheFiguresWorkedOutFromTheRows() {
        Instant asOf = Instant.parse("2025-12-01T00:00:00Z");
        PipelineMetrics metrics = PipelineMetrics.of(result.opportunities(), asOf);

        // Won: 006A1 (120,000.00) and 006A5 (250,000.00). Lost: 006A2. Open: 006A3, 006A4 (EUR), 006A6.
        assertThat(metrics.wonDeals()).isEqualTo(2);
        assertThat(metrics.lostDeals()).isEqualTo(1);
        assertThat(metrics.openDeals()).isEqualTo(3);
        assertThat(metrics.wonValue().get("USD")).contains(Money.of("370000.00", "USD"));
        assertThat(metrics.openValue().get("USD")).contains(Money.of("89500.00", "USD"));
        assertThat(metrics.openValue().get("EUR")).contains(Money.of("12000.00", "EUR"));
        assertThat(metrics.winRate()).contains(new BigDecimal("0.6667"));
        // 006A2 went back from Proposal to Qualification: one deal of six regressed.
        assertThat(metrics.regressionRate()).contains(new BigDecimal("0.1667"));
        // Cycles: 06 Jan 09:00 → 15 Mar 09:00 is 68 days; 02 Jun 07:45 → 28 Nov 12:00 is 179 days 4 h 15 min.
        assertThat(metrics.salesCycle().count()).isEqualTo(2);
        assertThat(metrics.salesCycle().mean())
                .isEqualTo(Duration.ofDays(68).plus(Duration.ofDays(179).plusHours(4).plusMinutes(15)).dividedBy(2));
        // 006A2 left Proposal backwards once; 006A1 left it forwards once; 006A4 is still there.
        var proposal = metrics.conversion().get(new StageKey(CLASSIC, StageId.of("proposal")));
        assertThat(proposal.forward()).isEqualTo(1);
        assertThat(proposal.backward()).isEqualTo(1);
    }

    @Test
    void backtestsMeasureWhatTheImportedDealsActuallyWonEachQuarter() {
        List<Backtest.PeriodResult> quarters = Backtest.run(result.opportunities(), List.of(DefaultPipelines.classic()),
                List.of(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 4, 1), LocalDate.of(2025, 7, 1),
                        LocalDate.of(2025, 10, 1)),
                LocalDate.of(2026, 1, 1), ForecastRules.defaults(), Calibration.DEFAULT_PRIOR_WEIGHT);

        // 006A1 closed won on 15 March (Q1), 006A5 on 28 November (Q4); nothing was won in Q2 or Q3.
        assertThat(quarters).extracting(quarter -> quarter.actual().get("USD").map(Money::toString).orElse("none"))
                .containsExactly(Money.of("120000.00", "USD").toString(), "none", "none",
                        Money.of("250000.00", "USD").toString());
    }

    @Test
    void calibrationCountsTheImportedClosedDeals() {
        Calibration calibration = Calibration.fromHistory(List.of(DefaultPipelines.classic()), result.opportunities(),
                Instant.parse("2025-12-31T00:00:00Z"), Calibration.DEFAULT_PRIOR_WEIGHT);

        // Closed: 006A1 won from Negotiation, 006A2 lost having reached Proposal, 006A5 won straight from
        // Prospecting (it never held a later stage, so it counts at Prospecting only).
        CalibratedProbability prospecting = calibration.stages().get(new StageKey(CLASSIC, StageId.of("prospecting")));
        assertThat(prospecting.reached()).isEqualTo(3);
        assertThat(prospecting.won()).isEqualTo(2);
        CalibratedProbability proposal = calibration.stages().get(new StageKey(CLASSIC, StageId.of("proposal")));
        assertThat(proposal.reached()).isEqualTo(2);
        assertThat(proposal.won()).isEqualTo(1);
        CalibratedProbability negotiation = calibration.stages().get(new StageKey(CLASSIC, StageId.of("negotiation")));
        assertThat(negotiation.reached()).isEqualTo(1);
        assertThat(negotiation.won()).isEqualTo(1);
    }
}
