package dev.salespipeline.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A catalogue of hostile rule files, each a distinct escape attempt, and the rules that must pass. */
class RuleSandboxTest {

    /** Host header: package and fact imports on lines 1-6, so a rule written after it starts on line 8. */
    private static final String HEADER = RulesFixtures.HOST_HEADER;

    @TempDir
    static Path hostRules;

    private static PipelineRules working;

    /** A rule on lines 8-13: conditions on line 10, consequence on line 12. */
    private static String rule(String when, String then) {
        return HEADER + "rule \"Hostile\"\nwhen\n    " + when + "\nthen\n    " + then + "\nend\n";
    }

    private static Arguments hostile(String attempt, String drl, int line, String reason) {
        return Arguments.of(attempt, drl, line, reason);
    }

    static Stream<Arguments> catalogue() {
        String gate = "$gate : GateCheck( )";
        String report = "$gate.unmet( \"x\", \"y\" );";
        return Stream.of(
                hostile("exit the JVM", rule(gate, "System.exit( 1 );"), 12, "uses 'System'"),
                hostile("start a process through Runtime", rule(gate, "Runtime.getRuntime().exec( \"rm -rf /tmp/x\" );"),
                        12, "uses 'Runtime'"),
                hostile("start a process through ProcessBuilder", rule(gate, "new ProcessBuilder( \"sh\" ).start();"),
                        12, "uses 'ProcessBuilder'"),
                hostile("delete a file by fully qualified name",
                        rule(gate, "java.nio.file.Files.delete( java.nio.file.Path.of( \"/tmp/x\" ) );"), 12, "uses 'java'"),
                hostile("load a class by name", rule(gate, "Class.forName( \"evil.Payload\" );"), 12, "uses 'Class'"),
                hostile("reach reflection through getClass",
                        rule(gate, "$gate.unmet( $gate.getClass().getName(), \"x\" );"), 12, "uses 'getClass'"),
                hostile("start a thread", rule(gate, "new Thread( () -> { } ).start();"), 12, "uses 'Thread'"),
                hostile("hang in a while loop", rule(gate, "while ( true ) { }"), 12, "statement 'while'"),
                hostile("hang in a for loop", rule(gate, "for ( int i = 0; i >= 0; i++ ) { " + report + " }"), 12,
                        "statement 'for'"),
                hostile("sleep the caller's thread", rule(gate, "Thread.sleep( 100000 );"), 12, "uses 'Thread'"),
                hostile("change a system property", rule(gate, "System.setProperty( \"user.home\", \"/tmp\" );"), 12,
                        "uses 'System'"),
                hostile("write a file", rule(gate, "new java.io.FileOutputStream( \"/tmp/x\" ).write( 1 );"), 12,
                        "uses 'new'"),
                hostile("reach the engine through drools", rule(gate, "drools.getKieRuntime().getKieBase();"), 12,
                        "uses 'drools'"),
                hostile("reach the engine through kcontext", rule(gate, "kcontext.getKieRuntime().halt();"), 12,
                        "uses 'kcontext'"),
                hostile("run code in an eval condition", rule("eval( Runtime.getRuntime() != null )", ""), 10, "eval("),
                hostile("call the platform from a constraint",
                        rule("$gate : GateCheck( pipeline == System.getProperty( \"user.home\" ) )", report), 10,
                        "uses 'System'"),
                hostile("call an undocumented method from a constraint",
                        rule("$gate : GateCheck( dealId.replaceAll( \".*\", \"\" ) == \"\" )", report), 10,
                        "calls 'replaceAll(...)'"),
                hostile("read the environment in a from source",
                        rule("$key : String( ) from System.getenv().keySet()", ""), 10, "uses 'System'"),
                hostile("hand a host object to rules through a global",
                        HEADER + "global java.io.PrintStream out;\n", 8, "global 'out'"),
                hostile("hide code in a function", HEADER + "function void boom() { System.exit( 1 ); }\n", 8,
                        "function 'boom'"),
                hostile("declare a type", HEADER + "declare Evil\n    name : String\nend\n", 8,
                        "type declaration 'Evil'"),
                hostile("import an I/O class", "package host.rules;\n\nimport java.io.File;\n", 3,
                        "import of 'java.io.File'"),
                hostile("import a platform function", "package host.rules;\n\nimport function java.lang.System.exit;\n",
                        3, "import function"),
                hostile("import a custom accumulate function",
                        "package host.rules;\n\nimport accumulate evil.Accumulator evil;\n", 3, "import accumulate"),
                hostile("run inline accumulate code", rule("Number( ) from accumulate( GateCheck( ), "
                        + "init( int n = 0; ) action( n++; ) result( n ) )", ""), 10, "inline accumulate code"),
                hostile("swallow errors in try/catch",
                        rule(gate, "try { " + report + " } catch ( Exception e ) { }"), 12, "statement 'try'"),
                hostile("modify a fact in a modify block", rule(gate, "modify( $gate ) { }"), 12,
                        "consequence is not plain Java calls"),
                hostile("compute the salience on the platform",
                        HEADER + "rule \"Hostile\"\n    salience ( Runtime.getRuntime().availableProcessors() )\nwhen\n    "
                                + gate + "\nthen\n    " + report + "\nend\n", 8, "attribute 'salience' uses 'Runtime'"),
                hostile("match a platform type", rule("$thread : java.lang.Thread( )", ""), 10,
                        "pattern type 'java.lang.Thread'"),
                hostile("smuggle a lambda into a report",
                        rule(gate, "$gate.unmet( java.util.Optional.of( \"x\" ).map( s -> s ).get(), \"y\" );"), 12,
                        "uses 'java'"));
    }

