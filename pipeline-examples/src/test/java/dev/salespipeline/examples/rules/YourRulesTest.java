package dev.salespipeline.examples.rules;

import dev.salespipeline.core.evidence.EvidenceTypes;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.rules.PipelineRules;
import dev.salespipeline.rules.RuleSources;
import dev.salespipeline.rules.outcome.RegressionRecommendation;
import dev.salespipeline.rules.scenario.ScenarioReport;
import dev.salespipeline.rules.scenario.ScenarioRunner;
import dev.salespipeline.testkit.GateProperties;
import dev.salespipeline.testkit.PipelineGenerators;

import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * A host's tests of its analysts' rules (here the examples' rules directory), as docs/rules-guide.md
 * shows them: the test kit's properties, and the plain-text scenarios.
 */
class YourRulesTest {

    @Test
    void theRulesKeepEveryPropertyOfTheTestKit() {
        // doc-region: properties
        PipelineRules rules = PipelineRules.load(RuleSources.defaults().withDirectory(Path.of("rules")));
        PipelineGenerators deals = PipelineGenerators.of(DefaultPipelines.evidenceBased(), EvidenceTypes.all());

        GateProperties.of(rules, deals).checkAll();
        GateProperties.regressionNeverPointsForward(deals,
                deal -> rules.review(deal).regressions().stream().map(RegressionRecommendation::target).toList(), 200);
        // doc-end
    }

    // doc-region: scenarios
    @TestFactory
    Stream<DynamicTest> scenarios() {
        ScenarioReport report = ScenarioRunner.load(RuleSources.defaults().withDirectory(Path.of("rules")))
                .run(Path.of("scenarios"));
        return report.results().stream().map(result -> DynamicTest.dynamicTest(result.name(), result::assertPassed));
    }
    // doc-end
}
