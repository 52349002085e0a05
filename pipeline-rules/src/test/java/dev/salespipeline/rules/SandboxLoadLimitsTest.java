package dev.salespipeline.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.salespipeline.core.gate.UnmetCriterion;
import dev.salespipeline.core.opportunity.Opportunity;
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
 * What the rule sandbox refuses at load because it would be too costly, or would mean something other
 * than it says, found by trying to break it: each refusal with its message, file and line.
 */
class SandboxLoadLimitsTest {

    @TempDir
    Path hostRules;

    private static final String HEADER = RulesFixtures.HOST_HEADER;

    private static String rule(String when, String then) {
        // HOST_HEADER is seven lines: the rule is on line 8, its conditions from line 10.
        return HEADER + "rule \"Checked\"\nwhen\n    " + when + "\nthen\n    " + then + "\nend\n";
    }

    private List<String> problems(String fileName, String content) throws IOException {
        Files.writeString(hostRules.resolve(fileName), content);
        try {
            PipelineRules.builder(RuleSources.defaults().withDirectory(hostRules)).clock(RulesFixtures.CLOCK).build();
            return List.of();
        } catch (RuleLoadException refused) {
            return refused.problems().stream().map(RuleProblem::toString).toList();
        }
    }

    private String at(String fileName, int line) {
        return hostRules.resolve(fileName) + ":" + line + ": ";
    }

    @Test
    void fromReadsABoundFactsPropertyNotAnExpression() throws IOException {
        assertThat(problems("from.drl", rule("$gate : GateCheck( )\n    $s : String( ) from $gate.dealId + $gate.dealId",
                "$gate.unmet( \"x\", $s );"))).containsExactly(at("from.drl", 11) + "not allowed by the rule sandbox:"
                + " 'from $gate.dealId + $gate.dealId': a pattern reads 'from' a bound fact's property, such as 'from"
                + " $sweep.missingRequiredFields', or 'from accumulate'");
    }

    @Test
    void aPatternWhoseCountedRepetitionsUnrollTooFarIsRefused() throws IOException {
        assertThat(problems("pattern.drl", rule("$gate : GateCheck( )\n    Deal( account matches \"((a{100}){100}){2}\" )",
                "$gate.unmet( \"x\", \"y\" );"))).containsExactly(at("pattern.drl", 11) + "not allowed by the rule sandbox:"
                + " over a limit: the pattern \"((a{100}){100}){2}\", whose counted repetitions ({n}) unroll to more than"
                + " 10000 steps");
        // Counts that stay small are fine.
        assertThat(problems("pattern.drl", rule("$gate : GateCheck( )\n    Deal( account matches \"PT [A-Z]{2}[a-z ]{1,40}\" )",
                "$gate.unmet( \"x\", \"y\" );"))).isEmpty();
    }

    @Test
    void textIsOneLineInRulesAndInTheirNames() throws IOException {
        assertThat(problems("escape.drl", rule("$gate : GateCheck( )", "$gate.unmet( \"x\\nOK\", \"y\" );")))
                .containsExactly(at("escape.drl", 12) + "not allowed by the rule sandbox: the escape \\n in text: a"
                        + " rule's text is one line (a line break in a message or an id could forge lines in a report)");
        assertThat(problems("escape.drl", HEADER + "rule \"Two\\nlines\"\nwhen\n    $gate : GateCheck( )\nthen\n"
                + "    $gate.unmet( \"x\", \"y\" );\nend\n")).containsExactly(at("escape.drl", 8) + "not allowed by the rule"
                + " sandbox: the rule name \"Two?lines\": a name is one line of words (errors and reports show it)");
    }

    @Test
    void groupbyIsRefusedRatherThanCompiledWithoutItsKey() throws IOException {
        assertThat(problems("group.drl", rule("$gate : GateCheck( )\n    groupby( $e : Evidence( ); $e.getType(); $n : count( ) )",
                "$gate.unmet( \"x\", \"y\" );"))).containsExactly(at("group.drl", 11) + "not allowed by the rule sandbox:"
                + " groupby: accumulate per deal with count, sum, min, max, average, collectList or collectSet");
    }

