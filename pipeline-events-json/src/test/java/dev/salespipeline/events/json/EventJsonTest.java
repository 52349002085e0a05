package dev.salespipeline.events.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;

import dev.salespipeline.core.events.PipelineEvent;
import dev.salespipeline.core.events.PipelineEvents;
import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.gate.UnmetCriterion;
import dev.salespipeline.core.money.Money;
import dev.salespipeline.core.opportunity.Actor;
import dev.salespipeline.core.opportunity.DealValue;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityDetails;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.opportunity.ValueKind;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.pipeline.PipelineId;
import dev.salespipeline.core.pipeline.Probability;
import dev.salespipeline.core.pipeline.StageId;
import dev.salespipeline.core.transition.OpportunityStore;
import dev.salespipeline.core.transition.TransitionService;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Schema 1, document by document: the exact JSON hosts receive for each kind of event. */
class EventJsonTest {

    private static final Instant AT = Instant.parse("2026-02-02T09:00:00Z");
    private static final Actor REP = Actor.of("rep-ana");
    private static final OpportunityId DEAL = OpportunityId.of("opp-1");
    private static final PipelineId PIPELINE = DefaultPipelines.evidenceBased().id();

    private final TransitionService service = new TransitionService(request -> GateDecision.allowed("rules@abc"),
            Clock.fixed(AT, ZoneOffset.UTC));

    private static void wellFormed(String json) throws IOException {
        try (JsonParser parser = new JsonFactory().createParser(json)) {
            int tokens = 0;
            while (parser.nextToken() != null) {
                tokens++;
            }
            assertThat(tokens).isPositive();
        }
    }

    private List<PipelineEvent> committedEvents() {
        PipelineEvents events = new PipelineEvents();
        List<PipelineEvent> heard = new ArrayList<>();
        events.register(heard::add);
        OpportunityStore store = new OpportunityStore(events);
        Opportunity deal = service.open(DEAL, DefaultPipelines.evidenceBased(), OpportunityDetails.builder()
                .account("PT \"Maju\" Jaya").owner(REP.id())
                .value(DealValue.of(Money.of("120000.00", "EUR"), ValueKind.ACV))
                .expectedCloseDate(LocalDate.of(2026, 3, 31)).build(), REP);
        store.add(deal);
        store.update(DEAL, stored -> service.advance(stored, DefaultPipelines.QUALIFICATION, REP).opportunity());
        store.update(DEAL, stored -> service.regress(stored, DefaultPipelines.DISCOVERY, REP, "Budget withdrawn\nby CFO"));
        return heard;
    }

