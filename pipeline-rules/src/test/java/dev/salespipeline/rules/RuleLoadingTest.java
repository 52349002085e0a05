package dev.salespipeline.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salespipeline.core.evidence.EvidenceType;
import dev.salespipeline.core.evidence.EvidenceTypes;
import dev.salespipeline.core.gate.UnmetCriterion;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.rules.testing.RulesFixtures;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleLoadingTest {

    private static final String HEADER = RulesFixtures.HOST_HEADER;

    /** An analyst adds a criterion: a security review before Negotiation. */
    private static final String SECURITY_REVIEW = HEADER + RulesFixtures.SECURITY_REVIEW_RULE;

    /** An analyst relaxes Proposal's exit by replacing the default file without the legal-review rule. */
    private static final String RELAXED_PROPOSAL = HEADER + """
            rule "Proposal exit: reviewed with the decision maker"
            when
                $gate : GateCheck( pipeline == "evidence-based", exiting == "proposal" )
                not Evidence( dealId == $gate.dealId, type == "proposal-reviewed-with-decision-maker" )
            then
                $gate.unmet( "proposal-reviewed-with-decision-maker", "Review the proposal with the decision maker." );
            end
            """;

    @TempDir
    Path hostRules;

    private Opportunity proposalWithAllButLegalReview() {
        List<EvidenceType> evidence = EvidenceTypes.progression().stream()
                .filter(type -> type != EvidenceTypes.LEGAL_REVIEW_STARTED).toList();
        return RulesFixtures.dealIn(DefaultPipelines.PROPOSAL, evidence);
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(hostRules.resolve(name), content, StandardCharsets.UTF_8);
    }

    private PipelineRules hostRules() {
        return PipelineRules.builder(RuleSources.defaults().withDirectory(hostRules)).clock(RulesFixtures.CLOCK).build();
    }

    @Test
    void aHostFileAddsACriterionWithoutAJavaChange() throws IOException {
        write("security-review.drl", SECURITY_REVIEW);
        Opportunity ready = RulesFixtures.withEvidence(proposalWithAllButLegalReview(),
                List.of(EvidenceTypes.LEGAL_REVIEW_STARTED));
        assertThat(RulesFixtures.DEFAULT_RULES.evaluate(ready, DefaultPipelines.NEGOTIATION).isAllowed()).isTrue();

        PipelineRules custom = hostRules();

        assertThat(custom.evaluate(ready, DefaultPipelines.NEGOTIATION).unmetCriteria()).singleElement()
                .isEqualTo(new UnmetCriterion("security-review-passed", "Pass the buyer's security review.",
                        DefaultPipelines.PROPOSAL, "rule 'Proposal exit: security review passed' in "
                        + hostRules.resolve("security-review.drl")));
        Opportunity reviewed = RulesFixtures.withEvidence(ready, List.of(EvidenceType.of("security-review-passed")));
        assertThat(custom.evaluate(reviewed, DefaultPipelines.NEGOTIATION).isAllowed()).isTrue();
    }

    @Test
    void aHostFileReplacesADefaultFileByNameAndSoRelaxesIt() throws IOException {
        Opportunity deal = proposalWithAllButLegalReview();
        assertThat(RulesFixtures.DEFAULT_RULES.evaluate(deal, DefaultPipelines.NEGOTIATION).unmetCriteria())
                .extracting(UnmetCriterion::criterionId).containsExactly("legal-review-started");

        write("gate-proposal-exit.drl", RELAXED_PROPOSAL);
        PipelineRules relaxed = hostRules();

        assertThat(relaxed.evaluate(deal, DefaultPipelines.NEGOTIATION).isAllowed()).isTrue();
        assertThat(relaxed.ruleSet().files()).extracting(RuleFile::name)
                .containsExactlyElementsOf(RuleSources.defaultFileNames());
        assertThat(relaxed.ruleSet().files()).filteredOn(file -> file.name().equals("gate-proposal-exit.drl"))
                .singleElement().extracting(RuleFile::location)
                .isEqualTo(hostRules.resolve("gate-proposal-exit.drl").toString());
    }

    @Test
    void theVersionIsAHashOfTheFiles() throws IOException {
        assertThat(PipelineRules.load(RuleSources.defaults()).version())
                .isEqualTo(RulesFixtures.DEFAULT_RULES.version()).matches("rules@[0-9a-f]{12}");
        write("security-review.drl", SECURITY_REVIEW);
        assertThat(hostRules().version()).isNotEqualTo(RulesFixtures.DEFAULT_RULES.version());
    }

    @Test
    void theDefaultIndexListsEveryShippedRuleFile() throws Exception {
        Path folder = Path.of(RuleSources.class.getClassLoader()
                .getResource("dev/salespipeline/rules/defaults/index.txt").toURI()).getParent();
        try (var files = Files.list(folder)) {
            assertThat(files.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".drl") || name.endsWith(".dslr") || name.endsWith(".dsl")))
                    .containsExactlyInAnyOrderElementsOf(RuleSources.defaultFileNames());
        }
    }

    @Test
    void aSyntaxErrorNamesFileAndLine() throws IOException {
        PipelineRules working = hostRules();
        write("broken.drl", HEADER + """
                rule "Missing then"
                when
                    $gate : GateCheck( )
                    $gate.unmet( "x", "y" );
                end
                """);
        // The parser notices the missing "then" when it meets "end".
        assertLoadFails(working, "broken.drl", 12);
    }

    @Test
    void aSyntaxErrorTheParserTripsOverIsReportedWithoutTheEnginesStackTrace() throws IOException {
        write("half-written.drl", HEADER + """
                rule "Half-written comparison"
                when
                    $gate : GateCheck( )
                    eval( 1 == )
                then
                    $gate.unmet( "x", "y" );
                end
                """);

        RuleLoadException refused = org.junit.jupiter.api.Assertions.assertThrows(RuleLoadException.class,
                this::hostRules);

        assertThat(refused.problems()).isNotEmpty().allSatisfy(problem -> {
            assertThat(problem.file()).isEqualTo(hostRules.resolve("half-written.drl").toString());
            assertThat(problem.line()).isEqualTo(11);
            assertThat(problem.message()).contains("Line 11:15").doesNotContain("\n", "Exception", "org.drools");
        });
    }

    @Test
    void anUnknownFieldNamesFileAndLine() throws IOException {
        PipelineRules working = hostRules();
        write("unknown-field.drl", HEADER + """
                rule "Unknown field"
                when
                    $gate : GateCheck( exitting == "proposal" )
                then
                    $gate.unmet( "x", "y" );
                end
                """);
        assertLoadFails(working, "unknown-field.drl", 10);
    }

    @Test
    void anUnknownTypeNamesFileAndLine() throws IOException {
        PipelineRules working = hostRules();
        write("unknown-type.drl", HEADER + """
                rule "Unknown type"
                when
                    $gate : GateCheck( )
                    Opportunity( id == $gate.dealId )
                then
                    $gate.unmet( "x", "y" );
                end
                """);
        assertLoadFails(working, "unknown-type.drl", 11);
    }

    @Test
    void aTypeMismatchIsCaughtAtLoadNotAtEvaluation() throws IOException {
        PipelineRules working = hostRules();
        write("type-mismatch.drl", HEADER + """
                rule "Type mismatch"
                when
                    $gate : GateCheck( )
                    Deal( id == $gate.dealId, value > "lots" )
                then
                    $gate.unmet( "x", "y" );
                end
                """);
        RuleLoadException error = assertLoadFails(working, "type-mismatch.drl", 11);
        assertThat(error.problems().get(0).message())
                .isEqualTo("type mismatch: Deal.value is a number (BigDecimal), but is compared with the text \"lots\"");
    }

    @Test
    void aBadConsequenceNamesFileAndLine() throws IOException {
        PipelineRules working = hostRules();
        write("bad-consequence.drl", HEADER + """
                rule "Bad consequence"
                when
                    $gate : GateCheck( )
                then
                    $gate.unmet( 42 );
                end
                """);
        // Passes the sandbox (a reporting call with a literal), fails the compiler, which points at the
        // rule's first line.
        RuleLoadException error = assertLoadFails(working, "bad-consequence.drl", 8);
        assertThat(error.getMessage()).contains("The method unmet(String, String) in the type GateCheck is not"
                + " applicable for the arguments (int)");
    }

    /**
     * The broken file is refused both when rules are first loaded and when working rules reload;
     * either way the one problem names the file and the line, and the working rules stay in force.
     */
    private RuleLoadException assertLoadFails(PipelineRules working, String file, int line) {
        String location = hostRules.resolve(file).toString();
        String versionInForce = working.version();
        RuleLoadException onReload = org.junit.jupiter.api.Assertions.assertThrows(RuleLoadException.class,
                working::reload);
        assertThat(working.version()).isEqualTo(versionInForce);
        RuleLoadException onLoad = org.junit.jupiter.api.Assertions.assertThrows(RuleLoadException.class,
                this::hostRules);
        assertThat(onLoad.problems()).isEqualTo(onReload.problems());
        assertThat(onReload.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo(location);
            assertThat(problem.line()).isEqualTo(line);
        });
        assertThat(onReload.getMessage()).contains(location + ":" + line + ": ");
        return onReload;
    }

    @Test
    void aBrokenReloadLeavesTheWorkingRulesInForce() throws IOException {
        write("security-review.drl", SECURITY_REVIEW);
        PipelineRules rules = hostRules();
        String working = rules.version();

        write("security-review.drl", SECURITY_REVIEW.replace("then", "thne"));
        assertThatThrownBy(rules::reload).isInstanceOf(RuleLoadException.class)
                .hasMessageContaining(hostRules.resolve("security-review.drl").toString());
        assertThat(rules.version()).isEqualTo(working);

        Files.delete(hostRules.resolve("security-review.drl"));
        assertThat(rules.reload().version()).isEqualTo(RulesFixtures.DEFAULT_RULES.version());
        assertThat(rules.version()).isEqualTo(RulesFixtures.DEFAULT_RULES.version());
    }

    @Test
    void sourcesThatCannotBeReadAreReportedAsLoadProblems() {
        Path missing = hostRules.resolve("no-such-folder");
        assertThatThrownBy(() -> PipelineRules.load(RuleSources.defaults().withDirectory(missing)))
                .isInstanceOf(RuleLoadException.class)
                .hasMessage("1 problem in the rules:\n  " + missing + ": is not a readable directory");
        assertThatThrownBy(() -> PipelineRules.load(RuleSources.none()))
                .isInstanceOf(RuleLoadException.class)
                .hasMessageContaining("no rule files were found");
    }

    @Test
    void watchingADirectoryReloadsOnChangeAndReportsBrokenFiles() throws Exception {
        PipelineRules rules = hostRules();
        BlockingQueue<Object> events = new ArrayBlockingQueue<>(10);
        AutoCloseable watch = rules.watch(Duration.ofMillis(50), new RuleWatchListener() {
            @Override
            public void reloaded(RuleSet ruleSet) {
                events.add(ruleSet);
            }

            @Override
            public void failed(RuleLoadException problem) {
                events.add(problem);
            }
        });
        try {
            write("security-review.drl", SECURITY_REVIEW);
            assertThat(events.poll(30, TimeUnit.SECONDS)).isInstanceOfSatisfying(RuleSet.class,
                    ruleSet -> assertThat(ruleSet.ruleNames()).contains("Proposal exit: security review passed"));
            String working = rules.version();

            write("security-review.drl", SECURITY_REVIEW.replace("then", "thne") + "\n// grows, so the change is seen");
            assertThat(events.poll(30, TimeUnit.SECONDS)).isInstanceOf(RuleLoadException.class);
            assertThat(rules.version()).isEqualTo(working);

            // Files in the business vocabulary are watched too: a new phrase file is a change.
            write("security-review.drl", SECURITY_REVIEW);
            assertThat(events.poll(30, TimeUnit.SECONDS)).isInstanceOf(RuleSet.class);
            write("extra.dsl", "[when]a phrase nobody uses=Deal( )\n");
            assertThat(events.poll(30, TimeUnit.SECONDS)).isInstanceOfSatisfying(RuleSet.class,
                    ruleSet -> assertThat(ruleSet.files()).extracting(RuleFile::name).contains("extra.dsl"));
        } finally {
            watch.close();
        }
    }

    @Test
    void aFileThatIsNotUtf8IsNamedItselfNotItsDirectory() throws IOException {
        write("security-review.drl", SECURITY_REVIEW);
        byte[] latin1 = (HEADER + "// Négociation\n").getBytes(StandardCharsets.ISO_8859_1);
        Files.write(hostRules.resolve("latin1.drl"), latin1);

        assertThatThrownBy(this::hostRules).isInstanceOf(RuleLoadException.class)
                .hasMessage("1 problem in the rules:\n  " + hostRules.resolve("latin1.drl") + ": is not UTF-8 text: save"
                        + " it as UTF-8 (rule files may hold any character, written as itself)");
    }

    @Test
    void aByteOrderMarkIsAcceptedAndALongLiteralLoads() throws IOException {
        // A literal of 9,000 characters used to overflow the stack of the old checker's regular expression.
        String longType = "security-review-passed-" + "x".repeat(9_000);
        write("security-review.drl", "\uFEFF" + SECURITY_REVIEW.replace("type == \"security-review-passed\"",
                "type == \"security-review-passed\" || type == \"" + longType + "\""));

        assertThat(hostRules().evaluate(proposalWithAllButLegalReview(), DefaultPipelines.NEGOTIATION).unmetCriteria())
                .extracting(UnmetCriterion::criterionId).contains("security-review-passed");
    }

    @Test
    void aFileTooLargeIsRefusedBeforeItIsRead() throws IOException {
        Path huge = hostRules.resolve("huge.drl");
        try (var channel = java.nio.channels.FileChannel.open(huge, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {'/'}), 64L * 1024 * 1024);
        }

        assertThatThrownBy(this::hostRules).isInstanceOf(RuleLoadException.class)
                .hasMessage("1 problem in the rules:\n  " + huge + ": is " + Files.size(huge) + " bytes; a rule file may"
                        + " have at most 8388608");
    }

    @Test
    void watchingSurvivesAListenerThatThrowsAndKeepsReloading() throws Exception {
        PipelineRules rules = hostRules();
        BlockingQueue<Object> events = new ArrayBlockingQueue<>(10);
        AutoCloseable watch = rules.watch(Duration.ofMillis(50), new RuleWatchListener() {
            @Override
            public void reloaded(RuleSet ruleSet) {
                events.add(ruleSet);
                throw new IllegalStateException("a listener that fails");
            }

            @Override
            public void failed(RuleLoadException problem) {
                events.add(problem);
                throw new StackOverflowError("a listener that fails harder");
            }
        });
        try {
            write("security-review.drl", SECURITY_REVIEW);
            assertThat(events.poll(30, TimeUnit.SECONDS)).isInstanceOf(RuleSet.class);
            write("security-review.drl", "(".repeat(5000) + "\n");
            assertThat(events.poll(30, TimeUnit.SECONDS)).isInstanceOfSatisfying(RuleLoadException.class,
                    problem -> assertThat(problem.getMessage()).contains("nested more than 64"));
            write("security-review.drl", SECURITY_REVIEW + "\n// fixed");
            assertThat(events.poll(30, TimeUnit.SECONDS)).isInstanceOf(RuleSet.class);
        } finally {
            watch.close();
        }
    }
}
