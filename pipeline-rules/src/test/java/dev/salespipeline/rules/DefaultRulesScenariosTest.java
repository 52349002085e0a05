package dev.salespipeline.rules;

import dev.salespipeline.rules.scenario.ScenarioReport;
import dev.salespipeline.rules.scenario.ScenarioRunner;

import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The default rules against the scenarios in src/test/resources/scenarios, one dynamic test each. */
class DefaultRulesScenariosTest {

    @TestFactory
    Stream<DynamicTest> theDefaultRulesPassTheirScenarios() {
        ScenarioReport report = ScenarioRunner.load(RuleSources.defaults()).run(Path.of("src/test/resources/scenarios"));
        return report.results().stream().map(result -> DynamicTest.dynamicTest(result.name(), result::assertPassed));
    }
}
