package dev.salespipeline.core.anomaly;

import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.money.Money;
import dev.salespipeline.core.opportunity.Actor;
import dev.salespipeline.core.opportunity.DealValue;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.opportunity.ValueKind;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.pipeline.PipelineDefinition;
import dev.salespipeline.core.pipeline.Stage;
import dev.salespipeline.core.testing.Deals;
import dev.salespipeline.core.testing.TestClock;
import dev.salespipeline.core.transition.TransitionService;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A generated portfolio whose process does not change over time: each week every rep opens a Poisson
 * number of deals; each deal spends a random time in each stage and then advances or is lost with fixed
 * odds; some close dates are pushed. Nothing in it is an anomaly unless one is injected, so what a
 * detector flags in it is a false alarm.
 */
final class SteadyPortfolio {

    /** What can be injected into one week. */
    enum Injection {
        NONE,
        /** Four times the usual new deals, for every rep. */
        INFLOW_SPIKE,
        /** Every deal leaving Proposal that week is lost. */
        PROPOSAL_COLLAPSE,
        /** Deals leaving Qualification that week had been held there four times as long. */
        QUALIFICATION_STALL,
        /** A third of the open deals have their close date pushed that week. */
        MASS_PUSH,
        /** One rep opens twenty deals that week. */
        REP_INFLATION
    }

    static final LocalDate FIRST_MONDAY = LocalDate.of(2025, 1, 6);
    static final int WEEKS = 40;
    static final String[] REPS = {"rep-0", "rep-1", "rep-2", "rep-3", "rep-4", "rep-5"};

    private static final double NEW_DEALS_PER_REP_WEEK = 3;
    private static final double ADVANCE_ODDS = 0.65;
    private static final double PUSH_ODDS = 0.2;

    private final Random random;
    /** Draws for what is injected, so that the rest of the portfolio is the same as without it. */
    private final Random extra;
    private final Injection injection;
    private final int injectedWeek;
    private final TestClock clock = new TestClock(FIRST_MONDAY.atStartOfDay().toInstant(ZoneOffset.UTC));
    private final TransitionService service = new TransitionService(request -> GateDecision.allowed("steady"), clock);
    private final PipelineDefinition pipeline = DefaultPipelines.evidenceBased();

    private SteadyPortfolio(long seed, Injection injection, int injectedWeek) {
        this.random = new Random(seed);
        this.extra = new Random(seed * 31 + 7);
        this.injection = injection;
        this.injectedWeek = injectedWeek;
    }

    static List<Opportunity> generate(long seed) {
        return new SteadyPortfolio(seed, Injection.NONE, -1).deals();
    }

    static List<Opportunity> generate(long seed, Injection injection, int week) {
        return new SteadyPortfolio(seed, injection, week).deals();
    }

    static LocalDate monday(int week) {
        return FIRST_MONDAY.plusWeeks(week);
    }

    private Instant at(int week, double dayInWeek) {
        return FIRST_MONDAY.atStartOfDay().toInstant(ZoneOffset.UTC).plus(Duration.ofDays(7L * week))
                .plus(Duration.ofMinutes((long) (dayInWeek * 24 * 60)));
    }

    private static int poisson(Random draws, double mean) {
        double limit = Math.exp(-mean);
        double product = draws.nextDouble();
        int count = 0;
        while (product > limit) {
            product *= draws.nextDouble();
            count++;
        }
        return count;
    }

    private List<Opportunity> deals() {
        List<Opportunity> deals = new ArrayList<>();
        for (int week = 0; week < WEEKS; week++) {
            for (String rep : REPS) {
                int count = poisson(random, NEW_DEALS_PER_REP_WEEK);
                for (int index = 0; index < count; index++) {
                    deals.add(life(OpportunityId.of("d" + deals.size()), rep, at(week, random.nextDouble() * 5), random));
                }
                int injected = 0;
                if (week == injectedWeek && injection == Injection.INFLOW_SPIKE) {
                    injected = poisson(extra, 3 * NEW_DEALS_PER_REP_WEEK);
                }
                if (week == injectedWeek && injection == Injection.REP_INFLATION && rep.equals("rep-0")) {
                    injected = 20;
                }
                for (int index = 0; index < injected; index++) {
                    deals.add(life(OpportunityId.of("x" + deals.size()), rep, at(week, extra.nextDouble() * 5), extra));
                }
            }
        }
        return deals;
    }

    /** One deal from its opening: stage by stage until won, lost or the end of the generated period. */
    private Opportunity life(OpportunityId id, String rep, Instant openedAt, Random random) {
        clock.set(openedAt);
        long amount = 5_000 + 1_000L * random.nextInt(46);
        Opportunity deal = service.open(id, pipeline, Deals.completeDetails().toBuilder().owner(rep)
                .value(DealValue.of(Money.of(BigDecimal.valueOf(amount).setScale(2).toPlainString(), "EUR"), ValueKind.TCV))
                .build(), Actor.of(rep));
        Instant now = openedAt;
        Instant end = at(WEEKS, 0);
        boolean pushed = false;
        while (deal.isOpen()) {
            Stage stage = deal.stage();
            double days = 4 + random.nextDouble() * 14;
            Instant leaving = now.plus(Duration.ofMinutes((long) (days * 24 * 60)));
            int leavingWeek = (int) (Duration.between(at(0, 0), leaving).toDays() / 7);
            if (injection == Injection.QUALIFICATION_STALL && stage.id().equals(DefaultPipelines.QUALIFICATION)
                    && leavingWeek >= injectedWeek - 3 && leavingWeek < injectedWeek) {
                // Held up: the deals that would have left in the three weeks before leave in the injected one.
                leaving = at(injectedWeek, 1 + (leavingWeek - injectedWeek + 3));
                leavingWeek = injectedWeek;
            }
            // Close dates pushed while in this stage: by chance, and by the injected week, in time order.
            java.util.TreeMap<Instant, Integer> pushes = new java.util.TreeMap<>();
            if (!pushed && random.nextDouble() < PUSH_ODDS) {
                pushed = true;
                pushes.put(now.plus(Duration.between(now, leaving).dividedBy(2)), 1);
            }
            Instant massPush = at(injectedWeek, 2.5);
            if (injection == Injection.MASS_PUSH && now.isBefore(massPush) && leaving.isAfter(massPush)
                    && Math.floorMod(id.value().hashCode(), 3) == 0) {
                pushes.put(massPush, 2);
            }
            for (var push : pushes.entrySet()) {
                if (push.getKey().isBefore(end)) {
                    clock.set(push.getKey());
                    deal = service.changeDetails(deal, deal.details().toBuilder()
                            .expectedCloseDate(deal.details().expectedCloseDate().plusMonths(push.getValue())).build(),
                            Actor.of(rep), "buyer asked");
                }
            }
            if (!leaving.isBefore(end)) {
                return deal;
            }
            clock.set(leaving);
            boolean collapse = leavingWeek == injectedWeek && injection == Injection.PROPOSAL_COLLAPSE
                    && stage.id().equals(DefaultPipelines.PROPOSAL);
            boolean advances = random.nextDouble() < ADVANCE_ODDS;
            if (advances && !collapse) {
                int next = pipeline.openStages().indexOf(stage) + 1;
                deal = next < pipeline.openStages().size()
                        ? service.advance(deal, pipeline.openStages().get(next).id(), Actor.of(rep)).opportunity()
                        : service.win(deal, Actor.of(rep)).opportunity();
            } else {
                deal = service.lose(deal, Actor.of(rep), "no decision");
            }
            now = leaving;
        }
        return deal;
    }
}
