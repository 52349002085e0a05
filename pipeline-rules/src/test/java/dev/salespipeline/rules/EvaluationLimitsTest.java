package dev.salespipeline.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityDetails;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.rules.testing.RulesFixtures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every evaluation is bounded: in firings, in the pairs of facts its joins try, and in time. A breach
 * fails that evaluation naming the rule that was running, and the rules stay usable.
 */
class EvaluationLimitsTest {

    @TempDir
    Path hostRules;

    private PipelineRules load(String drl, Duration deadline) throws IOException {
        Files.writeString(hostRules.resolve("host.drl"), RulesFixtures.HOST_HEADER + drl);
        return PipelineRules.builder(RuleSources.defaults().withDirectory(hostRules)).clock(RulesFixtures.CLOCK)
                .evaluationDeadline(deadline).build();
    }

    private String origin(String rule) {
        return "rule '" + rule + "' in " + hostRules.resolve("host.drl");
    }

    @Test
    void aJoinOfEveryCombinationStopsAtThePairBudgetNamingItsRule() throws IOException {
        // 40 pieces of evidence matched four ways: 2.56 million combinations, without a condition linking them.
        PipelineRules rules = load("""
                rule "Every combination of four"
                when
                    $gate : GateCheck( )
                    Evidence( )
                    Evidence( )
                    Evidence( )
                    Evidence( )
                then
                    $gate.unmet( "x", "Never reached." );
                end
                """, Duration.ofMinutes(1));
        Opportunity deal = RulesFixtures.dealIn(DefaultPipelines.DISCOVERY, RulesFixtures.manyEvidenceTypes(40));

        assertThatThrownBy(() -> rules.evaluate(deal, DefaultPipelines.QUALIFICATION))
                .isInstanceOfSatisfying(RuleEvaluationException.class,
                        e -> assertThat(e.rule()).isEqualTo(origin("Every combination of four")))
                .hasMessageStartingWith("Evaluation of deal 'opp-1' stopped: " + origin("Every combination of four")
                        + " tried more than " + PipelineRules.MAX_JOIN_CHECKS + " pairs of facts");
        // The failed session was discarded; the next evaluation starts clean.
        Opportunity small = RulesFixtures.dealIn(DefaultPipelines.DISCOVERY, RulesFixtures.manyEvidenceTypes(2));
        assertThat(rules.evaluate(small, DefaultPipelines.QUALIFICATION).unmetCriteria())
                .extracting(unmet -> unmet.criterionId()).contains("x");
    }

    @Test
    void anEvaluationPastItsDeadlineFailsNamingTheRuleThatWasRunning() throws IOException {
        // 31⁴ = 923,521 pairs: within the pair budget, and far more than 50 ms of work.
        PipelineRules rules = load("""
                rule "Every combination of four"
                when
                    $gate : GateCheck( )
                    Evidence( )
                    Evidence( )
                    Evidence( )
                    Evidence( )
                then
                    $gate.unmet( "x", "Slow." );
                end
                """, Duration.ofMillis(50));
        Opportunity small = RulesFixtures.dealIn(DefaultPipelines.DISCOVERY, RulesFixtures.manyEvidenceTypes(2));
        for (int warmUp = 0; warmUp < 3; warmUp++) {
            try {
                rules.evaluate(small, DefaultPipelines.QUALIFICATION);
            } catch (RuleEvaluationException coldStart) {
                // A cold JVM may take longer than 50 ms for the first evaluation; that is not this test.
            }
        }
        Opportunity deal = RulesFixtures.dealIn(DefaultPipelines.DISCOVERY, RulesFixtures.manyEvidenceTypes(31));

        assertThatThrownBy(() -> rules.evaluate(deal, DefaultPipelines.QUALIFICATION))
                .isInstanceOfSatisfying(RuleEvaluationException.class,
                        e -> assertThat(e.rule()).isEqualTo(origin("Every combination of four")))
                .hasMessageContaining("ran past the evaluation's deadline");
    }

