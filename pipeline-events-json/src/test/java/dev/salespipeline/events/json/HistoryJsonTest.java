package dev.salespipeline.events.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.salespipeline.core.evidence.EvidenceType;
import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.money.Money;
import dev.salespipeline.core.opportunity.Activity;
import dev.salespipeline.core.opportunity.ActivityDirection;
import dev.salespipeline.core.opportunity.ActivityType;
import dev.salespipeline.core.opportunity.Actor;
import dev.salespipeline.core.opportunity.DealValue;
import dev.salespipeline.core.opportunity.Evidence;
import dev.salespipeline.core.opportunity.EvidenceId;
import dev.salespipeline.core.opportunity.EvidenceSource;
import dev.salespipeline.core.opportunity.GateRecord;
import dev.salespipeline.core.opportunity.NewEvidence;
import dev.salespipeline.core.opportunity.NextStep;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityDetails;
import dev.salespipeline.core.opportunity.OpportunityEvent;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.opportunity.Stakeholder;
import dev.salespipeline.core.opportunity.StakeholderRole;
import dev.salespipeline.core.opportunity.StageMove;
import dev.salespipeline.core.opportunity.ValueKind;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.pipeline.PipelineDefinition;
import dev.salespipeline.core.pipeline.PipelineId;
import dev.salespipeline.core.pipeline.Probability;
import dev.salespipeline.core.pipeline.Stage;
import dev.salespipeline.core.pipeline.StageId;
import dev.salespipeline.core.transition.TransitionService;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The storage form of a history: an exact round trip for every event a history can hold, frozen
 * documents of schema version 1 that must load forever, an upcaster chain, and a clear error for every
 * way a stored row can be wrong.
 */
class HistoryJsonTest {

    private static final HistoryJson CODEC = HistoryJson.current();
    private static final OpportunityId DEAL = OpportunityId.of("opp-7");

    private static OpportunityEvent roundTrip(OpportunityEvent event) {
        String type = HistoryJson.type(event);
        return CODEC.read(new HistoryJson.Stored(event.opportunityId(), event.sequence(), type,
                CODEC.schemaVersion(type), CODEC.write(event)));
    }

    /** A clock that moves a second, and a few nanoseconds, every time it is read. */
    private static final class Ticking extends Clock {
        private Instant now = Instant.parse("2026-01-05T09:00:00.000000001Z");

