package dev.salespipeline.importing;

import dev.salespipeline.core.opportunity.Actor;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.pipeline.PipelineCatalog;
import dev.salespipeline.core.pipeline.PipelineDefinition;
import dev.salespipeline.core.pipeline.StageId;
import dev.salespipeline.importing.internal.CsvTable;
import dev.salespipeline.importing.internal.DealDraft;
import dev.salespipeline.importing.internal.DraftReader;
import dev.salespipeline.importing.internal.HistoryAssembler;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Imports a CRM export as opportunities with their stage histories.
 *
 * <pre>{@code
 * CrmImport crm = CrmImport.builder(ImportMapping.salesforce(), DefaultPipelines.catalog())
 *         .mode(ImportMode.VALID_DEALS).build();
 * ImportResult result = crm.read(Path.of("Opportunities.csv"), Path.of("OpportunityHistory.csv"));
 * result.report().problems().forEach(System.err::println);
 * }</pre>
 *
 * <p>Each deal's rows become a history of events (created, details changed, stage changed) restored
 * through {@link Opportunity#restore}, so an imported deal obeys every rule a live one does. A deal is
 * imported whole or not at all; {@link ImportMode} decides whether one bad deal stops the rest. A file
 * that cannot be read at all, or lacks a required column, stops the whole import in either mode, since
 * no deal could then be known to be complete.
 *
 * <p>Stage moves made in the CRM carry {@link dev.salespipeline.core.opportunity.GateRecord#imported}:
 * no exit criterion of this library judged them, and the record says so. Imported deals have no
 * evidence, so their next gate is blocked until evidence is recorded — which is the point.
 *
 * <p>Immutable and thread-safe; {@link #read} may run concurrently. Files are read whole into memory
 * (at most {@value CsvTable#MAX_FILE_BYTES} bytes each).
 */
public final class CrmImport {

    private final ImportMapping mapping;
    private final PipelineDefinition pipeline;
    private final ImportMode mode;
    private final Actor actor;
    private final Charset charset;

    private CrmImport(Builder builder) {
        this.mapping = builder.mapping;
        this.pipeline = builder.pipeline;
        this.mode = builder.mode;
        this.actor = builder.actor;
        this.charset = builder.charset != null ? builder.charset : builder.mapping.charset();
    }

    /**
     * An import with {@code mapping}, whose pipeline must be in {@code pipelines}.
     *
     * @throws InvalidMappingException if the pipeline is not in the catalogue, or the stage table names a
     *                                 stage the pipeline does not have
     */
    public static Builder builder(ImportMapping mapping, PipelineCatalog pipelines) {
        return new Builder(mapping, pipelines);
    }

    /** Imports one file: a Salesforce opportunities export, a HubSpot deals export or a generic CSV. */
    public ImportResult read(Path file) {
        Objects.requireNonNull(file, "file");
        return run(file, null);
    }

    /**
     * Imports a Salesforce opportunities export with its OpportunityHistory export, which gives each
     * deal's stage, amount and close-date changes.
     *
     * @throws IllegalStateException if the mapping is not for Salesforce
     */
    public ImportResult read(Path opportunities, Path history) {
        Objects.requireNonNull(opportunities, "opportunities");
        Objects.requireNonNull(history, "history");
        if (mapping.format() != ImportFormat.SALESFORCE) {
            throw new IllegalStateException("a history file is read only with a Salesforce mapping, but the mapping "
                    + "is for " + mapping.format() + "\nMaybe start the mapping from ImportMapping.salesforce().");
        }
        return run(opportunities, history);
    }

    private ImportResult run(Path file, Path history) {
        DraftReader reader = new DraftReader(mapping, pipeline);
        read(reader, file, table -> {
            if (mapping.format() == ImportFormat.CSV && mapping.layout() == CsvLayout.CHANGE_PER_ROW) {
                reader.readChanges(table);
            } else {
                reader.readDeals(table);
            }
        });
        if (history != null && !reader.fileRefused()) {
            read(reader, history, reader::readSalesforceHistory);
        }
        reader.finish();

        HistoryAssembler assembler = new HistoryAssembler(pipeline, actor, systemName());
        List<Opportunity> imported = new ArrayList<>();
        List<ImportProblem> problems = new ArrayList<>(reader.unattachedProblems());
        List<ImportProblem> adjustments = new ArrayList<>();
        int dealsAdjusted = 0;
        int rowsImported = 0;
        int dealsRejected = 0;
        for (DealDraft draft : reader.drafts()) {
            if (draft.problems().isEmpty()) {
                try {
                    imported.add(assembler.assemble(draft));
                    rowsImported += draft.rows();
                    adjustments.addAll(draft.adjustments());
                    dealsAdjusted += draft.adjustments().isEmpty() ? 0 : 1;
                    continue;
                } catch (IllegalArgumentException | IllegalStateException e) {
                    // The core's checks of the assembled history: the exception names what did not fit.
                    problems.add(new ImportProblem(draft.file(), draft.line(), "", "",
                            "the deal '" + draft.id() + "' cannot be imported: " + e.getMessage()));
                }
            }
            problems.addAll(draft.problems());
            dealsRejected++;
        }
        if (reader.fileRefused() || (mode == ImportMode.ALL_OR_NOTHING && !problems.isEmpty())) {
            dealsRejected += imported.size();
            imported.clear();
            adjustments.clear();
            dealsAdjusted = 0;
            rowsImported = 0;
        }
        problems.sort(Comparator.comparing((ImportProblem problem) -> !problem.file().equals(fileName(file)))
                .thenComparingLong(ImportProblem::line));
        int rowsRejected = reader.rowsRead() - reader.rowsSkipped() - rowsImported;
        adjustments.sort(Comparator.comparing(ImportProblem::file).thenComparingLong(ImportProblem::line));
        ImportReport report = new ImportReport(reader.rowsRead(), rowsImported, rowsRejected, reader.rowsSkipped(),
                imported.size(), dealsAdjusted, dealsRejected, problems, adjustments);
        return new ImportResult(imported, report);
    }

    private void read(DraftReader reader, Path file, java.util.function.Consumer<CsvTable> rows) {
        CsvTable table;
        try {
            table = CsvTable.read(file, charset, mapping.delimiter());
        } catch (CsvTable.Unreadable unreadable) {
            reader.refuseFile(fileName(file), unreadable.line(), "the file " + unreadable.getMessage());
            return;
        }
        rows.accept(table);
    }

    private static String fileName(Path file) {
        return String.valueOf(file.getFileName());
    }

    private String systemName() {
        return switch (mapping.format()) {
            case SALESFORCE -> "Salesforce";
            case HUBSPOT -> "HubSpot";
            case CSV -> "CSV import";
        };
    }

    public ImportMapping mapping() {
        return mapping;
    }

    public ImportMode mode() {
        return mode;
    }

    /** Builds a {@link CrmImport}; checks the mapping against the pipeline when built. */
    public static final class Builder {

        private final ImportMapping mapping;
        private final PipelineDefinition pipeline;
        private ImportMode mode = ImportMode.ALL_OR_NOTHING;
        private Actor actor = Actor.of("crm-import");
        private Charset charset;

        private Builder(ImportMapping mapping, PipelineCatalog pipelines) {
            this.mapping = Objects.requireNonNull(mapping, "mapping");
            Objects.requireNonNull(pipelines, "pipelines");
            this.pipeline = pipelines.pipelines().stream().filter(candidate -> candidate.id().equals(mapping.pipeline()))
                    .findFirst().orElseThrow(() -> new InvalidMappingException("the mapping's pipeline '"
                            + mapping.pipeline() + "' is not in the catalogue, which has "
                            + pipelines.pipelines().stream().map(known -> known.id().value()).toList()));
            List<String> unknown = new ArrayList<>();
            for (Map.Entry<String, StageId> entry : mapping.stages().entrySet()) {
                if (pipeline.findStage(entry.getValue()).isEmpty()) {
                    unknown.add("'" + entry.getKey() + "' → '" + entry.getValue() + "'");
                }
            }
            if (!unknown.isEmpty()) {
                throw new InvalidMappingException("the stage table maps to stages that pipeline '" + pipeline.id()
                        + "' does not have: " + String.join(", ", unknown) + "; its stages are "
                        + pipeline.openStages().stream().map(stage -> stage.id().value()).toList()
                        + " and its closed and nurture stages");
            }
        }

        /** All or nothing (the default), or every valid deal. */
        public Builder mode(ImportMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Who the history's events are recorded as done by; {@code crm-import} by default. */
        public Builder actor(Actor actor) {
            this.actor = Objects.requireNonNull(actor, "actor");
            return this;
        }

        /**
         * The files' character set, in place of the mapping's ({@link ImportMapping#charset()}, UTF-8 by
         * default). Bytes not valid in it refuse the file; a byte-order mark overrides it.
         */
        public Builder charset(Charset charset) {
            this.charset = Objects.requireNonNull(charset, "charset");
            return this;
        }

        public CrmImport build() {
            return new CrmImport(this);
        }
    }
}
