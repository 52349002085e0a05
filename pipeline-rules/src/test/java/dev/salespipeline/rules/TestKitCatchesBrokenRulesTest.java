package dev.salespipeline.rules;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salespipeline.core.evidence.EvidenceTypes;
import dev.salespipeline.rules.testing.RulesFixtures;
import dev.salespipeline.testkit.GateProperties;
import dev.salespipeline.testkit.PipelineGenerators;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A host's mistaken rule, caught by the test kit in the few lines a host would write. */
class TestKitCatchesBrokenRulesTest {

    @TempDir
    Path hostRules;

    @Test
    void aRuleThatBlocksBecauseOfEvidenceBreaksMonotonicity() throws IOException {
        Files.writeString(hostRules.resolve("mistake.drl"), """
                package host.rules;

                import dev.salespipeline.rules.facts.GateCheck;
                import dev.salespipeline.rules.facts.Evidence;

                // Meant "not signed", written "signed".
                rule "Block while the contract is signed"
                when
                    $gate : GateCheck( )
                    Evidence( dealId == $gate.dealId, type == "contract-signed" )
                then
                    $gate.unmet( "contract-unsigned", "Get the contract signed." );
                end
                """);
        PipelineRules rules = PipelineRules.builder(RuleSources.defaults().withDirectory(hostRules))
                .clock(Clock.fixed(PipelineGenerators.NOW, ZoneOffset.UTC)).build();

        // About 1 example in 100 exposes this mistake (an allowed gate, then 'contract-signed' drawn): with
        // 300 examples the property missed it in 8 of 200 runs. It stops at the first counterexample, so
        // 2,000 cost nothing when it finds one, and miss with a chance near 0.99^2000, about 2e-9.
        GateProperties properties = GateProperties.of(rules,
                PipelineGenerators.of(RulesFixtures.PIPELINE, EvidenceTypes.progression())).withExamples(2_000);

        assertThatThrownBy(properties::addingEvidenceNeverBlocks)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Adding evidence 'contract-signed' blocked the gate");
    }
}
