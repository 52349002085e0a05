package dev.salespipeline.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.salespipeline.core.evidence.EvidenceTypes;
import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.gate.GateRequest;
import dev.salespipeline.core.gate.RequiredEvidenceGateEvaluator;
import dev.salespipeline.core.gate.UnmetCriterion;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.pipeline.Gate;
import dev.salespipeline.rules.outcome.RegressionRecommendation;
import dev.salespipeline.rules.testing.RulesFixtures;
import dev.salespipeline.testkit.GateProperties;
import dev.salespipeline.testkit.PipelineGenerators;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The test kit's properties, run on the default rules, plus the properties specific to them. */
class DefaultRulesPropertiesTest {

    private static final PipelineRules RULES = PipelineRules.builder(RuleSources.defaults())
            .clock(Clock.fixed(PipelineGenerators.NOW, ZoneOffset.UTC)).build();
    private static final PipelineGenerators DEALS = PipelineGenerators.of(RulesFixtures.PIPELINE, EvidenceTypes.all());
    private static final GateProperties PROPERTIES = GateProperties.of(RULES, DEALS).withExamples(100);

    @Test
    void addingEvidenceNeverTurnsAnAllowedDecisionIntoABlockedOne() {
        PROPERTIES.addingEvidenceNeverBlocks();
    }

    @Test
    void evaluationIsDeterministic() {
        PROPERTIES.isDeterministic();
    }

    @Test
    void evaluationIsIndependentOfEvidenceOrder() {
        PROPERTIES.ignoresEvidenceOrder();
    }

    @Test
    void noAdvanceWhileAGateReportsAnUnmetCriterion() {
        PROPERTIES.neverAdvancesWithAnUnmetCriterion();
    }

    @Test
    void skippingIsAllowedOnlyIfEverySkippedGatePasses() {
        PROPERTIES.skipsPassEverySkippedGate();
    }

    @Test
    void aRegressionRecommendationNeverPointsForward() {
        GateProperties.regressionNeverPointsForward(DEALS,
                deal -> RULES.review(deal).regressions().stream().map(RegressionRecommendation::target).toList(), 200);
    }

    /**
     * The DRL defaults block every criterion the plain-Java defaults block, on every gate of every
     * generated deal: no advance is ever allowed while a default criterion of the stage being left is
     * unmet. The only extra criterion the DRL adds is the 90-day urgency check of Discovery.
     */
    @Test
    void theDefaultRulesBlockEveryDefaultCriterionThatIsUnmet() {
        RequiredEvidenceGateEvaluator plain = RequiredEvidenceGateEvaluator.defaults();
        qt().withExamples(200).forAll(DEALS.deals()).checkAssert(spec -> {
            Opportunity deal = spec.build();
            for (Gate gate : deal.pipeline().gatesBetween(deal.stageId(), deal.pipeline().wonStage().id())) {
                GateRequest request = new GateRequest(deal, gate, PipelineGenerators.NOW);
                GateDecision expected = plain.evaluate(request);
                GateDecision actual = RULES.evaluate(request);
                List<String> plainIds = expected.unmetCriteria().stream().map(UnmetCriterion::criterionId).toList();
                List<String> ruleIds = actual.unmetCriteria().stream().map(UnmetCriterion::criterionId).toList();
                assertThat(ruleIds).as("gate %s for %s", gate, spec).containsAll(plainIds);
                assertThat(ruleIds.stream().filter(id -> !plainIds.contains(id)))
                        .as("extra criteria at gate %s for %s", gate, spec).allMatch("timeline-within-90-days"::equals);
            }
        });
    }
}
