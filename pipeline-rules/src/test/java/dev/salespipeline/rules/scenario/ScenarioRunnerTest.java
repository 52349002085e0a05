package dev.salespipeline.rules.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salespipeline.rules.RuleSources;
import dev.salespipeline.rules.scenario.ScenarioReport;
import dev.salespipeline.rules.scenario.ScenarioResult;
import dev.salespipeline.rules.scenario.ScenarioRunner;
import dev.salespipeline.rules.testing.RulesFixtures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a scenario fails, each named by file, line and what differed. */
class ScenarioRunnerTest {

    private static ScenarioRunner defaults;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadTheDefaultRules() {
        defaults = ScenarioRunner.builder(RuleSources.defaults()).today(LocalDate.of(2026, 2, 2)).build();
    }

    private ScenarioResult only(String text) throws IOException {
        ScenarioReport report = defaults.run(Files.writeString(dir.resolve("s.scenario"), text));
        assertThat(report.results()).hasSize(1);
        return report.results().get(0);
    }

    private String failureOf(String text) throws IOException {
        ScenarioResult result = only(text);
        assertThat(result.passed()).as(result.toString()).isFalse();
        return result.toString();
    }

    @Test
    void aWrongExpectationNamesTheLineAndBothOutcomes() throws IOException {
        assertThat(failureOf("""
                Scenario: Discovery is a formality
                  Given a deal in Discovery
                  When it asks to advance to Qualification
                  Then it is allowed
                """)).isEqualTo("s.scenario:4: Discovery is a formality: expected it to be allowed, but it is blocked by "
                + "[budget-range-confirmed, decision-maker-identified, pain-cost-documented, timeline-committed]");
        assertThat(failureOf("""
                Scenario: Proposal needs only the review
                  Given a deal in Proposal
                  When it asks to advance to Negotiation
                  Then it is blocked by proposal-reviewed-with-decision-maker
                """)).endsWith(": expected it to be blocked by [proposal-reviewed-with-decision-maker], but it is blocked "
                + "by [legal-review-started, pricing-feedback-received, proposal-reviewed-with-decision-maker, "
                + "scope-verbally-agreed]");
        assertThat(failureOf("""
                Scenario: Quiet
                  Given a deal in Qualification for 10 days
                  When alerts are swept
                  Then there are no alerts
                """)).isEqualTo("s.scenario:4: Quiet: expected no alerts, but the alerts are [no-activity]");
        assertThat(failureOf("""
                Scenario: Champion
                  Given a deal in Negotiation
                  When it is reviewed
                  Then regression to Discovery is recommended
                """)).isEqualTo("s.scenario:4: Champion: expected a regression to Discovery, but the recommendations are "
                + "regressions to [] and disqualifications for []");
    }

    @Test
    void linesTheRunnerCannotReadSayWhatItReads() throws IOException {
        assertThat(failureOf("""
                Scenario: Typo
                  Given a dael in Discovery
                  When it asks to advance to Qualification
                  Then it is allowed
                """)).startsWith("s.scenario:2: Typo: cannot read 'Given a dael in Discovery'; a Given line says one of "
                + "'today is YYYY-MM-DD', 'a deal in <stage> [of <pipeline>] [for N days]'");
        assertThat(failureOf("""
                Scenario: Order
                  Given a deal in Discovery
                  Then it is allowed
                  When it asks to advance to Qualification
                """)).isEqualTo("s.scenario:4: Order: 'When it asks to advance to Qualification' is out of order: a scenario "
                + "has Given lines, one When line, then Then lines");
        assertThat(failureOf("""
                Scenario: Role
                  Given a deal in Discovery
                  And a stakeholder Rina as treasurer
                  When it asks to advance to Qualification
                  Then it is allowed
                """)).isEqualTo("s.scenario:3: Role: 'treasurer' is not a stakeholder role; the roles are "
                + "[economic buyer, decision maker, champion, technical evaluator, legal, procurement, influencer]");
        assertThat(failureOf("""
                Scenario: Wrong answer
                  Given a deal in Discovery
                  When alerts are swept
                  Then it is allowed
                """)).isEqualTo("s.scenario:4: Wrong answer: 'Then it is allowed' does not answer the When line: after "
                + "'alerts are swept', say 'the alerts are …' or 'there are no alerts'");
        assertThat(failureOf("""
                Scenario: Nowhere
                  Given a deal in Closed-Won
                  When it asks to advance to Qualification
                  Then it is allowed
                """)).isEqualTo("s.scenario:1: Nowhere: 'Closed-Won' is not an open or nurture stage of pipeline "
                + "'evidence-based', whose stages are [discovery, qualification, proposal, negotiation, closing, "
                + "closed-won, closed-lost, disqualified, nurture]");
    }

