package dev.salespipeline.core.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.salespipeline.core.events.PipelineEvent;
import dev.salespipeline.core.events.PipelineEvents;
import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.testing.Deals;
import dev.salespipeline.core.testing.TestClock;
import dev.salespipeline.core.transition.OpportunityStore;
import dev.salespipeline.core.transition.TransitionService;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * Over random orgs whose teams change, random deals that are reassigned, and random dates: an as-of view
 * holds exactly the deals that existed then and whose owner then was in the viewer's scope on that day,
 * and a consumer filtering the event stream with {@link Scope} receives exactly the events in scope when
 * they occurred. The expectation is computed from the generated plan, not from the library.
 */
class AsOfScopingPropertiesTest {

    private static final int REPS = 6;
    private static final String[] MANAGERS = {"m0", "m1", "m2"};
    private static final String LEADER = "vp";

    /** A rep's manager before and from a day on. */
    private record Career(int managerBefore, int managerAfter, int switchDay) {
        int managerOn(int day) {
            return day < switchDay ? managerBefore : managerAfter;
        }
    }

    /** A deal created on a day by an owner, reassigned on a later day to another (or never, when equal). */
    private record DealPlan(String id, int createdDay, int owner, int reassignDay, int newOwner) {
        String ownerOn(int day) {
            return day >= reassignDay && newOwner != owner ? person(newOwner) : person(owner);
        }
    }

    private static String person(int index) {
        return index < REPS ? "r" + index : MANAGERS[index - REPS];
    }

    private static Instant dayStart(int day) {
        return TestClock.START.plus(Duration.ofDays(day));
    }

    private static int dayOf(Instant instant) {
        return (int) Duration.between(LocalDate.ofInstant(TestClock.START, ZoneOffset.UTC).atStartOfDay()
                .toInstant(ZoneOffset.UTC), instant).toDays();
    }

    private static OrgStructure org(List<Career> careers) {
        return new OrgStructure() {
            @Override
            public Set<String> team(String managerId) {
                return team(managerId, LocalDate.of(2100, 1, 1));
            }

            @Override
            public Set<String> organisation(String leaderId) {
                return organisation(leaderId, LocalDate.of(2100, 1, 1));
            }

            @Override
            public Set<String> team(String managerId, LocalDate on) {
                int day = dayOf(on.atStartOfDay().toInstant(ZoneOffset.UTC));
                Set<String> team = new HashSet<>();
                for (int rep = 0; rep < REPS; rep++) {
                    if (MANAGERS[careers.get(rep).managerOn(day)].equals(managerId)) {
                        team.add("r" + rep);
                    }
                }
                return team;
            }

            @Override
            public Set<String> organisation(String leaderId, LocalDate on) {
                // The leader's organisation: m0's and m1's teams on that day, and the two managers.
                Set<String> organisation = new HashSet<>(Set.of("m0", "m1"));
                organisation.addAll(team("m0", on));
                organisation.addAll(team("m1", on));
                return organisation;
            }
        };
    }

    /** Whether the viewer had a deal owned by {@code owner} in scope on {@code day}, from the plan alone. */
    private static boolean inScope(Viewer viewer, List<Career> careers, String owner, int day) {
        if (viewer.role() == Viewer.Role.EXECUTIVE || viewer.id().equals(owner)) {
            return true;
        }
        boolean rep = owner.startsWith("r");
        int managerOfOwner = rep ? careers.get(Integer.parseInt(owner.substring(1))).managerOn(day) : -1;
        return switch (viewer.role()) {
            case REP, EXECUTIVE -> false;
            case MANAGER -> rep && MANAGERS[managerOfOwner].equals(viewer.id());
            case LEADER -> owner.equals("m0") || owner.equals("m1") || (rep && managerOfOwner <= 1);
        };
    }

    private static Viewer viewer(int pick) {
        return switch (pick % 4) {
            case 0 -> Viewer.rep("r" + (pick / 4) % REPS);
            case 1 -> Viewer.manager(MANAGERS[(pick / 4) % MANAGERS.length]);
            case 2 -> Viewer.leader(LEADER);
            default -> Viewer.executive("ceo");
        };
    }

