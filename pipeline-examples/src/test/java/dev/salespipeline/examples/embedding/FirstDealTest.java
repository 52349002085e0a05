package dev.salespipeline.examples.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salespipeline.core.gate.ExitCriterion;
import dev.salespipeline.core.gate.RequiredEvidenceGateEvaluator;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.pipeline.PipelineDefinition;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class FirstDealTest {

    @Test
    void listsThePipelinesAndShowsARefusedThenEarnedAdvance() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        FirstDeal.run(new PrintStream(buffer, true, StandardCharsets.UTF_8),
                Clock.fixed(Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC));
        String output = buffer.toString(StandardCharsets.UTF_8);

        assertThat(output).startsWith("sales-pipeline demo: pipeline loaded");
        for (PipelineDefinition pipeline : DefaultPipelines.catalog().pipelines()) {
            assertThat(output).contains(pipeline.name() + " (" + pipeline.id() + "), " + pipeline.stages().size() + " stages");
        }
        for (ExitCriterion criterion : RequiredEvidenceGateEvaluator.defaults()
                .exitCriteria(DefaultPipelines.evidenceBased().id(), DefaultPipelines.DISCOVERY)) {
            assertThat(output).contains("  - " + criterion.id() + ": " + criterion.message());
        }
        assertThat(output).contains("advance to Qualification without evidence: REFUSED")
                .contains("(rule 'Discovery exit: budget range confirmed' in "
                        + "classpath:dev/salespipeline/rules/defaults/gate-discovery-exit.drl)")
                .contains("Advance to Qualification with evidence: ALLOWED -> now in Qualification (history: 6 events)")
                .contains("Rules recommend: regress to Discovery (champion-left)");
    }
}
