package dev.salespipeline.examples.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.gate.UnmetCriterion;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.testkit.SamplePortfolio;
import dev.salespipeline.rules.PipelineRules;
import dev.salespipeline.rules.RuleSources;
import dev.salespipeline.rules.scenario.ScenarioRunner;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * The default exit gates rewritten in the business vocabulary (rules-vocabulary/*.dslr) replace the
 * DRL ones by name and decide exactly as they do.
 */
class VocabularyRulesTest {

    private static final Path VOCABULARY = Path.of("rules-vocabulary");
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    private static Map<OpportunityId, List<String>> decisions(PipelineRules rules, List<Opportunity> open) {
        return rules.evaluateNextGates(open).entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                entry -> criteria(entry.getValue())));
    }

    private static List<String> criteria(GateDecision decision) {
        return decision.unmetCriteria().stream().map(UnmetCriterion::criterionId).toList();
    }

    @Test
    void theGatesInTheVocabularyDecideEveryDealAsTheDrlGatesDo() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        List<Opportunity> open = SamplePortfolio.generate(400, 42, NOW).stream().filter(Opportunity::isOpen).toList();
        PipelineRules drl = PipelineRules.builder(RuleSources.defaults()).clock(clock).build();
        PipelineRules vocabulary = PipelineRules.builder(RuleSources.defaults().withDirectory(VOCABULARY)).clock(clock).build();

        // Replaced, not added: as many files and rules as the defaults, five of them .dslr.
        assertThat(vocabulary.ruleSet().files()).hasSameSizeAs(drl.ruleSet().files());
        assertThat(vocabulary.ruleSet().files()).filteredOn(file -> file.name().endsWith(".dslr")).hasSize(5);
        assertThat(vocabulary.ruleSet().ruleNames()).containsExactlyInAnyOrderElementsOf(drl.ruleSet().ruleNames());
        assertThat(vocabulary.version()).isNotEqualTo(drl.version());
        Map<OpportunityId, List<String>> expected = decisions(drl, open);
        assertThat(expected.values()).anyMatch(List::isEmpty).anyMatch(unmet -> !unmet.isEmpty());
        assertThat(decisions(vocabulary, open)).isEqualTo(expected);
    }

    @Test
    void theGatesInTheVocabularyPassTheDefaultRulesScenarios() {
        var report = ScenarioRunner.load(RuleSources.defaults().withDirectory(VOCABULARY))
                .run(Path.of("../pipeline-rules/src/test/resources/scenarios"));
        assertThat(report.results()).hasSizeGreaterThan(10);
        assertThat(report.failures()).isEmpty();
    }
}