    private static List<Career> careers(List<Integer> numbers) {
        List<Career> careers = new ArrayList<>();
        for (int rep = 0; rep < REPS; rep++) {
            careers.add(new Career(numbers.get(3 * rep) % 3, numbers.get(3 * rep + 1) % 3, numbers.get(3 * rep + 2) % 30));
        }
        return careers;
    }

    private static List<DealPlan> plans(List<Integer> numbers) {
        List<DealPlan> plans = new ArrayList<>();
        for (int index = 0; index + 3 < numbers.size(); index += 4) {
            int created = numbers.get(index) % 20;
            plans.add(new DealPlan("d" + plans.size(), created, numbers.get(index + 1) % (REPS + MANAGERS.length),
                    created + 1 + numbers.get(index + 2) % 15, numbers.get(index + 3) % (REPS + MANAGERS.length)));
        }
        return plans;
    }

    @Test
    void anAsOfViewAndAScopedEventStreamHoldExactlyWhatWasInScopeAtTheTime() {
        qt().withExamples(200)
                .forAll(lists().of(integers().between(0, 1_000)).ofSize(3 * REPS),
                        lists().of(integers().between(0, 1_000)).ofSizeBetween(0, 48),
                        integers().between(0, 39), integers().between(0, 63))
                .checkAssert((careerNumbers, dealNumbers, asOfDay, viewerPick) -> {
                    List<Career> careers = careers(careerNumbers);
                    List<DealPlan> plans = plans(dealNumbers);
                    Viewer viewer = viewer(viewerPick);
                    OrgStructure org = org(careers);

                    TestClock clock = new TestClock();
                    TransitionService service = new TransitionService(request -> GateDecision.allowed("test"), clock);
                    PipelineEvents events = new PipelineEvents();
                    Scope scope = Scope.of(viewer, org);
                    List<PipelineEvent> received = new ArrayList<>();
                    events.register(event -> {
                        if (scope.admits(event)) {
                            received.add(event);
                        }
                    });
                    OpportunityStore store = new OpportunityStore(events);
                    List<String> expectedEvents = new ArrayList<>();
                    for (DealPlan plan : plans) {
                        clock.set(dayStart(plan.createdDay()).plus(Duration.ofHours(1)));
                        store.add(service.open(OpportunityId.of(plan.id()), DefaultPipelines.evidenceBased(),
                                Deals.completeDetails().toBuilder().owner(person(plan.owner())).build(), Deals.REP));
                        if (inScope(viewer, careers, person(plan.owner()), plan.createdDay())) {
                            expectedEvents.add(plan.id() + "#1");
                        }
                        if (plan.newOwner() != plan.owner()) {
                            clock.set(dayStart(plan.reassignDay()).plus(Duration.ofHours(2)));
                            store.update(OpportunityId.of(plan.id()), deal -> service.changeDetails(deal,
                                    deal.details().toBuilder().owner(person(plan.newOwner())).build(), Deals.REP,
                                    "territory change"));
                            if (inScope(viewer, careers, person(plan.newOwner()), plan.reassignDay())) {
                                expectedEvents.add(plan.id() + "#2");
                            }
                        }
                    }
                    Instant asOf = dayStart(asOfDay).plus(Duration.ofHours(12));

                    PipelineView view = PipelineView.asOf(viewer, org, store.all(), asOf);

                    Set<String> expectedDeals = new HashSet<>();
                    for (DealPlan plan : plans) {
                        if (plan.createdDay() <= asOfDay && inScope(viewer, careers, plan.ownerOn(asOfDay), asOfDay)) {
                            expectedDeals.add(plan.id());
                        }
                    }
                    assertThat(view.deals()).extracting(deal -> deal.id().value())
                            .containsExactlyInAnyOrderElementsOf(expectedDeals);
                    for (Opportunity seen : view.deals()) {
                        assertThat(seen).isEqualTo(store.get(seen.id()).asOf(asOf).orElseThrow());
                    }
                    assertThat(view.metrics(asOf).dealCount()).isEqualTo(expectedDeals.size());
                    assertThat(received).extracting(event -> event.opportunityId().value() + "#"
                            + ((PipelineEvent.Changed) event).event().sequence())
                            .containsExactlyInAnyOrderElementsOf(expectedEvents);
                });
    }

