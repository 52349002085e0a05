package dev.salespipeline.core.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.salespipeline.core.forecast.Forecast;
import dev.salespipeline.core.forecast.ForecastLine;
import dev.salespipeline.core.forecast.ForecastRules;
import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.metrics.PipelineMetrics;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.pipeline.PipelineDefinition;
import dev.salespipeline.core.testing.Deals;
import dev.salespipeline.core.testing.TestClock;
import dev.salespipeline.core.transition.TransitionService;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * Over random org structures and portfolios: a view never carries a deal from outside its scope,
 * through any of its queries — a rep sees only their own deals, a manager only their team's and their own.
 */
class ViewScopingPropertiesTest {

    private static final String[] PEOPLE = {"r0", "r1", "r2", "r3", "r4", "r5", "m0", "m1", "m2"};
    private static final Instant AS_OF = TestClock.START.plusSeconds(86_400);
    private final TestClock clock = new TestClock();
    private final TransitionService permissive = new TransitionService(request -> GateDecision.allowed("test"), clock);

    /** Manager m{i} manages the reps whose index, taken from {@code teamOf}, is i. */
    private static OrgStructure org(List<Integer> teamOf) {
        Map<String, Set<String>> teams = new HashMap<>();
        for (int rep = 0; rep < 6; rep++) {
            teams.computeIfAbsent("m" + teamOf.get(rep), key -> new HashSet<>()).add("r" + rep);
        }
        return new OrgStructure() {
            @Override
            public Set<String> team(String managerId) {
                return teams.getOrDefault(managerId, Set.of());
            }

            @Override
            public Set<String> organisation(String leaderId) {
                return Set.of(PEOPLE);
            }
        };
    }

    private List<Opportunity> portfolio(List<Integer> owners) {
        List<Opportunity> deals = new ArrayList<>();
        for (int index = 0; index < owners.size(); index++) {
            PipelineDefinition pipeline = index % 3 == 0 ? DefaultPipelines.classic() : DefaultPipelines.evidenceBased();
            Opportunity deal = permissive.open(OpportunityId.of("d" + index), pipeline,
                    Deals.completeDetails().toBuilder().owner(PEOPLE[owners.get(index)]).build(), Deals.REP);
            deals.add(index % 4 == 1 ? permissive.lose(deal, Deals.REP, "no budget") : deal);
        }
        return deals;
    }

    private static void onlyWithin(PipelineView view, List<Opportunity> portfolio, Set<String> owners) {
        List<Opportunity> expected = portfolio.stream().filter(deal -> owners.contains(deal.details().owner())).toList();
        assertThat(view.deals()).containsExactlyElementsOf(expected);
        List<OpportunityId> allIds = portfolio.stream().map(Opportunity::id).toList();
        assertThat(view.only(allIds, id -> id)).containsExactlyElementsOf(expected.stream().map(Opportunity::id).toList());
        PipelineMetrics metrics = view.metrics(AS_OF);
        assertThat(metrics.dealCount()).isEqualTo(expected.size());
        assertThat(view.metricsByPipeline(AS_OF).values().stream().mapToInt(PipelineMetrics::dealCount).sum())
                .isEqualTo(expected.size());
        LocalDate today = LocalDate.of(2026, 1, 5);
        Forecast forecast = view.forecast(today, today.plusYears(1), AS_OF, deal -> deal.stage().defaultWinProbability(),
                ForecastRules.defaults(), BigDecimal.ZERO);
        assertThat(forecast.lines()).map(ForecastLine::opportunityId).allMatch(view::canSee);
        for (Opportunity deal : portfolio) {
            assertThat(view.canSee(deal.id())).isEqualTo(owners.contains(deal.details().owner()));
        }
    }

    @Test
    void aRepSeesOnlyTheirOwnDealsThroughEveryQuery() {
        qt().withExamples(150)
                .forAll(lists().of(integers().between(0, 2)).ofSize(6), lists().of(integers().between(0, PEOPLE.length - 1))
                        .ofSizeBetween(0, 30), integers().between(0, 5))
                .checkAssert((teamOf, owners, rep) -> {
                    List<Opportunity> portfolio = portfolio(owners);
                    PipelineView view = PipelineView.of(Viewer.rep("r" + rep), org(teamOf), portfolio);
                    onlyWithin(view, portfolio, Set.of("r" + rep));
                });
    }

    @Test
    void aManagerSeesTheirTeamsDealsAndTheirOwnAndNoOtherTeams() {
        qt().withExamples(150)
                .forAll(lists().of(integers().between(0, 2)).ofSize(6), lists().of(integers().between(0, PEOPLE.length - 1))
                        .ofSizeBetween(0, 30), integers().between(0, 2))
                .checkAssert((teamOf, owners, manager) -> {
                    List<Opportunity> portfolio = portfolio(owners);
                    OrgStructure org = org(teamOf);
                    Set<String> scope = new HashSet<>(org.team("m" + manager));
                    scope.add("m" + manager);
                    onlyWithin(PipelineView.of(Viewer.manager("m" + manager), org, portfolio), portfolio, scope);
                });
    }

    @Test
    void aLeaderSeesTheOrganisationAndAnExecutiveEverything() {
        List<Opportunity> portfolio = portfolio(List.of(0, 6, 8, 3));
        OrgStructure org = org(List.of(0, 0, 1, 1, 2, 2));
        OrgStructure smallOrg = new OrgStructure() {
            @Override
            public Set<String> team(String managerId) {
                return Set.of();
            }

            @Override
            public Set<String> organisation(String leaderId) {
                return Set.of("r0", "m0");
            }
        };
        assertThat(PipelineView.of(Viewer.executive("ceo"), org, portfolio).deals()).isEqualTo(portfolio);
        onlyWithin(PipelineView.of(Viewer.leader("vp"), smallOrg, portfolio), portfolio, Set.of("r0", "m0", "vp"));
    }
}