    @Test
    void aConsequenceThatRunsPastTheDeadlineIsBlamedNotTheNextRuleToFire() throws IOException {
        Files.writeString(hostRules.resolve("host.drl"), RulesFixtures.HOST_HEADER + """
                rule "Slow consequence"
                salience 10
                when
                    $gate : GateCheck( )
                then
                    $gate.unmet( "slow", "Took its time." );
                end

                rule "Fires next"
                when
                    $gate : GateCheck( )
                then
                    $gate.unmet( "next", "Innocent." );
                end
                """);
        PipelineRules rules = PipelineRules.builder(RuleSources.none().withDirectory(hostRules)).clock(RulesFixtures.CLOCK)
                .evaluationDeadline(Duration.ofNanos(1_500_000)).build();
        Opportunity deal = RulesFixtures.dealIn(DefaultPipelines.DISCOVERY, List.of());
        // Every look at the time finds a millisecond gone: the deadline (1.5 ms) passes during the first
        // consequence, between the checks before and after it.
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();

        dev.salespipeline.rules.internal.sandbox.EvaluationBudget.withTicker(() -> now.addAndGet(1_000_000),
                () -> assertThatThrownBy(() -> rules.evaluate(deal, DefaultPipelines.QUALIFICATION))
                        .isInstanceOfSatisfying(RuleEvaluationException.class,
                                e -> assertThat(e.rule()).isEqualTo(origin("Slow consequence")))
                        .hasMessageContaining("ran past the evaluation's deadline in its consequence"));
    }

