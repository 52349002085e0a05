package dev.salespipeline.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salespipeline.core.evidence.EvidenceType;
import dev.salespipeline.core.evidence.EvidenceTypes;
import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.gate.UnmetCriterion;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.rules.testing.RulesFixtures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleEvaluationTest {

    private static final String HEADER = RulesFixtures.HOST_HEADER;

    @TempDir
    Path hostRules;

    private PipelineRules load(String name, String drl, int maxFirings) throws IOException {
        Files.writeString(hostRules.resolve(name), HEADER + drl);
        return PipelineRules.builder(RuleSources.defaults().withDirectory(hostRules)).clock(RulesFixtures.CLOCK)
                .maxFiringsPerEvaluation(maxFirings).build();
    }

    @Test
    void aRuleThatFiresWithoutEndStopsAtTheLimitNamingTheRule() throws IOException {
        // Every pair of the deal's twelve pieces of evidence: 144 firings, against a limit of 100.
        PipelineRules rules = load("pairs.drl", """
                rule "Every pair of evidence"
                when
                    $gate : GateCheck( )
                    $first : Evidence( dealId == $gate.dealId )
                    $second : Evidence( dealId == $gate.dealId )
                then
                    $gate.unmet( "pairs", "Too many pairs." );
                end
                """, 100);
        Opportunity deal = RulesFixtures.dealIn(DefaultPipelines.DISCOVERY, RulesFixtures.manyEvidenceTypes(12));
        String rule = "rule 'Every pair of evidence' in " + hostRules.resolve("pairs.drl");

        assertThatThrownBy(() -> rules.evaluate(deal, DefaultPipelines.QUALIFICATION))
                .isInstanceOfSatisfying(RuleEvaluationException.class, e -> assertThat(e.rule()).isEqualTo(rule))
                .hasMessageStartingWith("Evaluation of deal 'opp-1' stopped after 100 rule firings; " + rule
                        + " fired 101 times")
                .hasMessageContaining("Maybe its patterns match every combination of the deal's facts");
    }

    @Test
    void aRegressionRecommendationThatPointsForwardFailsNamingTheRule() throws IOException {
        PipelineRules rules = load("forward.drl", """
                rule "Jump ahead"
                when
                    $review : Review( )
                then
                    $review.recommendRegression( "closing", "optimism", "Surely it will close" );
                end
                """, 100);
        Opportunity deal = RulesFixtures.dealIn(DefaultPipelines.PROPOSAL, List.of());

        assertThatThrownBy(() -> rules.review(deal))
                .isInstanceOf(RuleEvaluationException.class)
                .hasMessageContaining("rule 'Jump ahead' in " + hostRules.resolve("forward.drl")
                        + " recommended regressing deal 'opp-1' from 'proposal' to 'closing', which is not an earlier"
                        + " open stage or the nurture stage of pipeline 'evidence-based'");
    }

    @Test
    void aConsequenceThatFailsFailsTheEvaluationNamingTheRule() throws IOException {
        // The sandbox refuses "throw"; a report the library refuses is the failure a sandboxed rule can still cause.
        PipelineRules rules = load("blank-id.drl", """
                rule "Report without an id"
                when
                    $gate : GateCheck( )
                then
                    $gate.unmet( " ", "Something is missing." );
                end
                """, 100);
        Opportunity deal = RulesFixtures.dealIn(DefaultPipelines.DISCOVERY, List.of());

        assertThatThrownBy(() -> rules.evaluate(deal, DefaultPipelines.QUALIFICATION))
                .isInstanceOfSatisfying(RuleEvaluationException.class, e -> assertThat(e.rule())
                        .isEqualTo("rule 'Report without an id' in " + hostRules.resolve("blank-id.drl")))
                .hasMessageStartingWith("Evaluating deal 'opp-1' failed in rule 'Report without an id'")
                .hasMessageContaining("criterionId must not be blank");
    }

    @Test
    void evaluateNextGatesDecidesEveryOpenDealWithOneRuleSet() {
        Opportunity ready = RulesFixtures.dealIn(DefaultPipelines.DISCOVERY, EvidenceTypes.progression());
        Opportunity bare = RulesFixtures.PLACER.open(OpportunityId.of("opp-2"), RulesFixtures.PIPELINE,
                RulesFixtures.completeDetails(), RulesFixtures.REP);
        Opportunity lost = RulesFixtures.PLACER.lose(RulesFixtures.PLACER.open(OpportunityId.of("opp-3"),
                RulesFixtures.PIPELINE, RulesFixtures.completeDetails(), RulesFixtures.REP), RulesFixtures.REP, "gone");

        Map<OpportunityId, GateDecision> decisions = RulesFixtures.DEFAULT_RULES.evaluateNextGates(List.of(ready, bare, lost));

        assertThat(decisions).containsOnlyKeys(ready.id(), bare.id());
        assertThat(decisions.get(ready.id()).isAllowed()).isTrue();
        assertThat(decisions.get(bare.id()).unmetCriteria()).extracting(UnmetCriterion::criterionId)
                .containsExactly("budget-range-confirmed", "decision-maker-identified", "pain-cost-documented",
                        "timeline-committed");
    }

    @Test
    void optionsRefuseBadValues() {
        assertThatThrownBy(() -> PipelineRules.builder(RuleSources.defaults()).maxFiringsPerEvaluation(0))
                .hasMessage("maxFiringsPerEvaluation must be at least 1, but was 0");
        assertThatThrownBy(() -> RulesFixtures.DEFAULT_RULES.watch(java.time.Duration.ZERO, new RuleWatchListener() { }))
                .hasMessage("interval must be positive, but was PT0S");
    }

    /** Security review before Negotiation: present in the "strict" version, absent in the "relaxed" one. */
    private static final String SECURITY_REVIEW = RulesFixtures.SECURITY_REVIEW_RULE;

    @Test
    void evaluationsDuringReloadsEachSeeOneWholeRuleSet() throws Exception {
        Path file = hostRules.resolve("security.drl");
        Files.writeString(file, HEADER + SECURITY_REVIEW);
        PipelineRules rules = PipelineRules.builder(RuleSources.defaults().withDirectory(hostRules))
                .clock(RulesFixtures.CLOCK).build();
        String strict = rules.version();
        Files.writeString(file, HEADER + "// relaxed: no security review\n");
        String relaxed = rules.reload().version();
        List<EvidenceType> allDefaults = EvidenceTypes.progression();
        Opportunity deal = RulesFixtures.dealIn(DefaultPipelines.PROPOSAL, allDefaults);

        AtomicBoolean reloading = new AtomicBoolean(true);
        List<GateDecision> decisions = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> workers = new ArrayList<>();
        for (int thread = 0; thread < 4; thread++) {
            workers.add(pool.submit(() -> {
                while (reloading.get()) {
                    decisions.add(rules.evaluate(deal, DefaultPipelines.NEGOTIATION));
                }
            }));
        }
        for (int reload = 0; reload < 10; reload++) {
            Files.writeString(file, HEADER + (reload % 2 == 0 ? SECURITY_REVIEW : "// relaxed\n"));
            rules.reload();
        }
        reloading.set(false);
        for (Future<?> worker : workers) {
            worker.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        List<String> relaxedVersions = List.of(relaxed, versionOf(HEADER + "// relaxed\n"));

        assertThat(decisions).extracting(GateDecision::ruleSetVersion).as("evaluations saw reloads")
                .contains(strict).containsAnyElementsOf(relaxedVersions);
        assertThat(decisions).allSatisfy(decision -> {
            if (decision.ruleSetVersion().equals(strict)) {
                assertThat(decision.unmetCriteria()).extracting(UnmetCriterion::criterionId)
                        .containsExactly("security-review-passed");
            } else {
                assertThat(decision.ruleSetVersion()).isIn(relaxedVersions);
                assertThat(decision.isAllowed()).isTrue();
            }
        });
    }

    private String versionOf(String relaxedContent) throws IOException {
        Path other = Files.createTempDirectory("relaxed");
        Files.writeString(other.resolve("security.drl"), relaxedContent);
        return PipelineRules.load(RuleSources.defaults().withDirectory(other)).version();
    }
}
