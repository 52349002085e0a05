package dev.salespipeline.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.salespipeline.core.metrics.StageAverages;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.rules.testing.RulesFixtures;
import dev.salespipeline.testkit.HostileRuleFiles;
import dev.salespipeline.testkit.HostileRuleFiles.HostileRuleFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The test kit's catalogue of hostile rule files against the standard sandbox: every file that must be
 * refused is refused with its file and line, and no payload leaves a marker, starts a thread or stops
 * the JVM, neither when loading nor when the rules in force evaluate deals afterwards. The files
 * accepted by design load, evaluate within the limits, and leave no marker.
 */
class HostileRuleFilesTest {

    @TempDir
    Path markers;

    private Set<Thread> threadsBefore;

    private static final List<HostileRuleFile> CATALOGUE = HostileRuleFiles.all();

    static Stream<HostileRuleFile> refusedCases() {
        return CATALOGUE.stream().filter(HostileRuleFile::refused);
    }

    static Stream<HostileRuleFile> boundedCases() {
        return CATALOGUE.stream().filter(hostile -> !hostile.refused());
    }

    @Test
    void theCatalogueHoldsAtLeastEightyRefusedFilesAcrossEveryTechnique() {
        assertThat(refusedCases().count()).isGreaterThanOrEqualTo(80);
        assertThat(CATALOGUE.stream().map(HostileRuleFile::technique).distinct()).containsExactlyInAnyOrder(
                "quote-desync", "unicode-escapes", "comment-tricks", "drl-constructs", "dsl-expansion",
                "regular-expressions", "memory-growth", "deep-nesting", "long-literals", "timers-and-threads",
                "reflection", "platform");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedCases")
    void isRefusedWithFileAndLineAndLeavesNoMarker(HostileRuleFile hostile, @TempDir Path hostRules)
            throws IOException {
        threadsBefore = nonDaemonThreads();
        Path marker = markers.resolve(hostile.name());
        Path main = hostile.writeTo(hostRules, marker);

        RuleLoadException refused = assertThrows(RuleLoadException.class, () -> PipelineRules
                .builder(RuleSources.defaults().withDirectory(hostRules)).clock(RulesFixtures.CLOCK).build());

        assertThat(refused.problems()).as(refused.getMessage()).anySatisfy(problem -> {
            assertThat(problem.file()).isEqualTo(main.toString());
            assertThat(problem.line()).isEqualTo(hostile.line().getAsInt());
            assertThat(problem.message()).contains(hostile.reason());
        });
        // Nothing is blamed on the defaults: every problem is in the hostile files.
        assertThat(refused.problems()).allSatisfy(problem -> assertThat(problem.file()).startsWith(hostRules.toString()));
        evaluateEverything(RulesFixtures.DEFAULT_RULES);
        assertNoMarker(marker);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("boundedCases")
    void loadsAndStaysHarmlessAndBounded(HostileRuleFile hostile, @TempDir Path hostRules) throws IOException {
        threadsBefore = nonDaemonThreads();
        Path marker = markers.resolve(hostile.name());
        hostile.writeTo(hostRules, marker);
        PipelineRules rules = PipelineRules.builder(RuleSources.defaults().withDirectory(hostRules))
                .clock(RulesFixtures.CLOCK).build();

        assertTimeoutPreemptively(PipelineRules.DEFAULT_EVALUATION_DEADLINE.multipliedBy(4).plusSeconds(10), () -> {
            try {
                evaluateEverything(rules);
            } catch (RuleEvaluationException stopped) {
                assertThat(stopped.rule()).contains("Hostile");
            }
        });
        assertNoMarker(marker);
    }

    /** A deal with much to match: a long account of a's for the patterns, forty pieces of evidence. */
    private static void evaluateEverything(PipelineRules rules) {
        Opportunity deal = RulesFixtures.dealIn(DefaultPipelines.PROPOSAL, RulesFixtures.completeDetails().toBuilder()
                .account("a".repeat(199) + "!").owner("a".repeat(100)).build(), RulesFixtures.manyEvidenceTypes(40));
        rules.evaluate(deal, DefaultPipelines.CLOSING);
        rules.sweepPortfolio(List.of(deal), StageAverages.configured());
        rules.hooks(deal);
    }

    private void assertNoMarker(Path marker) {
        assertThat(Files.exists(marker)).as("marker file " + marker).isFalse();
        assertThat(System.getProperty(HostileRuleFiles.MARKER_PROPERTY)).as("marker property").isNull();
        assertThat(nonDaemonThreads()).as("threads left behind").isSubsetOf(threadsBefore);
    }

    private static Set<Thread> nonDaemonThreads() {
        // JUnit's own timeout thread is not the rules'.
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> !thread.isDaemon() && thread.isAlive()
                && !thread.getName().startsWith("junit-")).collect(Collectors.toSet());
    }

    @AfterEach
    void forgetTheThreads() {
        threadsBefore = null;
    }
}