    @Test
    void textJoinedAgainAndAgainIsStoppedAtItsLimitNamingTheRule() throws IOException {
        StringBuilder doubling = new StringBuilder("    String a0 = $gate.getDealId() + $gate.getDealId();\n");
        for (int step = 1; step <= 40; step++) {
            doubling.append("    String a").append(step).append(" = a").append(step - 1).append(" + a").append(step - 1)
                    .append(";\n");
        }
        PipelineRules rules = load("rule \"Doubling text\"\nwhen\n    $gate : GateCheck( )\nthen\n" + doubling
                + "    $gate.unmet( \"x\", a40 );\nend\n", Duration.ofMinutes(1));
        Opportunity deal = RulesFixtures.dealIn(DefaultPipelines.DISCOVERY, List.of());

        // "opp-1" doubled: 10 characters at a0, 10 x 2^14 = 163,840 at a14, the first past 100,000.
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(() ->
                rules.evaluate(deal, DefaultPipelines.QUALIFICATION))
                .isInstanceOfSatisfying(RuleEvaluationException.class,
                        e -> assertThat(e.rule()).isEqualTo(origin("Doubling text")))
                .hasMessage("Evaluation of deal 'opp-1' stopped: " + origin("Doubling text") + " made text of 163840"
                        + " characters, more than the 100000 a rule may compute.\nMaybe it joins text or multiplies"
                        + " numbers again and again: compute from the facts' values directly."));
    }

    @Test
    void numbersMultipliedAgainAndAgainAreStoppedInConditionsToo() throws IOException {
        StringBuilder squares = new StringBuilder("    $b0 : BigDecimal( ) from $deal.value.add( $deal.value )\n");
        for (int step = 1; step <= 30; step++) {
            squares.append("    $b").append(step).append(" : BigDecimal( ) from $b").append(step - 1)
                    .append(".multiply( $b").append(step - 1).append(" )\n");
        }
        PipelineRules rules = load("import java.math.BigDecimal;\n\nrule \"Squaring\"\nwhen\n    $gate : GateCheck( )\n"
                + "    $deal : Deal( id == $gate.dealId )\n" + squares + "then\n    $gate.unmet( \"x\", \"y\" );\nend\n",
                Duration.ofMinutes(1));
        Opportunity deal = RulesFixtures.dealIn(DefaultPipelines.DISCOVERY, List.of());

        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(() ->
                rules.evaluate(deal, DefaultPipelines.QUALIFICATION))
                .isInstanceOfSatisfying(RuleEvaluationException.class,
                        e -> assertThat(e.rule()).isEqualTo(origin("Squaring")))
                .hasMessageContaining("made a number of more than 1000 digits or decimal places"));
    }

    @Test
    void aDefaultRuleIsNotBlamedForAHostRulesJoin() throws IOException {
        PipelineRules rules = load("""
                rule "Every combination of four evidence"
                when
                    $review : Review( )
                    Evidence( )
                    Evidence( )
                    Evidence( )
                    Evidence( )
                then
                    $review.recommendDisqualification( "x", "Never reached." );
                end
                """, Duration.ofMinutes(1));
        Opportunity deal = RulesFixtures.dealIn(DefaultPipelines.PROPOSAL, RulesFixtures.manyEvidenceTypes(40));

        assertThatThrownBy(() -> rules.sweepPortfolio(List.of(deal),
                dev.salespipeline.core.metrics.StageAverages.configured()))
                .isInstanceOfSatisfying(RuleEvaluationException.class,
                        e -> assertThat(e.rule()).isEqualTo(origin("Every combination of four evidence")));
    }

    /** With java.util.regex this pattern takes 2^40 steps on this account; the sandbox's engine is linear. */
    @Test
    void aCatastrophicPatternCannotHangAnEvaluation() throws IOException {
        PipelineRules rules = load("""
                rule "Accounts of a's"
                when
                    $gate : GateCheck( )
                    Deal( account matches "(a+)+b" || account matches "(a|aa)+c" )
                then
                    $gate.unmet( "a-account", "An account of a's." );
                end
                """, Duration.ofMinutes(1));
        OpportunityDetails details = RulesFixtures.completeDetails().toBuilder()
                .account("a".repeat(40) + "!").build();
        Opportunity deal = RulesFixtures.dealIn(DefaultPipelines.DISCOVERY, details, List.of());

        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThat(rules.evaluate(deal,
                DefaultPipelines.QUALIFICATION).unmetCriteria()).extracting(unmet -> unmet.criterionId())
                .doesNotContain("a-account"));
    }

    @Test
    void aMatchingPatternStillMatches() throws IOException {
        PipelineRules rules = load("""
                rule "Accounts of PT companies"
                when
                    $gate : GateCheck( )
                    Deal( account matches "PT [A-Z].*", account not matches ".*Tbk" )
                then
                    $gate.unmet( "pt-account", "A PT company." );
                end
                """, Duration.ofMinutes(1));
        Opportunity deal = RulesFixtures.dealIn(DefaultPipelines.DISCOVERY, List.of());

        assertThat(rules.evaluate(deal, DefaultPipelines.QUALIFICATION).unmetCriteria())
                .extracting(unmet -> unmet.criterionId()).contains("pt-account");
    }

    /**
     * A host that widens the sandbox with String.repeat lets a rule ask for more memory than there is: the
     * error reaches the host as a RuleEvaluationException naming the rule, and the rules stay usable.
     */
    @Test
    void anErrorInsideAnEvaluationNeverReachesTheHostRaw() throws IOException {
        Files.writeString(hostRules.resolve("host.drl"), RulesFixtures.HOST_HEADER + """
                rule "Repeat the id"
                when
                    $gate : GateCheck( )
                then
                    $gate.unmet( "x", $gate.getDealId().repeat( 2000000000 ) );
                end
                """);
        PipelineRules rules = PipelineRules.builder(RuleSources.defaults().withDirectory(hostRules))
                .sandbox(RuleSandbox.standard().allowingMethods(String.class, "repeat")).clock(RulesFixtures.CLOCK)
                .build();
        Opportunity deal = RulesFixtures.dealIn(DefaultPipelines.DISCOVERY, List.of());

        assertThatThrownBy(() -> rules.evaluate(deal, DefaultPipelines.QUALIFICATION))
                .isInstanceOfSatisfying(RuleEvaluationException.class,
                        e -> assertThat(e.rule()).isEqualTo(origin("Repeat the id")))
                .hasRootCauseInstanceOf(OutOfMemoryError.class);
        assertThat(RulesFixtures.DEFAULT_RULES.evaluate(deal, DefaultPipelines.QUALIFICATION).isAllowed()).isFalse();
        assertThatThrownBy(() -> PipelineRules.builder(RuleSources.defaults().withDirectory(hostRules)).build())
                .isInstanceOf(RuleLoadException.class).hasMessageContaining("repeat");
    }
}
