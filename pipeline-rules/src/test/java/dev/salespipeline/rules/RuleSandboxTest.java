package dev.salespipeline.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.salespipeline.rules.testing.RulesFixtures;

/**
 * What the sandbox accepts and how it says what it refuses. The catalogue of escape attempts is
 * {@link HostileRuleFilesTest}'s.
 */
class RuleSandboxTest {

    /** Host header: package and fact imports on lines 1-6, so a rule written after it starts on line 8. */
    private static final String HEADER = RulesFixtures.HOST_HEADER;

    @TempDir
    static Path hostRules;

    /** A rule on lines 8-13: conditions on line 10, consequence on line 12. */
    private static String rule(String when, String then) {
        return HEADER + "rule \"Checked\"\nwhen\n    " + when + "\nthen\n    " + then + "\nend\n";
    }

    private static RuleFile file(String drl) {
        return new RuleFile("checked.drl", "/rules/checked.drl", drl);
    }

    private static List<String> problems(RuleSandbox sandbox, String drl) {
        return sandbox.check(file(drl)).stream().map(RuleProblem::toString).toList();
    }

    @Test
    void aRefusedReloadKeepsTheRulesInForce() throws IOException {
        Path folder = Files.createTempDirectory(hostRules, "reload");
        PipelineRules working = PipelineRules.load(RuleSources.defaults().withDirectory(folder));
        String versionInForce = working.version();
        Files.writeString(folder.resolve("hostile.drl"), rule("$gate : GateCheck( )", "System.exit( 3 );"));

        RuleLoadException refused = org.junit.jupiter.api.Assertions.assertThrows(RuleLoadException.class,
                working::reload);

        assertThat(refused.problems()).extracting(RuleProblem::toString).containsExactly(folder.resolve("hostile.drl")
                + ":12: not allowed by the rule sandbox: the name 'System': a consequence reaches the facts through bound"
                + " $variables and its own local variables, never classes or packages");
        assertThat(working.version()).isEqualTo(versionInForce);
    }

    /**
     * What the engine compiles is written from the checked form: no comment, no single quote, lists of
     * 'in' as comparisons, 'matches' on the linear-time engine, and every token on its original line.
     */
    @Test
    void theEngineCompilesTheCanonicalTextNotTheFile() {
        String drl = rule("$gate : GateCheck( pipeline == 'evidence-based', /* a comment */ exiting in ( \"a\", 'b' ),\n"
                + "            dealId matches \"opp-[0-9]+\" ) // the gate", "$gate.unmet( \"x\", 'y' );".replace("'y'",
                "\"it's\""));
        RuleSandbox.Checked checked = RuleSandbox.standard().checked(file(drl));

        assertThat(checked.problems()).isEmpty();
        List<String> lines = checked.canonical().lines().toList();
        assertThat(lines.get(9)).isEqualTo(" $gate : GateCheck( pipeline == \"evidence-based\", ( exiting == \"a\" ||"
                + " exiting == \"b\" ),");
        assertThat(lines.get(10)).isEqualTo(" " + dev.salespipeline.rules.internal.sandbox.RuleRuntime.class.getName()
                + ".matches( dealId, \"opp-[0-9]+\" ) )");
        assertThat(lines.get(11)).isEqualTo(" then");
        assertThat(lines.get(12)).isEqualTo(" $gate.unmet( \"x\", \"it's\" );");
        assertThat(checked.canonical()).doesNotContain("comment", "//", "'evidence-based'");
    }

    @Test
    void aHostWidensTheSandboxByTypeAndMethodName() {
        String drl = rule("$gate : GateCheck( dealId.replace( \"-\", \"\" ) != \"\" )", "$gate.unmet( \"x\", \"y\" );");
        assertThat(problems(RuleSandbox.standard(), drl)).containsExactly("/rules/checked.drl:10: not allowed by the rule"
                + " sandbox: the call '….replace(…)' on a value of type String: only the facts' documented methods and a"
                + " short list of methods of text, numbers, dates and collections may be called (see docs/security.md)");
        assertThat(problems(RuleSandbox.standard().allowingMethods(String.class, "replace"), drl)).isEmpty();
        // Allowed on String, not on every type: a number's method of that name stays out of reach.
        String onAnotherType = HEADER.replace("import dev.salespipeline.rules.facts.Deal;\n", "") + "import "
                + "dev.salespipeline.rules.facts.Deal;\nrule \"Checked\"\nwhen\n    $gate : GateCheck( )\n    Deal( value.replace( 1 ) != null )\nthen\nend\n";
        assertThat(problems(RuleSandbox.standard().allowingMethods(String.class, "replace"), onAnotherType))
                .singleElement().asString().contains("the call '….replace(…)' on a value of type BigDecimal");
    }

    @Test
    void aRuleAuthorsMistakesAreNamedWithTheirLine() {
        assertThat(problems(RuleSandbox.standard(), rule("$gate : GateCheck( exitting == \"proposal\" )", "")))
                .containsExactly("/rules/checked.drl:10: GateCheck has no property 'exitting'; it has dealId, entering,"
                        + " enteringMissingFields, enteringName, enteringRequiredFields, exiting, pipeline, today");
        assertThat(problems(RuleSandbox.standard(), rule("$gate : GateCheck( )\n    Deal( value > \"lots\" )", "")))
                .containsExactly("/rules/checked.drl:11: type mismatch: Deal.value is a number (BigDecimal), but is"
                        + " compared with the text \"lots\"");
        assertThat(problems(RuleSandbox.standard(), rule("$gate : GateCheck( )", "$gate.unmet( \"x\", $deal.getId() );")))
                .containsExactly("/rules/checked.drl:12: $deal is not bound before this point");
        assertThat(problems(RuleSandbox.standard(), rule("$gate : GateCheck( $id : dealId, $id : pipeline )", "")))
                .containsExactly("/rules/checked.drl:10: $id is bound twice");
        assertThat(problems(RuleSandbox.standard(), rule("$gate : GateCheck( dealId == \"x )", "")))
                .singleElement().asString().startsWith("/rules/checked.drl:10: ");
        assertThat(problems(RuleSandbox.standard(), rule("$gate : GateCheck( 1 < 2 < 3 )", "")))
                .containsExactly("/rules/checked.drl:10: comparisons do not chain: write 'a < b && b < c'");
        assertThat(problems(RuleSandbox.standard(), rule("$gate : GateCheck( )", "$gate.unmet( \"x\" + , \"y\" );")))
                .containsExactly("/rules/checked.drl:12: expected a value but found ','");
    }

    @Test
    void everyDefaultRuleFilePassesTheSandbox() {
        for (RuleFile file : RuleSources.defaults().read().stream().filter(file -> !file.name().endsWith(".dsl"))
                .toList()) {
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

}
