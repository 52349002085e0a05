package dev.salespipeline.testkit;

import dev.salespipeline.core.evidence.EvidenceType;
import dev.salespipeline.core.evidence.EvidenceTypes;
import dev.salespipeline.core.gate.ExitCriterion;
import dev.salespipeline.core.gate.RequiredEvidenceGateEvaluator;
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
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.pipeline.PipelineDefinition;
import dev.salespipeline.core.pipeline.Stage;
import dev.salespipeline.core.transition.TransitionService;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic, seedable portfolio of realistic deals over the 18 months before an instant: two
 * product lines (an enterprise line on the evidence-based pipeline, an SMB line on the classic one),
 * deals in EUR and in IDR, full histories with evidence, stakeholders and activities, and the
 * trouble a real pipeline has — losses with reasons, disqualifications, nurturing, regressions after
 * a setback, slipped close dates, stalled deals, ghosting buyers, and deals blocked at a gate by
 * missing evidence. Every change goes through the transition service, so every history is one the
 * library accepts. docs/getting-started.md describes what it generates.
 */
public final class SamplePortfolio {

    private static final List<String> REPS = List.of("ana", "budi", "citra", "dewi", "eko", "fajar");
    private static final List<String> LOSS_REASONS = List.of("Budget uncertainty", "Chose a competitor",
            "Competing priorities", "Risk aversion", "No access to the decision maker", "Internal politics",
            "Analysis paralysis");
    private static final Duration HISTORY = Duration.ofDays(540);

    private SamplePortfolio() {
    }

    /** {@code size} deals generated from {@code seed}, as of {@code now}; the same arguments give the same deals. */
    public static List<Opportunity> generate(int size, long seed, Instant now) {
        if (size < 1 || size > 100_000) {
            throw new IllegalArgumentException("size must be between 1 and 100000, but was " + size);
        }
        SplittableRandom root = new SplittableRandom(seed);
        List<Opportunity> deals = new ArrayList<>(size);
        // The last two deals of a portfolio of ten or more are designed, so the rare alerts always show.
        int walked = size >= 10 ? size - 2 : size;
        for (int index = 0; index < walked; index++) {
            deals.add(new DealWalk(index, root.split(), now).walk());
        }
        if (walked < size) {
            deals.add(quietProposal(walked, now));
            deals.add(missingNextStep(walked + 1, now));
        }
        return deals;
    }

    /** In Proposal for 30 days, the buyer answering only by email: a stalled proposal. */
    private static Opportunity quietProposal(int index, Instant now) {
        Showcase showcase = Showcase.open(index, now, 60);
        MovingClock clock = showcase.clock();
        TransitionService service = showcase.service();
        Actor rep = showcase.rep();
        Opportunity deal = earn(service, clock, showcase.deal(), DefaultPipelines.DISCOVERY, now.minus(Duration.ofDays(50)), rep);
        deal = earn(service, clock, deal, DefaultPipelines.QUALIFICATION, now.minus(Duration.ofDays(30)), rep);
        for (int days : new int[] {25, 12, 4}) {
            Instant at = now.minus(Duration.ofDays(days));
            clock.moveTo(at);
            deal = service.logActivity(deal, new Activity(ActivityType.EMAIL, ActivityDirection.FROM_BUYER, at, rep,
                    "Still reviewing internally"));
        }
        return deal;
    }

    /** In Qualification, its next step done and no new one agreed: a required field missing. */
    private static Opportunity missingNextStep(int index, Instant now) {
        Showcase showcase = Showcase.open(index, now, 12);
        MovingClock clock = showcase.clock();
        TransitionService service = showcase.service();
        Actor rep = showcase.rep();
        Opportunity deal = earn(service, clock, showcase.deal(), DefaultPipelines.DISCOVERY, now.minus(Duration.ofDays(5)), rep);
        clock.moveTo(now.minus(Duration.ofDays(1)));
        deal = service.logActivity(deal, new Activity(ActivityType.MEETING, ActivityDirection.FROM_BUYER, clock.instant(),
                rep, "Requirements workshop"));
        return service.changeDetails(deal, deal.details().toBuilder().nextStep(null).build(), rep,
                "Next step done; none agreed yet");
    }

    /** A designed deal opened {@code daysAgo} on its own clock, ready to be walked further. */
    private record Showcase(MovingClock clock, TransitionService service, Actor rep, Opportunity deal) {

        static Showcase open(int index, Instant now, int daysAgo) {
            MovingClock clock = new MovingClock(now.minus(Duration.ofDays(daysAgo)));
            TransitionService service = new TransitionService(RequiredEvidenceGateEvaluator.defaults(), clock);
            Actor rep = Actor.of("rep-" + REPS.get(index % REPS.size()));
            Opportunity deal = service.open(OpportunityId.of("D-" + (10_000 + index)), DefaultPipelines.evidenceBased(),
                    showcaseDetails(index, now, rep), rep);
            return new Showcase(clock, service, rep, deal);
        }
    }