        @Override
        public Instant instant() {
            now = now.plus(Duration.ofSeconds(1).plusNanos(7));
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private static OpportunityDetails details(int variant) {
        OpportunityDetails.Builder builder = OpportunityDetails.builder()
                .account(variant % 2 == 0 ? "PT Maju Jaya" : "Acme \"Ünïcødé\" & Sons, \\ Ltd")
                .owner("rep-" + variant % 3)
                .value(DealValue.of(variant % 5 == 0 ? Money.of("1500000", "IDR")
                        : Money.of(variant % 4 == 0 ? "120000.00" : "99.5", "EUR"), ValueKind.values()[variant % 2]))
                .expectedCloseDate(LocalDate.of(2026, 3, 1).plusDays(variant));
        if (variant % 3 == 1) {
            builder.primaryContact("Sari").stakeholders(List.of(Stakeholder.of("Budi", StakeholderRole.ECONOMIC_BUYER),
                    Stakeholder.of("Citra", StakeholderRole.CHAMPION))).products("core", "analytics")
                    .competitors("Acme").source("referral").segment("enterprise").region("APAC").channel("partner")
                    .attribute("tier", "gold").attribute("crm-id", "006A" + variant)
                    .nextStep(NextStep.of("Call back", LocalDate.of(2026, 2, 1).plusDays(variant)))
                    .repProbability(Probability.of(variant % 2 == 0 ? "0.40" : "0.4"));
        }
        return builder.build();
    }

    /** A history made by the transition service from a list of operation codes: every event type. */
    private static Opportunity history(List<Integer> operations) {
        TransitionService service = new TransitionService(request -> GateDecision.allowed("rules@abc"), new Ticking());
        PipelineDefinition pipeline = DefaultPipelines.evidenceBased();
        Actor rep = Actor.of("rep-ana");
        Opportunity deal = service.open(DEAL, pipeline, details(operations.isEmpty() ? 0 : operations.get(0)), rep);
        int step = 0;
        for (int operation : operations) {
            step++;
            switch (operation % 7) {
                case 0 -> deal = service.changeDetails(deal, details(operation + step), rep, step % 2 == 0 ? "" : "why " + step);
                case 1 -> deal = service.recordEvidence(deal, new NewEvidence(EvidenceType.of("type-" + operation % 5),
                        EvidenceSource.values()[operation % EvidenceSource.values().length], "ref " + step, ""), rep);
                case 2 -> {
                    List<Evidence> active = deal.evidence();
                    if (!active.isEmpty()) {
                        deal = service.withdrawEvidence(deal, active.get(0).id(), Actor.of("manager"), "wrong deal " + step);
                    }
                }
                case 3 -> deal = service.logActivity(deal, new Activity(ActivityType.values()[operation
                        % ActivityType.values().length], ActivityDirection.values()[operation % 2], deal.createdAt()
                        .plusNanos(step), rep, "summary " + step));
                case 4 -> {
                    if (deal.isOpen()) {
                        List<Stage> open = pipeline.openStages();
                        int at = open.indexOf(deal.stage());
                        deal = at + 1 < open.size() ? service.advance(deal, open.get(at + 1).id(), rep).opportunity()
                                : service.win(deal, rep).opportunity();
                    }
                }
                case 5 -> {
                    if (deal.isOpen() && !deal.stageId().equals(pipeline.openStages().get(0).id())) {
                        deal = service.regress(deal, pipeline.openStages().get(0).id(), rep, "setback " + step);
                    } else if (deal.isOpen()) {
                        deal = service.overrideGate(deal, pipeline.openStages().get(2).id(), Actor.of("manager"),
                                "placed by hand " + step);
                    }
                }
                default -> {
                    if (deal.isOpen()) {
                        deal = service.lose(deal, rep, "no budget " + step);
                    } else if (deal.stage().kind() != dev.salespipeline.core.pipeline.StageKind.WON) {
                        deal = service.reopen(deal, deal.lastOpenStageId(), rep, "back " + step);
                    }
                }
            }
        }
        return deal;
    }

    @Test
    void everyEventOfAnyHistoryComesBackExactlyAndTheHistoryReplaysToTheSameDeal() {
        qt().withExamples(300).forAll(lists().of(integers().between(0, 1_000)).ofSizeBetween(0, 40)).checkAssert(ops -> {
            Opportunity deal = history(ops);
            List<OpportunityEvent> read = new ArrayList<>();
            for (OpportunityEvent event : deal.history()) {
                OpportunityEvent back = roundTrip(event);
                assertThat(back).isEqualTo(event);
                read.add(back);
            }
            assertThat(Opportunity.restore(deal.pipeline(), read)).isEqualTo(deal);
        });
        // The generated histories hold every type of event.
        Set<String> types = new LinkedHashSet<>();
        history(List.of(1, 3, 2, 0, 4, 5, 4, 6, 6, 1)).history().forEach(event -> types.add(HistoryJson.type(event)));
        assertThat(types).containsExactlyInAnyOrder("created", "details-changed", "evidence-recorded",
                "evidence-withdrawn", "activity-logged", "stage-changed");
    }

    private static String fixture(String type) throws IOException {
        return fixture(1, type);
    }

    private static String fixture(int version, String type) throws IOException {
        try (InputStream in = HistoryJsonTest.class.getResourceAsStream("history/v" + version + "/" + type + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    private static OpportunityEvent readFixture(String type, long sequence) throws IOException {
        return CODEC.read(new HistoryJson.Stored(DEAL, sequence, type, 1, fixture(type)));
    }

    /**
     * The documents of schema version 1, frozen: written by hand from the schema, they must load forever,
     * and are what this version writes of every type still at version 1.
     */
    @Test
    void frozenDocumentsOfVersionOneLoadAsTheEventsTheyDescribeAndAreWhatThisVersionWrites() throws IOException {
        Actor rep = Actor.of("rep-ana");
        Actor manager = Actor.of("manager-budi");
        Map<String, OpportunityEvent> expected = Map.of(
                "created", new OpportunityEvent.Created(DEAL, 1, Instant.parse("2026-02-02T09:00:00.123456789Z"), rep,
                        PipelineId.of("evidence-based"), StageId.of("discovery"), OpportunityDetails.builder()
                        .account("PT \"Maju\" Jaya – Jakarta").owner("rep-ana")
                        .value(DealValue.of(Money.of(new BigDecimal("120000.50"), Money.currency("EUR")), ValueKind.ACV))
                        .expectedCloseDate(LocalDate.of(2026, 3, 31)).primaryContact("Sari Wulandari")
                        .stakeholders(Stakeholder.of("Budi", StakeholderRole.ECONOMIC_BUYER),
                                Stakeholder.of("Citra", StakeholderRole.CHAMPION))
                        .products("core", "analytics").competitors("Acme").source("referral").segment("enterprise")
                        .region("APAC").channel("direct").attribute("crm-id", "006A1").attribute("tier", "gold")
                        .nextStep(NextStep.of("Confirm the budget", LocalDate.of(2026, 2, 9)))
                        .repProbability(Probability.of("0.40")).build()),
                "details-changed", new OpportunityEvent.DetailsChanged(DEAL, 2, Instant.parse("2026-02-03T10:00:00Z"), rep,
                        OpportunityDetails.builder().account("PT Maju Jaya").owner("rep-budi")
                                .value(DealValue.of(Money.of("100000.00", "EUR"), ValueKind.TCV))
                                .expectedCloseDate(LocalDate.of(2026, 4, 30)).build(), "territory change"),
                "evidence-recorded", new OpportunityEvent.EvidenceRecorded(DEAL, 3, Instant.parse("2026-02-04T10:00:00Z"),
                        rep, new Evidence(EvidenceId.of("ev-3"), EvidenceType.of("budget-range-confirmed"),
                        Instant.parse("2026-02-04T10:00:00Z"), rep, EvidenceSource.MEETING_NOTES, "minutes 4 Feb",
                        "CFO said 100-150k")),
                "evidence-withdrawn", new OpportunityEvent.EvidenceWithdrawn(DEAL, 4,
                        Instant.parse("2026-02-05T10:00:00Z"), manager, EvidenceId.of("ev-3"),
                        "recorded on the wrong deal"),
                "activity-logged", new OpportunityEvent.ActivityLogged(DEAL, 5, Instant.parse("2026-02-06T10:00:00Z"), rep,
                        new Activity(ActivityType.MEETING, ActivityDirection.FROM_BUYER,
                                Instant.parse("2026-02-06T09:30:00Z"), rep, "Demo with the team")),
                "stage-changed", new OpportunityEvent.StageChanged(DEAL, 6, Instant.parse("2026-02-07T10:00:00Z"), manager,
                        StageMove.ADVANCE, StageId.of("discovery"), StageId.of("qualification"), "",
                        GateRecord.overridden("moved over from the old CRM")));

        for (Map.Entry<String, OpportunityEvent> entry : expected.entrySet()) {
            String type = entry.getKey();
            OpportunityEvent event = entry.getValue();
            assertThat(readFixture(type, event.sequence())).as(type).isEqualTo(event);
            assertThat(HistoryJson.type(event)).isEqualTo(type);
            if (!type.equals("stage-changed")) {
                assertThat(CODEC.write(event)).as(type).isEqualTo(fixture(type));
                assertThat(CODEC.schemaVersion(type)).isEqualTo(1);
            }
        }
    }

    /** stage-changed 2 added whether the move was inferred; every version-1 move was recorded. */
    @Test
    void stageChangedOfVersionTwoCarriesWhetherTheMoveWasInferred() throws IOException {
        assertThat(CODEC.schemaVersion("stage-changed")).isEqualTo(2);
        OpportunityEvent inferred = new OpportunityEvent.StageChanged(DEAL, 7, Instant.parse("2026-03-31T00:00:00Z"),
                Actor.of("crm-import"), StageMove.WIN, StageId.of("qualification"), StageId.of("closed-won"), "",
                GateRecord.imported("Salesforce (Opportunity.csv line 4)"), true);

        assertThat(CODEC.read(new HistoryJson.Stored(DEAL, 7, "stage-changed", 2, fixture(2, "stage-changed"))))
                .isEqualTo(inferred);
        assertThat(CODEC.write(inferred)).isEqualTo(fixture(2, "stage-changed"));
        assertThat(((OpportunityEvent.StageChanged) readFixture("stage-changed", 6)).inferred()).isFalse();
        assertThat(roundTrip(inferred)).isEqualTo(inferred);
        assertThatThrownBy(() -> CODEC.read(new HistoryJson.Stored(DEAL, 7, "stage-changed", 2,
                fixture(2, "stage-changed").replace("\"inferred\":true", "\"inferred\":\"yes\""))))
                .hasMessageEndingWith("the field 'inferred' must be a boolean, but is text");
    }

    @Test
    void aDocumentOfAnOlderVersionIsUpcastStepByStepToTheCurrentOne() throws IOException {
        // Suppose activity-logged went to version 3: version 1 called the summary "note", version 2
        // called the direction "way". Each upcaster takes its version to the next.
        HistoryJson evolved = CODEC
                .withUpcaster("activity-logged", 2, document -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> activity = (Map<String, Object>) document.get("activity");
                    activity.put("way", activity.remove("direction"));
                    activity.put("note", activity.remove("summary"));
                    return document;
                })
                .withUpcaster("activity-logged", 3, document -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> activity = (Map<String, Object>) document.get("activity");
                    activity.put("direction", activity.remove("way"));
                    activity.put("summary", activity.remove("note"));
                    return document;
                });
        OpportunityEvent expected = readFixture("activity-logged", 5);

        // A version-1 document goes through both upcasters (to v2 and then back to today's shape, as v3).
        assertThat(evolved.read(new HistoryJson.Stored(DEAL, 5, "activity-logged", 1, fixture("activity-logged"))))
                .isEqualTo(expected);
        assertThat(evolved.schemaVersion("activity-logged")).isEqualTo(3);
        HistoryJson missingStep = CODEC.withUpcaster("activity-logged", 3, document -> document);
        assertThatThrownBy(() -> missingStep.read(new HistoryJson.Stored(DEAL, 5, "activity-logged", 1,
                fixture("activity-logged")))).isInstanceOf(HistoryFormatException.class)
                .hasMessage("Event 5 of opportunity 'opp-7' cannot be read: no upcaster of 'activity-logged' from"
                        + " schema version 1");
    }

    private static String problem(String type, int version, String document) {
        try {
            CODEC.read(new HistoryJson.Stored(DEAL, 5, type, version, document));
            return "read";
        } catch (HistoryFormatException e) {
            assertThat(e.opportunityId()).isEqualTo(DEAL);
            assertThat(e.sequence()).isEqualTo(5);
            return e.getMessage().replace("Event 5 of opportunity 'opp-7' cannot be read: ", "");
        }
    }

    @Test
    void aRowThatCannotBeReadIsRefusedNamingTheDealTheSequenceAndTheProblem() throws IOException {
        String activity = fixture("activity-logged");

        assertThat(problem("activity-logged", 1, activity)).isEqualTo("read");
        assertThat(problem("meeting-held", 1, activity)).isEqualTo("unknown event type 'meeting-held'; the types are"
                + " [activity-logged, created, details-changed, evidence-recorded, evidence-withdrawn, stage-changed]");
        assertThat(problem("activity-logged", 2, activity)).isEqualTo("'activity-logged' of schema version 2, newer"
                + " than the 1 this library reads: upgrade the library before reading this store");
        assertThat(problem("activity-logged", 0, activity)).isEqualTo("schema version 0 (versions start at 1)");
        assertThat(problem("activity-logged", 1, activity.substring(0, 40))).startsWith("the document is not JSON: ");
        assertThat(problem("activity-logged", 1, "")).isEqualTo("the document is empty");
        assertThat(problem("activity-logged", 1, "[1]")).isEqualTo("the document is not a JSON object");
        assertThat(problem("activity-logged", 1, activity + " {}")).isEqualTo("the document goes on after its JSON"
                + " value");
        assertThat(problem("activity-logged", 1, activity.replace("\"summary\"", "\"summary\":\"x\",\"summary\"")))
                .startsWith("the document is not JSON: the field 'summary' appears twice");
        assertThat(problem("activity-logged", 1, activity.replace("\"loggedBy\"", "\"mood\":\"good\",\"loggedBy\"")))
                .isEqualTo("unknown field 'activity.mood' in a 'activity-logged' document");
        assertThat(problem("activity-logged", 1, activity.replace(",\"actor\":\"rep-ana\"", "")))
                .isEqualTo("the field 'actor' is missing");
        assertThat(problem("activity-logged", 1, activity.replace("\"MEETING\"", "\"PIGEON\"")))
                .isEqualTo("the field 'activity.type' must be one of [CALL, EMAIL, MEETING, DEMO, MESSAGE, OTHER],"
                        + " but is 'PIGEON'");
        assertThat(problem("activity-logged", 1, activity.replace("\"sequence\":5", "\"sequence\":6")))
                .isEqualTo("the document is event 6 of 'opp-7', but its row says event 5 of 'opp-7'");
        assertThat(problem("activity-logged", 1, activity.replace("\"sequence\":5", "\"sequence\":\"5\"")))
                .isEqualTo("the field 'sequence' must be a whole number, but is text");
        assertThat(problem("activity-logged", 1, activity.replace("2026-02-06T10:00:00Z", "yesterday")))
                .isEqualTo("the field 'occurredAt' must be an ISO-8601 instant, but is 'yesterday'");
        assertThat(problem("activity-logged", 1, activity.replace("\"rep-ana\"", "\"  \"")))
                .startsWith("actor ");
    }
}
