package dev.salespipeline.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.salespipeline.core.metrics.StageAverages;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.rules.testing.RulesFixtures;
import dev.salespipeline.testkit.HostileRuleFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;

/**
 * The shipped rule files with generated fragments of DRL, MVEL and Java inserted at random places:
 * quotes, escapes, comments, keywords and payload calls. For every mutant, either loading is refused
 * with a {@link RuleLoadException} that names the file, or it loads, and a full evaluation of a deal leaves
 * no marker, starts no thread and ends within its deadline (answered, or failed naming a rule).
 *
 * <p>{@value #DEFAULT_MUTANTS} mutants in {@code mvn verify}; for more, run
 * {@code mvn -B -pl pipeline-rules -am verify -Dtest=SandboxMutationTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dsandbox.mutants=10000}.
 */
@Tag("slow")
class SandboxMutationTest {

    private static final int DEFAULT_MUTANTS = 300;

    @TempDir
    Path workspace;

    /** What an attacker, or a clumsy editor, inserts; {@code @MARKER@} is the marker file's path. */
    private static final List<String> FRAGMENTS = List.of(
            "\"", "'", "'\"'", "\"\\\"\"", "\\\"", "\\\\", "\\u0022", "\\u000a", "\\u0027", "\\uuu002a", "//", "/*", "*/",
            "#", "\n", "\t", " ", ";", ",", "(", ")", "{", "}", "[", "]", ":", ".", "!", "?", "@", "$",
            "then", "end", "when", "rule \"Inserted\" when then end", "not Evidence( )", "Evidence( ) Evidence( )",
            "eval( true )", "from", "accumulate(", "salience 5", "timer ( int: 1s 1s )", "@watch( * )", "|| true",
            ".getClass()", ".getClass().getClassLoader()", "drools.halt();", "update( $gate );", "insert( $gate );",
            "System.exit( 3 );", "System.exit( 3 )", "Runtime.getRuntime().exec( \"touch @MARKER@\" )",
            "java.nio.file.Files.writeString( java.nio.file.Path.of( \"@MARKER@\" ), \"x\" );",
            "new java.io.File( \"@MARKER@\" ).createNewFile()",
            "System.setProperty( \"" + HostileRuleFiles.MARKER_PROPERTY + "\", \"x\" );",
            "$gate.unmet( \"inserted\", \"inserted\" );", "java.lang.Runtime", "String.valueOf( 1 )",
            "'\"' + System.getenv() + '\"'", "\" + System.getenv() + \"", "/* \" */ System.exit( 3 ); /* \" */",
            "\u202e", "\u200b", "\r", "0123", "1e999", "99999999999999999999999999999999999", "matches \"(a+)+b\"");

    /** One insertion: where, as a fraction of the file, and which fragment. */
    private record Insertion(int permille, int fragment) {
    }

    private record Mutant(int file, List<Insertion> insertions) {
    }

    private static List<RuleFile> shippedDrl() {
        List<RuleFile> files = new ArrayList<>();
        for (RuleFile file : RuleSources.defaults().read()) {
            if (file.name().endsWith(".drl")) {
                files.add(file);
            }
        }
        return files;
    }

    private static final List<RuleFile> SHIPPED = shippedDrl();

    private static Gen<Mutant> mutants() {
        Gen<Insertion> insertion = integers().between(0, 1000).zip(integers().between(0, FRAGMENTS.size() - 1),
                Insertion::new);
        return integers().between(0, SHIPPED.size() - 1).zip(lists().of(insertion).ofSizeBetween(1, 3), Mutant::new);
    }

    private static String mutate(Mutant mutant, Path marker) {
        StringBuilder text = new StringBuilder(SHIPPED.get(mutant.file()).content());
        for (Insertion insertion : mutant.insertions()) {
            int at = (int) ((long) text.length() * insertion.permille() / 1000);
            text.insert(at, FRAGMENTS.get(insertion.fragment()).replace("@MARKER@", marker.toAbsolutePath().toString()));
        }
        return text.toString();
    }

    @Test
    void everyMutantIsRefusedOrLoadsAndStaysHarmlessAndBounded() {
        int examples = Integer.getInteger("sandbox.mutants", DEFAULT_MUTANTS);
        Opportunity deal = RulesFixtures.dealIn(DefaultPipelines.PROPOSAL, RulesFixtures.manyEvidenceTypes(8));
        Path marker = workspace.resolve("marker");
        int[] loaded = new int[1];
        qt().withExamples(examples).withShrinkCycles(50).forAll(mutants()).checkAssert(mutant -> {
            Set<Thread> before = nonDaemonThreads();
            Path folder = freshFolder();
            Path file = folder.resolve(SHIPPED.get(mutant.file()).name());
            write(file, mutate(mutant, marker));
            PipelineRules rules;
            try {
                rules = PipelineRules.builder(RuleSources.none().withDirectory(folder)).clock(RulesFixtures.CLOCK).build();
            } catch (RuleLoadException refused) {
                assertThat(refused.problems()).isNotEmpty().allSatisfy(problem ->
                        assertThat(problem.file()).isIn(file.toString(), "(rule set)"));
                assertHarmless(marker, before);
                return;
            } catch (RuntimeException | Error other) {
                fail("loading threw " + other + " instead of refusing the file", other);
                return;
            }
            loaded[0]++;
            assertTimeoutPreemptively(PipelineRules.DEFAULT_EVALUATION_DEADLINE.multipliedBy(4).plusSeconds(10), () -> {
                try {
                    rules.evaluate(deal, DefaultPipelines.NEGOTIATION);
                    rules.sweepPortfolio(List.of(deal), StageAverages.configured());
                    rules.hooks(deal);
                } catch (RuleEvaluationException stopped) {
                    assertThat(stopped.rule()).startsWith("rule '");
                }
            });
            assertHarmless(marker, before);
        });
        // Not every mutant breaks the file: some must load, or this would test the parser only.
        assertThat(loaded[0]).as("mutants that loaded").isPositive();
    }

    private Path freshFolder() {
        try {
            return Files.createTempDirectory(workspace, "mutant");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertHarmless(Path marker, Set<Thread> before) {
        assertThat(Files.exists(marker)).as("marker file").isFalse();
        assertThat(System.getProperty(HostileRuleFiles.MARKER_PROPERTY)).as("marker property").isNull();
        assertThat(nonDaemonThreads()).as("threads left behind").isSubsetOf(before);
    }

    private static Set<Thread> nonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> !thread.isDaemon() && thread.isAlive()
                && !thread.getName().startsWith("junit-")).collect(Collectors.toSet());
    }
}
