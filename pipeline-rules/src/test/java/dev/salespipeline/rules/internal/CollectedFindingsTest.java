package dev.salespipeline.rules.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.pipeline.PipelineDefinition;
import dev.salespipeline.rules.outcome.Alert;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

/** How alerts raised by several rules for one deal are kept: one per kind, the most severe, then the earliest. */
class CollectedFindingsTest {

    private static final PipelineDefinition PIPELINE = DefaultPipelines.evidenceBased();
    private static final LocalDate MONDAY = LocalDate.of(2026, 1, 5);

    private static CollectedFindings findings() {
        CollectedFindings findings = new CollectedFindings(PIPELINE, OpportunityId.of("opp-1"), PIPELINE.stage(DefaultPipelines.PROPOSAL));
        findings.ruleFiring("rule 'r'", 1);
        return findings;
    }

    @Test
    void atOneSeverityTheEarliestAlertOfAKindIsKept() {
        CollectedFindings later = findings();
        later.raise("stalled", "WARNING", MONDAY.plusDays(2), "second");
        later.raise("stalled", "WARNING", MONDAY, "first");
        CollectedFindings earlier = findings();
        earlier.raise("stalled", "WARNING", MONDAY, "first");
        earlier.raise("stalled", "WARNING", MONDAY.plusDays(2), "second");
        CollectedFindings tie = findings();
        tie.raise("stalled", "WARNING", MONDAY, "first");
        tie.raise("stalled", "WARNING", MONDAY, "second");

        assertThat(later.alerts()).extracting(Alert::message).containsExactly("first");
        assertThat(earlier.alerts()).extracting(Alert::message).containsExactly("first");
        assertThat(tie.alerts()).extracting(Alert::message).containsExactly("first");
    }

    @Test
    void aMoreSevereAlertReplacesALesserOneOfItsKindAndTakesItsFiringPlace() {
        CollectedFindings findings = findings();
        findings.raise("stalled", "ATTENTION", MONDAY, "lesser");
        findings.raise("ghosting", "ALERT", MONDAY, "other kind");
        findings.raise("stalled", "ALERT", MONDAY.plusDays(9), "graver");
        findings.raise("stalled", "WARNING", MONDAY.minusDays(9), "in between, earlier");

        assertThat(findings.alerts()).extracting(Alert::kind, Alert::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ghosting", "other kind"),
                        org.assertj.core.groups.Tuple.tuple("stalled", "graver"));
    }
}
