package dev.salespipeline.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salespipeline.core.evidence.EvidenceType;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.rules.testing.RulesFixtures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rules in the business vocabulary: loaded like DRL, checked by the same sandbox, errors at their own lines. */
class VocabularyLoadingTest {

    private static final String HEADER = """
            package host.rules;

            import dev.salespipeline.rules.facts.GateCheck;
            import dev.salespipeline.rules.facts.Evidence;

            """;
    private static final String SECURITY_REVIEW = HEADER + """
            // Enterprise buyers must pass our security review before we negotiate.
            rule "Proposal exit: security review passed"
            when
                When an evidence-based deal leaves Proposal
                there is no evidence of security-review-passed
            then
                block it as security-review-passed: Pass the buyer's security review.
            end
            """;

    @TempDir
    Path dir;

    private PipelineRules load(RuleSources sources) {
        return PipelineRules.builder(sources).clock(RulesFixtures.CLOCK).build();
    }

    private RuleLoadException refusal(String name, String content) throws IOException {
        Files.writeString(dir.resolve(name), content);
        try {
            load(RuleSources.defaults().withDirectory(dir));
        } catch (RuleLoadException e) {
            return e;
        }
        throw new AssertionError(name + " was accepted");
    }

    @Test
    void aRuleWrittenInTheVocabularyGatesLikeItsDrlTwin() throws IOException {
        Files.writeString(dir.resolve("security-review.dslr"), SECURITY_REVIEW);
        PipelineRules rules = load(RuleSources.defaults().withDirectory(dir));

        var proposal = RulesFixtures.dealIn(DefaultPipelines.PROPOSAL, List.of(
                EvidenceType.of("proposal-reviewed-with-decision-maker"), EvidenceType.of("pricing-feedback-received"),
                EvidenceType.of("scope-verbally-agreed"), EvidenceType.of("legal-review-started")));
        assertThat(rules.evaluate(proposal, DefaultPipelines.NEGOTIATION).unmetCriteria())
                .singleElement().satisfies(unmet -> {
                    assertThat(unmet.criterionId()).isEqualTo("security-review-passed");
                    assertThat(unmet.message()).isEqualTo("Pass the buyer's security review.");
                    assertThat(unmet.origin()).contains("security-review.dslr");
                });
        var reviewed = RulesFixtures.withEvidence(proposal, List.of(EvidenceType.of("security-review-passed")));
        assertThat(rules.evaluate(reviewed, DefaultPipelines.NEGOTIATION).isAllowed()).isTrue();
    }

    @Test
    void aSentenceNoPhraseMatchesIsRefusedAtItsLine() throws IOException {
        RuleLoadException refused = refusal("typo.dslr", SECURITY_REVIEW.replace("there is no evidence of", "there is no evidnce of"));
        assertThat(refused.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.file()).endsWith("typo.dslr");
            assertThat(problem.line()).isEqualTo(10);
            assertThat(problem.message()).isEqualTo("no phrase of the vocabulary matches: there is no evidnce of "
                    + "security-review-passed\nMaybe a word is misspelt; the phrases are in the .dsl files of the rule set.");
        });
    }

    @Test
    void theSandboxChecksWhatTheVocabularyExpandsTo() throws IOException {
        // A host vocabulary whose phrase hides code the sandbox forbids: refused at the .dslr line that uses it.
        Files.writeString(dir.resolve("tricks.dsl"), "[then]stop everything=System.exit( 0 );\n");
        RuleLoadException refused = refusal("hostile.dslr", HEADER + """
                rule "Looks harmless"
                when
                    When an evidence-based deal leaves proposal
                then
                    stop everything
                end
                """);
        assertThat(refused.problems()).isNotEmpty().allSatisfy(problem -> {
            assertThat(problem.file()).endsWith("hostile.dslr");
            assertThat(problem.line()).isEqualTo(10);
            assertThat(problem.message()).startsWith("not allowed by the rule sandbox:");
        });
    }

    @Test
    void aVocabularyLineThatCannotBeReadAndRulesWithoutAnyVocabularyAreRefused() throws IOException {
        Files.writeString(dir.resolve("broken.dsl"), "[when]fine phrase=Deal( )\n[sometimes]odd=x\n");
        RuleLoadException broken = refusal("rules.dslr", SECURITY_REVIEW);
        assertThat(broken.problems()).extracting(RuleProblem::line).contains(2);
        assertThat(broken.problems()).allSatisfy(problem -> assertThat(problem.message())
                .isEqualTo("this line of the vocabulary cannot be read: write '[when]phrase with {placeholders}=DRL' "
                        + "or '[then]phrase=DRL'"));
        Files.delete(dir.resolve("broken.dsl"));

        assertThatThrownBy(() -> load(RuleSources.none().withDirectory(dir)))
                .isInstanceOf(RuleLoadException.class)
                .hasMessageContaining("rules.dslr: is written in a business vocabulary, but the rule set has no .dsl "
                        + "file to expand it with");
    }

    @Test
    void aDslrFileReplacesTheDefaultDrlFileOfTheSameNameAndTheVocabularyIsPartOfTheVersion() throws IOException {
        Files.writeString(dir.resolve("gate-closing-exit.dslr"), """
                package host.rules;
                import dev.salespipeline.rules.facts.GateCheck;
                import dev.salespipeline.rules.facts.Evidence;
                // Relaxed: closing needs nothing.
                """);
        PipelineRules relaxed = load(RuleSources.defaults().withDirectory(dir));
        assertThat(relaxed.ruleSet().files()).extracting(RuleFile::name)
                .contains("gate-closing-exit.dslr").doesNotContain("gate-closing-exit.drl");
        assertThat(relaxed.evaluate(RulesFixtures.dealIn(DefaultPipelines.CLOSING, List.of()),
                DefaultPipelines.CLOSED_WON).isAllowed()).isTrue();

        String before = relaxed.version();
        Files.writeString(dir.resolve("extra.dsl"), "[when]a phrase nobody uses=Deal( )\n");
        assertThat(load(RuleSources.defaults().withDirectory(dir)).version()).isNotEqualTo(before);
    }
}