    @Test
    void anUnknownPipelineIsNamedAtTheScenariosLine() throws IOException {
        assertThat(failureOf("""
                Scenario: Elsewhere
                  Given a deal in Proposal of enterprise
                  When it asks to advance to Negotiation
                  Then it is allowed
                """)).isEqualTo("s.scenario:1: Elsewhere: there is no pipeline 'enterprise'; the pipelines are "
                + "[evidence-based, classic]");
    }

    @Test
    void incompleteScenariosAndStrayLinesAreFailuresToo() throws IOException {
        assertThat(failureOf("Scenario: No when\n  Given a deal in Discovery\n"))
                .isEqualTo("s.scenario:1: No when: no When line; it says one of 'it asks to advance to <stage>', "
                        + "'alerts are swept [on YYYY-MM-DD]', 'it is reviewed'");
        assertThat(failureOf("Scenario: No deal\n  When alerts are swept\n  Then there are no alerts\n"))
                .isEqualTo("s.scenario:1: No deal: no 'Given a deal in <stage>' line");
        assertThat(failureOf("Given a deal in Discovery\n")).isEqualTo("s.scenario:1: (before any scenario): cannot read "
                + "'Given a deal in Discovery': a file holds 'Today is YYYY-MM-DD' and scenarios, each starting with "
                + "'Scenario:'");
        ScenarioRunner undated = ScenarioRunner.load(RuleSources.defaults());
        ScenarioResult result = undated.run(Files.writeString(dir.resolve("u.scenario"),
                "Scenario: When\n  Given a deal in Discovery\n  When alerts are swept\n  Then there are no alerts\n"))
                .results().get(0);
        assertThat(result.failure()).contains("no date: give one with 'Given today is YYYY-MM-DD', or 'Today is "
                + "YYYY-MM-DD' before the first scenario");
        assertThatThrownBy(result::assertPassed).isInstanceOf(AssertionError.class).hasMessageStartingWith("u.scenario:1: When: no date");
    }

    @Test
    void anAnalystsRuleIsCaughtByTheScenarioItBreaks() throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("security-review.drl"), RulesFixtures.HOST_HEADER + RulesFixtures.SECURITY_REVIEW_RULE);
        Path scenarios = Files.createDirectories(dir.resolve("scenarios"));
        Files.writeString(scenarios.resolve("b-proposal.scenario"), """
                Today is 2026-02-02
                Scenario: Proposal exits with the four criteria met
                  Given a deal in Proposal
                  And evidence proposal-reviewed-with-decision-maker, pricing-feedback-received
                  And evidence scope-verbally-agreed, legal-review-started
                  When it asks to advance to Negotiation
                  Then it is allowed
                """);
        Files.writeString(scenarios.resolve("a-discovery.scenario"), """
                Today is 2026-02-02
                Scenario: Discovery is unchanged
                  Given a deal in Discovery
                  And evidence budget-range-confirmed, decision-maker-identified, pain-cost-documented, timeline-committed
                  When it asks to advance to Qualification
                  Then it is allowed
                """);

        ScenarioReport before = ScenarioRunner.load(RuleSources.defaults()).run(scenarios);
        ScenarioReport after = ScenarioRunner.load(RuleSources.defaults().withDirectory(rules)).run(scenarios);

        assertThat(before.allPassed()).isTrue();
        assertThat(after.results()).extracting(ScenarioResult::name)
                .containsExactly("Discovery is unchanged", "Proposal exits with the four criteria met");
        assertThat(after.failures()).singleElement().hasToString("b-proposal.scenario:7: Proposal exits with the four "
                + "criteria met: expected it to be allowed, but it is blocked by [security-review-passed]");
        assertThat(after.summary()).isEqualTo("2 scenarios: 1 passed, 1 failed");
    }
}
