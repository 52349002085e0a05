package dev.salespipeline.benchmarks;

import dev.salespipeline.core.evidence.EvidenceType;
import dev.salespipeline.core.evidence.EvidenceTypes;
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
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityDetails;
import dev.salespipeline.core.opportunity.OpportunityEvent;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.opportunity.StageMove;
import dev.salespipeline.core.opportunity.ValueKind;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.pipeline.PipelineDefinition;
import dev.salespipeline.core.pipeline.Stage;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Portfolios of 100k and 1M deals for the analytics at scale. The demo's generator walks every deal
 * through the transition service and the rules (about 1.5 ms a deal); this one writes each deal's
 * history directly — created, an activity, a pushed close date, an advance, and for half of them a win
 * or a loss, 4.5 events on average, plus {@code evidenceEach} pieces of evidence recorded in Discovery
 * for the sweeps — and folds it with {@link Opportunity#restore}, which checks it as any history.
 * Deterministic for a seed.
 */
final class SyntheticPortfolio {

    private static final PipelineDefinition PIPELINE = DefaultPipelines.evidenceBased();
    private static final List<EvidenceType> TYPES = EvidenceTypes.progression();
    private static final List<Stage> OPEN = PIPELINE.openStages();
    private static final Actor REP = Actor.of("rep");
    private static final String[] OWNERS = {"rep-a", "rep-b", "rep-c", "rep-d", "rep-e", "rep-f", "rep-g", "rep-h"};

    private SyntheticPortfolio() {
    }

    static List<Opportunity> generate(int deals, long seed, Instant now) {
        return generate(deals, seed, now, 0);
    }

    /** With {@code evidenceEach} pieces of evidence per deal, drawn from the default progression types. */
    static List<Opportunity> generate(int deals, long seed, Instant now, int evidenceEach) {
        List<Opportunity> portfolio = new ArrayList<>(deals);
        stream(deals, seed, now, evidenceEach).forEachRemaining(portfolio::add);
        return portfolio;
    }

    /**
     * The deals {@link #generate} gives, made one at a time as they are drawn, as a host would read
     * them from its storage: only the deal drawn last is held.
     */
    static Iterator<Opportunity> stream(int deals, long seed, Instant now, int evidenceEach) {
        SplittableRandom random = new SplittableRandom(seed);
        return new Iterator<>() {
            private int index;

            @Override
            public boolean hasNext() {
                return index < deals;
            }

            @Override
            public Opportunity next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return deal(index++, random, now, evidenceEach);
            }
        };
    }

    private static Opportunity deal(int index, SplittableRandom random, Instant now, int evidenceEach) {
        OpportunityId id = OpportunityId.of("s-" + index);
        Instant created = now.minus(Duration.ofHours(24L + random.nextInt(540 * 24)));
        long lifeHours = Duration.between(created, now).toHours();
        LocalDate close = LocalDate.ofInstant(created, ZoneOffset.UTC).plusDays(30 + random.nextInt(120));
        OpportunityDetails details = OpportunityDetails.builder().account("Account " + (index % 5000))
                .owner(OWNERS[index % OWNERS.length])
                .value(DealValue.of(Money.of(BigDecimal.valueOf(1_000 + random.nextInt(500_000)), Money.currency("EUR")),
                        ValueKind.ACV))
                .expectedCloseDate(close).build();
        List<OpportunityEvent> history = new ArrayList<>(6 + evidenceEach);
        history.add(new OpportunityEvent.Created(id, 1, created, REP, PIPELINE.id(), PIPELINE.firstOpenStage().id(),
                details));
        for (int piece = 0; piece < evidenceEach; piece++) {
            long sequence = history.size() + 1L;
            Instant recorded = created.plus(Duration.ofMinutes(piece + 1L));
            history.add(new OpportunityEvent.EvidenceRecorded(id, sequence, recorded, REP, new Evidence(
                    EvidenceId.of("ev-" + sequence), TYPES.get(random.nextInt(TYPES.size())), recorded, REP,
                    EvidenceSource.MEETING_NOTES, "", "")));
        }
        Instant at = created.plus(Duration.ofHours(1 + random.nextLong(Math.max(1, lifeHours / 4))));
        history.add(new OpportunityEvent.ActivityLogged(id, history.size() + 1L, at, REP,
                new Activity(ActivityType.CALL, ActivityDirection.FROM_BUYER, at, REP, "")));
        at = at.plus(Duration.ofHours(1 + random.nextLong(Math.max(1, lifeHours / 4))));
        history.add(new OpportunityEvent.DetailsChanged(id, history.size() + 1L, at, REP,
                details.toBuilder().expectedCloseDate(close.plusDays(14)).build(), "buyer asked for two weeks"));
        Stage reached = OPEN.get(1 + random.nextInt(OPEN.size() - 1));
        at = at.plus(Duration.ofHours(1 + random.nextLong(Math.max(1, lifeHours / 4))));
        history.add(new OpportunityEvent.StageChanged(id, history.size() + 1L, at, REP, StageMove.ADVANCE,
                PIPELINE.firstOpenStage().id(), reached.id(), "", GateRecord.passed("synthetic")));
        int outcome = random.nextInt(10);
        if (outcome < 5) {
            at = at.plus(Duration.ofHours(1 + random.nextLong(Math.max(1, lifeHours / 4))));
            boolean won = outcome < 3;
            history.add(new OpportunityEvent.StageChanged(id, history.size() + 1L, at, REP,
                    won ? StageMove.WIN : StageMove.LOSE,
                    reached.id(), won ? PIPELINE.wonStage().id() : PIPELINE.lostStage().orElseThrow().id(),
                    won ? "" : "chose a competitor", won ? GateRecord.passed("synthetic") : GateRecord.notRequired()));
        }
        return Opportunity.restore(PIPELINE, history);
    }
}