    @Test
    void aCarriageReturnWithoutALineFeedIsRefusedAtItsLine() throws IOException {
        String crOnly = rule("$gate : GateCheck( )", "$gate.unmet( \"x\", \"y\" );").replace("then\n", "then\r");
        assertThat(problems("mac.drl", crOnly)).containsExactly(at("mac.drl", 11) + "not allowed by the rule sandbox: a"
                + " carriage return without a line feed (old Mac line endings?): save the file with LF or CRLF line"
                + " endings");
        assertThat(problems("mac.drl", crOnly.replace("then\r", "then\r\n"))).isEmpty();
    }

    @Test
    void aRuleNameTakenInItsPackageIsBlamedOnTheFileThatTookItSecond() throws IOException {
        assertThat(problems("zz-extra.drl", """
                package dev.salespipeline.rules.defaults;

                import dev.salespipeline.rules.facts.GateCheck;

                rule "Proposal exit: legal review started"
                when
                    $gate : GateCheck( )
                then
                    $gate.unmet( "x", "y" );
                end
                """)).containsExactly(at("zz-extra.drl", 5) + "the rule name 'Proposal exit: legal review started' is"
                + " taken in package 'dev.salespipeline.rules.defaults' by"
                + " classpath:dev/salespipeline/rules/defaults/gate-proposal-exit.drl:36; give this rule another name, or"
                + " replace that file by giving yours its name");
    }

