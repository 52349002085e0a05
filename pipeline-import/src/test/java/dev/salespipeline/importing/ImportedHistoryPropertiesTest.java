package dev.salespipeline.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.salespipeline.core.opportunity.GateRecord;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityEvent.StageChanged;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.pipeline.PipelineDefinition;
import dev.salespipeline.core.pipeline.Stage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CRM lets a deal jump between any two stages; the import must turn every such path into a legal
 * history. Over random paths through every stage of the pipeline (open, won, lost, disqualified,
 * nurture), one row per stage change.
 */
class ImportedHistoryPropertiesTest {

    private static final PipelineDefinition PIPELINE = DefaultPipelines.evidenceBased();
    private static final Instant START = Instant.parse("2025-01-06T09:00:00Z");
    private static final List<Stage> STAGES = PIPELINE.stages();

    @TempDir
    Path dir;

    private record Visit(Stage stage, Instant at) {
    }

    private static List<Visit> visits(List<Integer> stageIndexes, List<Integer> gapsInHours) {
        List<Visit> visits = new ArrayList<>();
        Instant at = START;
        for (int index = 0; index < stageIndexes.size(); index++) {
            at = at.plusSeconds(3600L * gapsInHours.get(index % gapsInHours.size()));
            visits.add(new Visit(STAGES.get(stageIndexes.get(index)), at));
        }
        return visits;
    }

    private Opportunity importPath(List<Visit> visits) {
        StringBuilder csv = new StringBuilder("id,changed-at,stage,account,owner,value,currency,close-date\n");
        for (Visit visit : visits) {
            // Display names, as a CRM would write them: the import matches them to the pipeline's stages.
            csv.append("deal-1,").append(visit.at()).append(',').append(visit.stage().displayName())
                    .append(",Acme,Rep,1000,EUR,2026-12-31\n");
        }
        try {
            Path file = Files.writeString(Files.createTempFile(dir, "path", ".csv"), csv);
            ImportMapping mapping = ImportMapping.csv("evidence-based").toBuilder().layout(CsvLayout.CHANGE_PER_ROW).build();
            ImportResult result = CrmImport.builder(mapping, DefaultPipelines.catalog()).build().read(file);
            assertThat(result.report().problems()).isEmpty();
            return result.opportunities().get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyPathEndsInItsLastStageThroughLegalMovesAndRestoresToItself() {
        qt().withExamples(150)
                .forAll(lists().of(integers().between(0, STAGES.size() - 1)).ofSizeBetween(1, 12),
                        lists().of(integers().between(0, 500)).ofSizeBetween(1, 12))
                .checkAssert((stageIndexes, gaps) -> {
                    List<Visit> visits = visits(stageIndexes, gaps);
                    Opportunity deal = importPath(visits);
                    Visit last = visits.get(visits.size() - 1);

                    assertThat(deal.stageId()).isEqualTo(last.stage().id());
                    assertThat(deal.createdAt()).isEqualTo(visits.get(0).at());
                    assertThat(Opportunity.restore(PIPELINE, deal.history())).isEqualTo(deal);
                    for (StageChanged change : deal.stageChanges()) {
                        assertThat(change.gate().kind()).isEqualTo(change.move().isGated()
                                ? GateRecord.Kind.IMPORTED : GateRecord.Kind.NOT_REQUIRED);
                    }
                    // As of each visit, the deal stood in the stage of the last visit made by then.
                    for (Visit visit : visits) {
                        Visit standing = visits.stream().filter(other -> !other.at().isAfter(visit.at()))
                                .reduce((first, second) -> second).orElseThrow();
                        assertThat(deal.asOf(visit.at()).orElseThrow().stageId()).isEqualTo(standing.stage().id());
                    }
                });
    }
}
