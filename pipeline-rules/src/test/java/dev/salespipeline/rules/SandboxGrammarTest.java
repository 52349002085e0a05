package dev.salespipeline.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salespipeline.core.evidence.EvidenceType;
import dev.salespipeline.core.gate.UnmetCriterion;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.rules.testing.RulesFixtures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every form the sandbox's grammar accepts compiles from its canonical text and decides as written:
 * each rule below reports its own criterion exactly when its conditions hold for the deal.
 */
class SandboxGrammarTest {

    @TempDir
    Path hostRules;

    /** Each rule reports a criterion named after the form it shows; "never-…" ones must stay silent. */
    private static final String RULES = """
            package host.rules;

            import dev.salespipeline.rules.facts.GateCheck;
            import dev.salespipeline.rules.facts.Deal;
            import dev.salespipeline.rules.facts.Evidence;
            import dev.salespipeline.rules.facts.Stakeholder;
            import java.math.BigDecimal;
            import java.time.LocalDate;

            rule "in and not in"
            when
                $gate : GateCheck( exiting in ( "proposal", 'negotiation' ), entering not in ( "discovery" ) )
            then
                $gate.unmet( "in-lists", "in and not in" );
            end

            rule "contains, memberOf and matches"
            when
                $gate : GateCheck( )
                Deal( signals not contains "no-such-signal", stage not memberOf $gate.enteringMissingFields,
                        account matches "PT [A-Za-z ]+", owner not matches "x+" )
            then
                $gate.unmet( "drl-operators", "operators" );
            end

            rule "exists, not and an and-group"
            salience 10
            when
                $gate : GateCheck( )
                exists ( Evidence( type == "e-1" ) )
                not ( Evidence( type == "e-1" ) and Evidence( type == "never" ) )
            then
                $gate.unmet( "groups", "exists and not" );
            end

            rule "or of patterns"
            when
                $gate : GateCheck( )
                $e : Evidence( type == "e-2" ) or $e : Evidence( type == "never" )
            then
                $gate.unmet( "or-" + $e.getType(), "or" );
            end

            rule "forall"
            when
                $gate : GateCheck( )
                forall( $e : Evidence( type == "e-1" || type == "e-2" ) Evidence( this == $e, ageDays >= 0 ) )
            then
                $gate.unmet( "forall", "every such evidence is old enough" );
            end

            rule "accumulate with bindings"
            no-loop true
            activation-group "counts"
            when
                $gate : GateCheck( )
                accumulate( Evidence( $age : ageDays ), $count : count( 1 ), $oldest : max( $age ) )
                Number( intValue == 3 ) from accumulate( Evidence( ), count( 1 ) )
            then
                $gate.unmet( "accumulate-" + $count, "oldest " + $oldest );
            end

            rule "from a collection and this"
            when
                $gate : GateCheck( )
                $field : String( this != "products" ) from $gate.enteringRequiredFields
            then
                $gate.unmet( "from-" + $field, "a required field" );
            end

            rule "arithmetic, decimals, longs and negatives"
            date-effective "01-Jan-2020"
            when
                $gate : GateCheck( )
                $deal : Deal( value * 2 > 100000.50, daysToExpectedClose % 2 == 0 || daysToExpectedClose > -5,
                        ageDays >= 0L, !( value < 0 ), expectedCloseDate.isAfter( $gate.today ) )
            then
                final String label = $deal.getValue().signum() > 0 ? "positive" : "other";
                LocalDate due = $deal.getExpectedCloseDate().minusDays( 1 );
                $gate.unmet( "arithmetic-" + label, "due " + due + ", " + $deal.getAccount().toUpperCase().trim() );
            end

            rule "never: a condition that does not hold"
            enabled true
            when
                $gate : GateCheck( exiting == "discovery" )
            then
                $gate.unmet( "never", "never" );
            end
            """;

    @Test
    void everyAcceptedFormCompilesAndDecidesAsWritten() throws IOException {
        Files.writeString(hostRules.resolve("grammar.drl"), RULES);
        PipelineRules rules = PipelineRules.builder(RuleSources.none().withDirectory(hostRules))
                .clock(RulesFixtures.CLOCK).build();
        List<EvidenceType> evidence = RulesFixtures.manyEvidenceTypes(3);
        Opportunity deal = RulesFixtures.dealIn(DefaultPipelines.PROPOSAL, evidence);

        List<String> reported = rules.evaluate(deal, DefaultPipelines.NEGOTIATION).unmetCriteria().stream()
                .map(UnmetCriterion::criterionId).toList();

        assertThat(reported).containsExactlyInAnyOrder("in-lists", "drl-operators", "groups", "or-e-2", "forall",
                "accumulate-3", "arithmetic-positive", "from-account", "from-owner", "from-value", "from-expectedCloseDate",
                "from-primaryContact", "from-nextStep", "from-stakeholders");
    }
}