    @Test
    void aReassignedDealsPastStaysWithItsPastOwnerAndARepsPastWithHisPastManager() {
        TestClock clock = new TestClock();
        TransitionService service = new TransitionService(request -> GateDecision.allowed("test"), clock);
        // r0 worked for m0 until day 10, then for m1; his deal went to r1 (m1's) on day 5.
        List<Career> careers = List.of(new Career(0, 1, 10), new Career(1, 1, 0), new Career(2, 2, 0),
                new Career(2, 2, 0), new Career(2, 2, 0), new Career(2, 2, 0));
        OrgStructure org = org(careers);
        Opportunity kept = service.open(OpportunityId.of("kept"), DefaultPipelines.evidenceBased(),
                Deals.completeDetails().toBuilder().owner("r0").build(), Deals.REP);
        Opportunity handedOver = service.open(OpportunityId.of("handed-over"), DefaultPipelines.evidenceBased(),
                Deals.completeDetails().toBuilder().owner("r0").build(), Deals.REP);
        clock.set(dayStart(5));
        handedOver = service.changeDetails(handedOver, handedOver.details().toBuilder().owner("r1").build(), Deals.REP,
                "territory change");
        List<Opportunity> portfolio = List.of(kept, handedOver);

        assertThat(PipelineView.asOf(Viewer.manager("m0"), org, portfolio, dayStart(3)).deals())
                .extracting(deal -> deal.id().value()).containsExactly("kept", "handed-over");
        assertThat(PipelineView.asOf(Viewer.manager("m0"), org, portfolio, dayStart(7)).deals())
                .extracting(deal -> deal.id().value()).containsExactly("kept");
        assertThat(PipelineView.asOf(Viewer.manager("m0"), org, portfolio, dayStart(12)).deals()).isEmpty();
        assertThat(PipelineView.asOf(Viewer.manager("m1"), org, portfolio, dayStart(12)).deals())
                .extracting(deal -> deal.id().value()).containsExactly("kept", "handed-over");
        assertThat(PipelineView.asOf(Viewer.rep("r1"), org, portfolio, dayStart(3)).deals()).isEmpty();
    }

    @Test
    void aPortfolioWithAnIdTwiceAndAViewerClaimingARoleTheOrgDeniesAreRefused() {
        TransitionService service = new TransitionService(request -> GateDecision.allowed("test"), new TestClock());
        Opportunity deal = service.open(OpportunityId.of("d1"), DefaultPipelines.evidenceBased(),
                Deals.completeDetails().toBuilder().owner("r0").build(), Deals.REP);
        OrgStructure strict = new OrgStructure() {
            @Override
            public Set<String> team(String managerId) {
                return Set.of();
            }

            @Override
            public Set<String> organisation(String leaderId) {
                return Set.of();
            }

            @Override
            public boolean holds(String userId, Viewer.Role role) {
                return role == Viewer.Role.REP || userId.equals("ceo");
            }
        };

        assertThatThrownBy(() -> PipelineView.of(Viewer.rep("r0"), strict, List.of(deal, deal)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("portfolio holds opportunity 'd1' twice; a view needs each deal once");
        assertThatThrownBy(() -> PipelineView.of(Viewer.executive("r0"), strict, List.of(deal)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("viewer 'r0' does not hold the role EXECUTIVE in the org structure; build the viewer"
                        + " from the user the host authenticated");
        assertThat(PipelineView.of(Viewer.executive("ceo"), strict, List.of(deal)).deals()).containsExactly(deal);
        assertThatThrownBy(() -> Scope.of(Viewer.manager("r0"), strict)).isInstanceOf(IllegalArgumentException.class);
    }
}