    @Test
    void aRuleSetOfMoreThanFiveThousandRulesIsRefusedBeforeItIsBuilt() throws IOException {
        StringBuilder many = new StringBuilder(HEADER);
        for (int index = 0; index < RuleCompiler.MAX_RULES; index++) {
            many.append("rule \"r").append(index).append("\"\nwhen\n    $gate : GateCheck( exiting == \"nowhere\" )\nthen\n"
                    + "    $gate.unmet( \"x\", \"y\" );\nend\n");
        }
        // With the defaults' rules, over the limit: refused without building (which would take minutes).
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThat(problems("many.drl", many.toString()))
                .singleElement().asString().startsWith("(rule set): ").endsWith("rules; a rule set holds at most 5000"
                        + " (each costs memory and build time)"));
    }

    @Test
    void accumulateFunctionsReadPropertiesAndTypedLocalsCallTheirMethods() throws IOException {
        Files.writeString(hostRules.resolve("legit.drl"), HEADER.replace("import dev.salespipeline.rules.facts.Evidence;",
                "import dev.salespipeline.rules.facts.Evidence;\nimport java.util.Set;") + """
                rule "Evidence types counted"
                when
                    $gate : GateCheck( exiting == "discovery" )
                    $types : Set( ) from accumulate( $e : Evidence( dealId == $gate.dealId ), collectSet( $e.type ) )
                    $age : Number( ) from accumulate( $e : Evidence( dealId == $gate.dealId ), average( $e.ageDays ) )
                then
                    String label = "types-" + $types.size();
                    $gate.unmet( label, "label of " + label.length() + " characters, average age " + $age.intValue() );
                end
                """);
        PipelineRules rules = PipelineRules.builder(RuleSources.none().withDirectory(hostRules))
                .clock(RulesFixtures.CLOCK).build();
        Opportunity deal = RulesFixtures.dealIn(DefaultPipelines.DISCOVERY, RulesFixtures.manyEvidenceTypes(3));

        assertThat(rules.evaluate(deal, DefaultPipelines.QUALIFICATION).unmetCriteria())
                .extracting(UnmetCriterion::criterionId, UnmetCriterion::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("types-3",
                        "label of 7 characters, average age 0"));
    }

    // The business vocabulary.

    private List<String> vocabularyProblems(String dsl, String sentence) throws IOException {
        Files.writeString(hostRules.resolve("words.dsl"), dsl);
        return problems("words.dslr", """
                package host.rules;

                import dev.salespipeline.rules.facts.GateCheck;
                import dev.salespipeline.rules.facts.Evidence;

                rule "In words"
                when
                    When any deal leaves discovery
                    %s
                then
                    block it as x: y
                end
                """.formatted(sentence));
    }

    @Test
    void onlyWhenAndThenPhrasesOfWordsAndPlainPlaceholdersAreRead() throws IOException {
        assertThat(vocabularyProblems("# words\n[keyword]gently=timer ( int: 1s )\n", "there is no evidence of x"))
                .containsExactly(at("words.dsl", 2) + "only [when] and [then] phrases are supported: a keyword or"
                        + " any-section phrase rewrites text outside the rules' conditions and actions");
        assertThat(vocabularyProblems("[when]a deal named {name:.*}=Evidence( type == \"{name}\" )\n", "a deal named x"))
                .containsExactly(at("words.dsl", 1) + "the phrase 'a deal named {name:.*}': placeholders are {names} of"
                        + " letters and digits, without a pattern ({name:regex} is not supported)");
        assertThat(vocabularyProblems("[when]{anything}=Evidence( )\n", "x")).containsExactly(at("words.dsl", 1)
                + "the phrase '{anything}' has no words, so it would match any sentence");
        assertThat(vocabularyProblems("[when]odd {x}=Evidence( type == \"{y}\" )\n", "odd x")).containsExactly(
                at("words.dsl", 1) + "the DRL of the phrase 'odd {x}' uses {y}, which the phrase does not have");
        assertThat(vocabularyProblems("[when]a \\(b\\)=Evidence( )\n", "a (b)")).containsExactly(at("words.dsl", 1)
                + "a backslash in the phrase 'a \\(b\\)': phrases are words and {placeholders}, matched as written");
    }

    @Test
    void phrasesAreMatchedAsWrittenNotAsRegularExpressions() throws IOException {
        // In Drools this phrase is a regular expression that backtracks for hours on the sentence below.
        String phrase = "[when]there is a deal " + "(.*a)".repeat(20) + "z=Evidence( type == \"matched\" )\n";
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThat(vocabularyProblems(phrase,
                "there is a deal " + "a".repeat(60) + " y")).singleElement().asString()
                .startsWith(at("words.dslr", 9) + "no phrase of the vocabulary matches: there is a deal aaa"));
        // Written literally, the same phrase matches.
        assertThat(vocabularyProblems(phrase, "there is a deal " + "(.*a)".repeat(20) + "z")).isEmpty();
    }

    @Test
    void manyPlaceholdersOnALongSentenceExpandInLinearTime() throws IOException {
        // Drools' expander took 16 s for three placeholders on 400 characters, and grows with the fourth power.
        String phrase = "[when]a {p1} a {p2} a {p3} a {p4} a {p5} z=Evidence( )\n";
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThat(vocabularyProblems(phrase,
                "a ".repeat(4_000) + "y")).singleElement().asString().contains("no phrase of the vocabulary matches"));
    }

    @Test
    void aSentenceThatExpandsBeyondALineIsRefused() throws IOException {
        StringBuilder doubling = new StringBuilder();
        for (int step = 0; step < 40; step++) {
            doubling.append("[when]p").append(step).append(" {x}=p").append(step + 1).append(" {x}{x}\n");
        }
        doubling.append("[when]p40 {x}=Evidence( type == \"{x}\" )\n");
        assertThat(vocabularyProblems(doubling.toString(), "p0 ab")).containsExactly(at("words.dslr", 9) + "the sentence"
                + " expands to more than 10000 characters (phrases that repeat a placeholder, applied one after another,"
                + " multiply its length)");
    }
}