    @Test
    void committedChangesCarryTheirHistoryEventAndTheDealAfterIt() throws IOException {
        List<String> documents = committedEvents().stream().map(EventJson::write).toList();

        assertThat(documents).containsExactly(
                "{\"schema\":\"sales-pipeline.event/1\",\"type\":\"created\",\"opportunityId\":\"opp-1\","
                        + "\"owner\":\"rep-ana\",\"pipeline\":\"evidence-based\",\"occurredAt\":\"2026-02-02T09:00:00Z\",\"sequence\":1,\"actor\":\"rep-ana\","
                        + "\"stage\":\"discovery\",\"details\":{\"account\":"
                        + "\"PT \\\"Maju\\\" Jaya\",\"owner\":\"rep-ana\",\"value\":{\"amount\":\"120000.00\","
                        + "\"currency\":\"EUR\",\"kind\":\"ACV\"},\"expectedCloseDate\":\"2026-03-31\"},"
                        + "\"after\":{\"version\":1,\"stage\":\"discovery\",\"stageKind\":\"OPEN\","
                        + "\"stageEnteredAt\":\"2026-02-02T09:00:00Z\"}}",
                "{\"schema\":\"sales-pipeline.event/1\",\"type\":\"advanced\",\"opportunityId\":\"opp-1\","
                        + "\"owner\":\"rep-ana\",\"pipeline\":\"evidence-based\",\"occurredAt\":\"2026-02-02T09:00:00Z\",\"sequence\":2,\"actor\":\"rep-ana\","
                        + "\"move\":\"ADVANCE\",\"from\":\"discovery\",\"to\":\"qualification\",\"reason\":\"\","
                        + "\"gate\":{\"kind\":\"PASSED\",\"ruleSetVersion\":\"rules@abc\",\"justification\":\"\"},"
                        + "\"after\":{\"version\":2,\"stage\":\"qualification\",\"stageKind\":\"OPEN\","
                        + "\"stageEnteredAt\":\"2026-02-02T09:00:00Z\"}}",
                "{\"schema\":\"sales-pipeline.event/1\",\"type\":\"regressed\",\"opportunityId\":\"opp-1\","
                        + "\"owner\":\"rep-ana\",\"pipeline\":\"evidence-based\",\"occurredAt\":\"2026-02-02T09:00:00Z\",\"sequence\":3,\"actor\":\"rep-ana\","
                        + "\"move\":\"REGRESS\",\"from\":\"qualification\",\"to\":\"discovery\","
                        + "\"reason\":\"Budget withdrawn\\nby CFO\",\"gate\":{\"kind\":\"NOT_REQUIRED\","
                        + "\"ruleSetVersion\":\"\",\"justification\":\"\"},\"after\":{\"version\":3,"
                        + "\"stage\":\"discovery\",\"stageKind\":\"OPEN\",\"stageEnteredAt\":\"2026-02-02T09:00:00Z\"}}");
        for (String document : documents) {
            wellFormed(document);
        }
    }

    @Test
    void blockedAttemptsAlertsAndProbabilitiesHaveTheirOwnFields() throws IOException {
        List<String> documents = List.of(
                EventJson.write(new PipelineEvent.AdvanceBlocked(DEAL, REP.id(), PIPELINE, AT, DefaultPipelines.DISCOVERY,
                        DefaultPipelines.QUALIFICATION, List.of(new UnmetCriterion("budget-range-confirmed",
                        "Confirm the buyer's budget range.", StageId.of("discovery"), "rule 'x' in gate.drl")),
                        "rules@abc")),
                EventJson.write(new PipelineEvent.AlertRaised(DEAL, REP.id(), PIPELINE, AT, "no-activity", "WARNING",
                        LocalDate.of(2026, 1, 30), "Get back in touch.")),
                EventJson.write(new PipelineEvent.AlertCleared(DEAL, REP.id(), PIPELINE, AT, "no-activity")),
                EventJson.write(new PipelineEvent.ProbabilityRecalculated(DEAL, REP.id(), PIPELINE, AT, Probability.of("0.25"),
                        Probability.of("0.4"))));

        String head = "{\"schema\":\"sales-pipeline.event/1\",\"type\":\"%s\",\"opportunityId\":\"opp-1\","
                + "\"owner\":\"rep-ana\",\"pipeline\":\"evidence-based\",\"occurredAt\":\"2026-02-02T09:00:00Z\",";
        assertThat(documents).containsExactly(
                head.formatted("advance-blocked") + "\"from\":\"discovery\",\"target\":\"qualification\","
                        + "\"ruleSetVersion\":\"rules@abc\",\"unmetCriteria\":[{\"criterionId\":\"budget-range-confirmed\","
                        + "\"stage\":\"discovery\",\"message\":\"Confirm the buyer's budget range.\","
                        + "\"origin\":\"rule 'x' in gate.drl\"}]}",
                head.formatted("alert-raised") + "\"kind\":\"no-activity\",\"severity\":\"WARNING\","
                        + "\"since\":\"2026-01-30\",\"message\":\"Get back in touch.\"}",
                head.formatted("alert-cleared") + "\"kind\":\"no-activity\"}",
                head.formatted("probability-recalculated") + "\"before\":\"0.25\",\"after\":\"0.4\"}");
        for (String document : documents) {
            wellFormed(document);
        }
    }
}