    @ParameterizedTest(name = "refuses a rule that tries to {0}")
    @MethodSource("catalogue")
    void refusesEveryEscapeAttemptWithFileLineAndReasonAndKeepsTheRulesInForce(String attempt, String drl, int line,
                                                                              String reason) throws IOException {
        if (working == null) {
            working = PipelineRules.load(RuleSources.defaults().withDirectory(hostRules));
        }
        String versionInForce = working.version();
        Path file = hostRules.resolve("hostile.drl");
        Files.writeString(file, drl);
        try {
            RuleLoadException refused = org.junit.jupiter.api.Assertions.assertThrows(RuleLoadException.class,
                    working::reload);

            assertThat(refused.problems()).isNotEmpty().allSatisfy(problem -> {
                assertThat(problem.file()).isEqualTo(file.toString());
                assertThat(problem.message()).startsWith("not allowed by the rule sandbox: ");
            });
            assertThat(refused.problems()).anySatisfy(problem -> {
                assertThat(problem.line()).isEqualTo(line);
                assertThat(problem.message()).contains(reason);
            });
            assertThat(working.version()).isEqualTo(versionInForce);
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void theCatalogueHoldsAtLeastTwentyDistinctAttempts() {
        assertThat(catalogue().map(arguments -> arguments.get()[0]).distinct().count()).isGreaterThanOrEqualTo(20);
    }

    @Test
    void everyDefaultRuleFilePassesTheSandbox() {
        for (RuleFile file : RuleSources.defaults().read()) {
            assertThat(RuleSandbox.standard().check(file)).as(file.name()).isEmpty();
        }
    }

    /** The DRL shown in the rules guide is checked and compiled, so the guide cannot show a rule that is refused. */
    @Test
    void everyRuleInTheRulesGuidePassesTheSandboxAndCompiles() throws IOException {
        String guide = Files.readString(Path.of("..", "docs", "rules-guide.md"));
        // DRL blocks are fenced ``` and start with a package line; business-vocabulary blocks are fenced ```dslr.
        Matcher block = Pattern.compile("```(dslr)?\\n(package [\\s\\S]*?)```").matcher(guide);
        List<String> examples = new ArrayList<>();
        List<String> extensions = new ArrayList<>();
        while (block.find()) {
            examples.add(block.group(2));
            extensions.add(block.group(1) == null ? ".drl" : ".dslr");
        }
        assertThat(examples).hasSizeGreaterThanOrEqualTo(2);
        assertThat(extensions).contains(".dslr");
        for (int index = 0; index < examples.size(); index++) {
            Path folder = Files.createTempDirectory(hostRules, "guide");
            Files.writeString(folder.resolve("guide-example-" + index + extensions.get(index)), examples.get(index));
            if (extensions.get(index).equals(".drl")) {
                RuleFile file = RuleSources.none().withDirectory(folder).read().get(0);
                assertThat(RuleSandbox.standard().check(file)).as(examples.get(index)).isEmpty();
            }
            // Loading runs the sandbox on every file, on a .dslr file's expansion, and compiles them.
            assertThat(PipelineRules.load(RuleSources.defaults().withDirectory(folder)).ruleSet().ruleNames())
                    .hasSizeGreaterThan(RulesFixtures.DEFAULT_RULES.ruleSet().ruleNames().size());
        }
    }

    @Test
    void aHostCanWidenTheSandboxExplicitly() throws IOException {
        Path folder = Files.createTempDirectory(hostRules, "widened");
        Files.writeString(folder.resolve("region.drl"), HEADER.replace("import dev.salespipeline.rules.facts.GateCheck;",
                "import dev.salespipeline.rules.facts.GateCheck;\nimport java.util.Locale;") + """
                rule "Region codes are upper case"
                when
                    $gate : GateCheck( dealId.replaceAll( "-", "" ) == "" )
                then
                    $gate.unmet( "x", "y" );
                end
                """);
        RuleFile file = RuleSources.none().withDirectory(folder).read().get(0);
        assertThat(RuleSandbox.standard().check(file)).extracting(RuleProblem::message).containsExactly(
                "not allowed by the rule sandbox: import of 'java.util.Locale': rules may import only the rule-facing"
                        + " facts and basic java.time, java.math and java.util value types",
                "not allowed by the rule sandbox: condition calls 'replaceAll(...)', which is not a documented fact"
                        + " method");
        assertThat(RuleSandbox.standard().allowingImports("java.util.Locale").allowingMethods("replaceAll")
                .check(file)).isEmpty();
    }
}
