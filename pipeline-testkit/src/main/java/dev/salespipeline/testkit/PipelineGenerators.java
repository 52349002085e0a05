package dev.salespipeline.testkit;

import static org.quicktheories.generators.SourceDSL.booleans;
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
import dev.salespipeline.core.opportunity.EvidenceSource;
import dev.salespipeline.core.opportunity.NewEvidence;
import dev.salespipeline.core.opportunity.NextStep;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityDetails;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.opportunity.Stakeholder;
import dev.salespipeline.core.opportunity.StakeholderRole;
import dev.salespipeline.core.opportunity.ValueKind;
import dev.salespipeline.core.pipeline.PipelineDefinition;
import dev.salespipeline.core.pipeline.Stage;
import dev.salespipeline.core.transition.TransitionService;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

import org.quicktheories.core.Gen;

/**
 * QuickTheories generators of opportunities for property tests of gate rules: deals of one pipeline,
 * in any open stage, with any subset of the given evidence types in any order, with or without the
 * optional fields stages require, with a few activities. Deals reach their stage through recorded
 * manager overrides, so that generating them never depends on the rules under test.
 *
 * <p>Every generated deal's history starts at {@link #START}; its last event is at most about 60 days
 * later, and {@link #NOW} is after every event. Immutable and thread-safe.
 */
public final class PipelineGenerators {

    /** When generated deals are opened. */
    public static final Instant START = Instant.parse("2026-01-05T09:00:00Z");
    /** A time after every generated event, for evaluations. */
    public static final Instant NOW = START.plus(Duration.ofDays(90));

    private static final Actor REP = Actor.of("testkit-rep");
    private static final Actor MANAGER = Actor.of("testkit-manager");

    private final PipelineDefinition pipeline;
    private final List<EvidenceType> evidenceTypes;

    private PipelineGenerators(PipelineDefinition pipeline, List<EvidenceType> evidenceTypes) {
        this.pipeline = pipeline;
        this.evidenceTypes = List.copyOf(evidenceTypes);
    }

    /**
     * Generators of deals in {@code pipeline} whose evidence is drawn from {@code evidenceTypes}
     * (usually every type your rules read).
     */
    public static PipelineGenerators of(PipelineDefinition pipeline, List<EvidenceType> evidenceTypes) {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(evidenceTypes, "evidenceTypes");
        if (evidenceTypes.isEmpty()) {
            throw new IllegalArgumentException("evidenceTypes must name at least one type");
        }
        return new PipelineGenerators(pipeline, evidenceTypes);
    }

    public PipelineDefinition pipeline() {
        return pipeline;
    }

    public List<EvidenceType> evidenceTypes() {
        return evidenceTypes;
    }

    /** What a generated deal is made of; {@link #build()} turns it into an opportunity. */
    public record DealSpec(PipelineDefinition pipeline, int openStageIndex, List<EvidenceType> evidence,
                           boolean complete, int closeInDays, int activities) {

        /** The deal, built through a transition service whose gate lets everything through. */
        public Opportunity build() {
            return build(evidence);
        }

        /** The same deal with other evidence, recorded in the given order. */
        public Opportunity build(List<EvidenceType> withEvidence) {
            TickingClock clock = new TickingClock(START);
            TransitionService service = new TransitionService(request -> GateDecision.allowed("testkit-generation"),
                    clock);
            LocalDate today = LocalDate.ofInstant(START, ZoneOffset.UTC);
            OpportunityDetails.Builder details = OpportunityDetails.builder()
                    .account("Generated Account").owner(REP.id())
                    .value(DealValue.of(Money.of(BigDecimal.valueOf(25_000L + 1_000L * closeInDays), Money.currency("EUR")),
                            ValueKind.ACV))
                    .expectedCloseDate(today.plusDays(closeInDays));
            if (complete) {
                details.primaryContact("Generated Contact")
                        .stakeholders(Stakeholder.of("Generated Buyer", StakeholderRole.ECONOMIC_BUYER),
                                Stakeholder.of("Generated Champion", StakeholderRole.CHAMPION))
                        .products("Generated Product").competitors("Generated Rival")
                        .source("generated").segment("enterprise").region("apac").channel("direct")
                        .nextStep(NextStep.of("Generated next step", today.plusDays(7)));
            }
            Opportunity deal = service.open(OpportunityId.of("gen-" + openStageIndex + "-" + withEvidence.size()),
                    pipeline, details.build(), REP);
            Stage target = pipeline.openStages().get(openStageIndex);
            if (!target.id().equals(deal.stageId())) {
                deal = service.overrideGate(deal, target.id(), MANAGER, "placed by the test kit generator");
            }
            for (int index = 0; index < activities; index++) {
                deal = service.logActivity(deal, new Activity(ActivityType.values()[index % 3],
                        ActivityDirection.FROM_BUYER, clock.instant(), REP, "generated touchpoint " + index));
            }
            for (EvidenceType type : withEvidence) {
                deal = service.recordEvidence(deal, NewEvidence.of(type, EvidenceSource.MEETING_NOTES), REP);
            }
            return deal;
        }
    }

    /** Deal specifications: any open stage, any evidence subset and order, complete or not. */
    public Gen<DealSpec> deals() {
        int stages = pipeline.openStages().size();
        Gen<List<EvidenceType>> evidence = lists().of(integers().between(0, evidenceTypes.size() - 1)
                .map(evidenceTypes::get)).ofSizeBetween(0, evidenceTypes.size() * 2);
        return integers().between(0, stages - 1).zip(evidence, booleans().all(), integers().between(1, 200),
                integers().between(0, 4),
                (stage, types, complete, closeIn, activities) -> new DealSpec(pipeline, stage, types, complete,
                        closeIn, activities));
    }

    /** A clock that moves one minute every time it is read, so every event has its own time. */
    private static final class TickingClock extends Clock {
        private Instant now;

        TickingClock(Instant start) {
            this.now = start;
        }

        @Override
        public Instant instant() {
            now = now.plus(Duration.ofMinutes(1));
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException("always UTC");
        }
    }

    /** Every evidence type in {@code types} but not in {@code without}, in the order of {@code types}. */
}
