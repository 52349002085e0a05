package dev.salespipeline.rules.impact;

import static dev.salespipeline.rules.testing.RulesFixtures.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.salespipeline.core.evidence.EvidenceType;
import dev.salespipeline.core.metrics.StageAverages;
import dev.salespipeline.core.money.Money;
import dev.salespipeline.core.opportunity.Actor;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.pipeline.StageId;
import dev.salespipeline.rules.RuleSources;
import dev.salespipeline.rules.impact.CriterionChange;
import dev.salespipeline.rules.impact.DecisionChange;
import dev.salespipeline.rules.impact.ImpactReport;
import dev.salespipeline.rules.impact.RuleImpact;
import dev.salespipeline.rules.outcome.Alert;
import dev.salespipeline.rules.testing.RulesFixtures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A candidate that adds the security review, adds an alert on large deals in Proposal and drops the
 * default regression triggers, against the defaults, on four deals of 120,000 EUR each.
 */
class RuleImpactTest {

    private static final List<EvidenceType> PROPOSAL_CRITERIA = List.of(
            EvidenceType.of("proposal-reviewed-with-decision-maker"), EvidenceType.of("pricing-feedback-received"),
            EvidenceType.of("scope-verbally-agreed"), EvidenceType.of("legal-review-started"));

    @TempDir
    Path candidate;

    private static Opportunity dealIn(String id, StageId stage, List<EvidenceType> evidence) {
        Opportunity deal = RulesFixtures.PLACER.open(OpportunityId.of(id), RulesFixtures.PIPELINE,
                RulesFixtures.completeDetails(), RulesFixtures.REP);
        if (!stage.equals(deal.stageId())) {
            deal = RulesFixtures.PLACER.overrideGate(deal, stage, Actor.of("manager"), "placed by the test");
        }
        return RulesFixtures.withEvidence(deal, evidence);
    }

    @Test
    void theReportListsFlippedDecisionsChangedAlertsAndRecommendationsAndTheirEffect() throws IOException {
        Files.writeString(candidate.resolve("security-review.drl"), RulesFixtures.HOST_HEADER + RulesFixtures.SECURITY_REVIEW_RULE);
        Files.writeString(candidate.resolve("large-deals.drl"), """
                package host.rules;

                import dev.salespipeline.rules.facts.AlertSweep;
                import dev.salespipeline.rules.facts.Deal;

                // Large deals in Proposal get a manager's eye.
                rule "Large deals in Proposal need a manager's eye"
                when
                    $sweep : AlertSweep( stage == "proposal" )
                    $deal : Deal( id == $sweep.dealId, value >= 100000 )
                then
                    $sweep.raise( "large-deal-in-proposal", "ATTENTION", $deal.getStageEnteredOn(), "Review it with the manager." );
                end
                """);
        // Same name as the default file: it replaces the default regression triggers with none.
        Files.writeString(candidate.resolve("regression-triggers.drl"), RulesFixtures.HOST_HEADER);

        List<Opportunity> portfolio = List.of(
                dealIn("ready", DefaultPipelines.PROPOSAL, PROPOSAL_CRITERIA),
                dealIn("bare", DefaultPipelines.PROPOSAL, List.of()),
                dealIn("early", DefaultPipelines.DISCOVERY, List.of()),
                dealIn("setback", DefaultPipelines.NEGOTIATION, List.of(EvidenceType.of("champion-left"))));

        ImpactReport impact = RuleImpact.builder(RuleSources.defaults(), RuleSources.defaults().withDirectory(candidate))
                .clock(CLOCK).build()
                .on(portfolio, StageAverages.configured(), LocalDate.of(2026, 4, 1), LocalDate.of(2026, 6, 30));

        assertThat(impact.openDeals()).isEqualTo(4);
        assertThat(impact.hasChanges()).isTrue();
        assertThat(impact.decisionChanges()).extracting(change -> change.deal().value(), DecisionChange::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ready", DecisionChange.Kind.NEWLY_BLOCKED),
                        org.assertj.core.groups.Tuple.tuple("bare", DecisionChange.Kind.CRITERIA_CHANGED));
        assertThat(impact.decisionChanges().get(1).criteriaAdded()).containsExactly("security-review-passed");
        assertThat(impact.criteria()).containsExactly(new CriterionChange("security-review-passed", 2, 0));
        assertThat(impact.alertsAdded()).extracting(alert -> alert.opportunityId().value(), Alert::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ready", "large-deal-in-proposal"),
                        org.assertj.core.groups.Tuple.tuple("bare", "large-deal-in-proposal"));
        assertThat(impact.alertsRemoved()).isEmpty();
        assertThat(impact.regressionsAdded()).isEmpty();
        assertThat(impact.regressionsRemoved()).extracting(regression -> regression.opportunityId().value(),
                        regression -> regression.target().value())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("setback", "discovery"));
        // Following the defaults, "setback" goes back to Discovery (0.10); under the candidate it stays in
        // Negotiation (0.75). The rest: two in Proposal (0.60) and one in Discovery (0.10), 120,000 EUR each.
        assertThat(impact.current().weighted().get("EUR")).contains(Money.of("168000.00", "EUR"));
        assertThat(impact.candidate().weighted().get("EUR")).contains(Money.of("246000.00", "EUR"));
        // All four expect to close on 3 April 2026, inside the period; nothing is won yet.
        assertThat(impact.current().forecast().get("EUR")).contains(Money.of("168000.00", "EUR"));
        assertThat(impact.candidate().forecast().get("EUR")).contains(Money.of("246000.00", "EUR"));
    }

    @Test
    void theSameRulesChangeNothing() {
        List<Opportunity> portfolio = List.of(RulesFixtures.dealIn(DefaultPipelines.PROPOSAL, List.of()));
        ImpactReport impact = RuleImpact.builder(RuleSources.defaults(), RuleSources.defaults()).clock(CLOCK).build()
                .on(portfolio, StageAverages.configured());

        assertThat(impact.hasChanges()).isFalse();
        assertThat(impact.currentVersion()).isEqualTo(impact.candidateVersion());
        assertThat(impact.current()).isEqualTo(impact.candidate());
        // 2 February 2026 is in the first quarter.
        assertThat(impact.current().periodStart()).isEqualTo(LocalDate.of(2026, 1, 1));
        assertThat(impact.current().periodEnd()).isEqualTo(LocalDate.of(2026, 3, 31));
    }
}