    private static OpportunityDetails showcaseDetails(int index, Instant now, Actor rep) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return OpportunityDetails.builder().account("Account " + (1000 + index)).owner(rep.id())
                .value(DealValue.of(Money.of(BigDecimal.valueOf(90_000 + 1_000L * index), Money.currency("EUR")),
                        ValueKind.ACV))
                .expectedCloseDate(today.plusDays(45)).primaryContact("Contact " + index)
                .stakeholders(Stakeholder.of("Buyer " + index, StakeholderRole.ECONOMIC_BUYER))
                .products("Pipeline Analytics").segment("mid-market").region("emea").channel("direct").source("inbound")
                .nextStep(NextStep.of("Follow up with the buyer", today.plusDays(5))).build();
    }

    /** Records the stage's exit evidence and advances out of it at {@code at}. */
    private static Opportunity earn(TransitionService service, MovingClock clock, Opportunity deal,
                                    dev.salespipeline.core.pipeline.StageId stage, Instant at, Actor rep) {
        clock.moveTo(at);
        Opportunity earned = deal;
        for (ExitCriterion criterion : RequiredEvidenceGateEvaluator.defaults().exitCriteria(deal.pipeline().id(), stage)) {
            earned = service.recordEvidence(earned, NewEvidence.of(criterion.satisfiedBy().iterator().next(),
                    EvidenceSource.MEETING_NOTES), rep);
        }
        Stage next = deal.pipeline().nextOnTrack(stage);
        return service.advance(earned, next.id(), rep).opportunity();
    }

    /** One deal's life, step by step, on its own clock. */
    private static final class DealWalk {

        private static final RequiredEvidenceGateEvaluator GATES = RequiredEvidenceGateEvaluator.defaults();

        private final SplittableRandom random;
        private final Instant now;
        private final MovingClock clock;
        private final TransitionService service;
        private final PipelineDefinition pipeline;
        private final Actor rep;
        private final boolean enterprise;
        private final boolean ghosting;
        private final int index;
        private Opportunity deal;

        DealWalk(int index, SplittableRandom random, Instant now) {
            this.index = index;
            this.random = random;
            this.now = now;
            this.clock = new MovingClock(now.minus(Duration.ofMinutes((long) (random.nextDouble() * HISTORY.toMinutes()))));
            this.service = new TransitionService(GATES, clock);
            this.enterprise = random.nextDouble() < 0.65;
            this.pipeline = enterprise ? DefaultPipelines.evidenceBased() : DefaultPipelines.classic();
            this.rep = Actor.of("rep-" + REPS.get(random.nextInt(REPS.size())));
            this.ghosting = random.nextDouble() < 0.08;
        }

        Opportunity walk() {
            deal = service.open(OpportunityId.of("D-" + (10_000 + index)), pipeline, details(), rep);
            for (Stage stage : pipeline.openStages()) {
                double stall = random.nextDouble() < 0.12 ? 3.0 : 1.0;
                Instant leave = clock.instant().plus(scaled(stage.expectedDuration(), stall));
                touchpoints(leave, stage);
                if (!leave.isBefore(now)) {
                    recordSomeEvidence(stage);
                    return deal;
                }
                clock.moveTo(leave);
                double fate = random.nextDouble();
                int position = pipeline.trackPosition(stage.id());
                if (fate < 0.06 && position <= 1) {
                    return service.disqualify(deal, rep, "They will not buy anything from anyone");
                }
                if (fate < 0.10 && position == 0) {
                    deal = service.moveToNurture(deal, rep, "Timeline moved to next year");
                    return deal;
                }
                if (fate < 0.24) {
                    return service.lose(deal, rep, LOSS_REASONS.get(random.nextInt(LOSS_REASONS.size())));
                }
                if (fate < 0.30 && position >= 2) {
                    deal = service.recordEvidence(deal, NewEvidence.of(EvidenceTypes.CHAMPION_LEFT, EvidenceSource.EMAIL), rep);
                    deal = service.regress(deal, pipeline.firstOpenStage().id(), rep, "The champion left");
                    return deal;
                }
                if (random.nextDouble() < 0.35) {
                    clock.advance(Duration.ofHours(1));
                    deal = service.changeDetails(deal, deal.details().toBuilder()
                            .expectedCloseDate(deal.details().expectedCloseDate().plusDays(30)).build(), rep,
                            "Buyer moved signing by a month");
                }
                recordExitEvidence(stage);
                clock.advance(Duration.ofHours(2));
                Stage next = pipeline.nextOnTrack(stage.id());
                deal = service.advance(deal, next.id(), rep).opportunity();
                if (!deal.stageId().equals(next.id())) {
                    return deal;
                }
            }
            return deal;
        }

        private OpportunityDetails details() {
            boolean apac = random.nextDouble() < 0.2;
            long euros = enterprise ? 15_000 + random.nextInt(385_000) : 2_000 + random.nextInt(13_000);
            Money value = apac ? Money.of(BigDecimal.valueOf(euros * 17_000), Money.currency("IDR"))
                    : Money.of(BigDecimal.valueOf(euros), Money.currency("EUR"));
            LocalDate created = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
            long cycle = pipeline.openStages().stream().mapToLong(stage -> stage.expectedDuration().toDays()).sum();
            return OpportunityDetails.builder()
                    .account((apac ? "PT " : "") + "Account " + (1000 + index))
                    .owner(rep.id())
                    .value(DealValue.of(value, enterprise ? ValueKind.ACV : ValueKind.TCV))
                    .expectedCloseDate(created.plusDays((long) (cycle * (0.8 + random.nextDouble() * 0.6))))
                    .primaryContact("Contact " + index)
                    .stakeholders(Stakeholder.of("Buyer " + index, StakeholderRole.ECONOMIC_BUYER),
                            Stakeholder.of("Champion " + index, StakeholderRole.CHAMPION))
                    .products(enterprise ? "Pipeline Analytics" : "Pipeline Starter")
                    .segment(enterprise ? (euros > 100_000 ? "enterprise" : "mid-market") : "smb")
                    .region(apac ? "apac" : "emea")
                    .channel(random.nextDouble() < 0.25 ? "partner" : "direct")
                    .source(random.nextDouble() < 0.5 ? "inbound" : "outbound")
                    .nextStep(NextStep.of("Follow up with the buyer", created.plusDays(7 + random.nextInt(60))))
                    .build();
        }

        private Duration scaled(Duration expected, double stall) {
            double factor = Math.exp(random.nextGaussian() * 0.45) * stall;
            return Duration.ofMinutes(Math.max(60, (long) (expected.toMinutes() * factor)));
        }

        /**
         * One to four touchpoints before {@code until} (or now); a ghosting buyer stops answering, and
         * some proposals are only ever discussed by email.
         */
        private void touchpoints(Instant until, Stage stage) {
            boolean emailOnly = stage.id().value().equals("proposal") && random.nextDouble() < 0.6;
            Instant end = until.isBefore(now) ? until : now;
            int count = 1 + random.nextInt(4);
            for (int touch = 0; touch < count; touch++) {
                Instant at = clock.instant().plus(Duration.between(clock.instant(), end).multipliedBy(touch + 1)
                        .dividedBy(count + 1));
                if (!at.isAfter(clock.instant())) {
                    continue;
                }
                boolean quiet = ghosting && Duration.between(at, now).toDays() < 30;
                ActivityDirection direction = quiet || random.nextBoolean() ? ActivityDirection.TO_BUYER
                        : ActivityDirection.FROM_BUYER;
                ActivityType type = emailOnly ? ActivityType.EMAIL
                        : List.of(ActivityType.CALL, ActivityType.EMAIL, ActivityType.MEETING).get(random.nextInt(3));
                clock.moveTo(at);
                deal = service.logActivity(deal, new Activity(type, direction, at, rep, "touchpoint " + touch));
            }
        }

        private void recordExitEvidence(Stage stage) {
            for (ExitCriterion criterion : GATES.exitCriteria(pipeline.id(), stage.id())) {
                EvidenceType type = criterion.satisfiedBy().iterator().next();
                if (!deal.hasEvidence(type)) {
                    clock.advance(Duration.ofMinutes(5));
                    deal = service.recordEvidence(deal, NewEvidence.of(type, EvidenceSource.MEETING_NOTES), rep);
                }
            }
        }

        /**
         * An open deal has some of its stage's evidence: the rest is what blocks it at the gate. Some
         * also carry a fresh setback the rules should act on.
         */
        private void recordSomeEvidence(Stage stage) {
            double setback = random.nextDouble();
            int position = pipeline.trackPosition(stage.id());
            EvidenceType signal = setback < 0.08 && position >= 2 ? EvidenceTypes.DECISION_MAKER_PUSHBACK
                    : setback < 0.14 && position >= 1 ? EvidenceTypes.REQUIREMENTS_CHANGED
                    : setback < 0.18 ? EvidenceTypes.CANNOT_AFFORD : null;
            if (signal != null && clock.instant().plus(Duration.ofMinutes(5)).isBefore(now)) {
                clock.advance(Duration.ofMinutes(5));
                deal = service.recordEvidence(deal, NewEvidence.of(signal, EvidenceSource.EMAIL), rep);
            }
            if (random.nextDouble() < 0.15 && clock.instant().plus(Duration.ofMinutes(5)).isBefore(now)) {
                clock.advance(Duration.ofMinutes(5));
                deal = service.changeDetails(deal, deal.details().toBuilder().nextStep(null).build(), rep,
                        "Next step done; none agreed yet");
            }
            for (ExitCriterion criterion : GATES.exitCriteria(pipeline.id(), stage.id())) {
                if (random.nextDouble() < 0.6 && clock.instant().plus(Duration.ofMinutes(5)).isBefore(now)) {
                    clock.advance(Duration.ofMinutes(5));
                    deal = service.recordEvidence(deal, NewEvidence.of(criterion.satisfiedBy().iterator().next(),
                            EvidenceSource.EMAIL), rep);
                }
            }
        }
    }

    /** A clock a generated deal moves forward by hand. */
    private static final class MovingClock extends Clock {
        private Instant now;

        MovingClock(Instant start) {
            this.now = start;
        }

        void moveTo(Instant instant) {
            if (instant.isAfter(now)) {
                now = instant;
            }
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("always UTC");
        }
    }
}
