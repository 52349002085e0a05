package dev.salespipeline.importing.internal;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.money.Money;
import dev.salespipeline.core.opportunity.DealValue;
import dev.salespipeline.core.opportunity.OpportunityDetails;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.pipeline.PipelineDefinition;
import dev.salespipeline.core.pipeline.Stage;
import dev.salespipeline.core.pipeline.StageId;
import dev.salespipeline.core.pipeline.StageKind;
import dev.salespipeline.importing.CsvLayout;
import dev.salespipeline.importing.ImportField;
import dev.salespipeline.importing.ImportFormat;
import dev.salespipeline.importing.ImportMapping;
import dev.salespipeline.importing.ImportProblem;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Currency;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the rows of an export into {@link DealDraft}s, one per deal id, attaching every problem to the
 * deal whose row it is in, so that a deal with any bad row is rejected whole. Rows with no usable id,
 * and whole files that cannot be read, are reported on their own. One reader serves one import run.
 */
public final class DraftReader {

    private static final Pattern HUBSPOT_STAGE_DATE = Pattern.compile("(?i)^date (entered|exited)\\s+(.+)$");
    private static final Pattern TRAILING_PARENTHESES = Pattern.compile("^(.*?)\\s*\\(([^()]*)\\)$");

    private final ImportMapping mapping;
    private final PipelineDefinition pipeline;
    private final Cells cells;
    private final Map<String, DealDraft> drafts = new LinkedHashMap<>();
    private final List<ImportProblem> unattached = new ArrayList<>();
    private int rowsRead;
    private int unattachedRows;
    private int rowsSkipped;
    private final Set<String> skippedIds = new HashSet<>();
    private boolean fileRefused;

    public DraftReader(ImportMapping mapping, PipelineDefinition pipeline) {
        this.mapping = mapping;
        this.pipeline = pipeline;
        this.cells = new Cells(mapping.decimalSeparator(), mapping.zone(), mapping.datePatterns(),
                mapping.probabilityInPercent());
    }

    /** A file that cannot be read at all; nothing of the import can be trusted to be complete. */
    public void refuseFile(String file, long line, String reason) {
        unattached.add(new ImportProblem(file, line, "", "", reason));
        fileRefused = true;
    }

    public boolean fileRefused() {
        return fileRefused;
    }

    public Collection<DealDraft> drafts() {
        return drafts.values();
    }

    /** Problems of rows that belong to no deal, and of whole files. */
    public List<ImportProblem> unattachedProblems() {
        return unattached;
    }

    public int rowsRead() {
        return rowsRead;
    }

    public int unattachedRows() {
        return unattachedRows;
    }

    /** Rows of another CRM pipeline than the mapping's source pipeline. */
    public int rowsSkipped() {
        return rowsSkipped;
    }

    /**
     * The columns of {@code fields} in {@code table}; refuses the file if a required one is missing. In
     * the main file ({@code main}), a field the mapping gives a constant, a derivation or generated ids
     * reads no column, one with a default needs none, and a column named by the mapping's own {@code column}
     * lines is not taken by another field's default headers.
     */
    private Optional<Map<ImportField, Integer>> columns(CsvTable table, Map<ImportField, List<String>> headers,
                                                       List<ImportField> required, boolean main) {
        Map<ImportField, Integer> found = new EnumMap<>(ImportField.class);
        List<String> missing = new ArrayList<>();
        Set<ImportField> missingFields = EnumSet.noneOf(ImportField.class);
        Set<ImportField> chosen = main ? mapping.chosenColumns() : Set.of();
        Set<Integer> taken = new HashSet<>();
        Optional<String> unknownOperands = Optional.empty();
        if (main) {
            // The columns a derivation reads are the mapping's choice: no format default binds to them.
            unknownOperands = operandsMissing(table);
            operands.values().forEach(list -> list.forEach(operand -> {
                if (operand.column() != null) {
                    taken.add(operand.column());
                }
            }));
        }
        List<ImportField> order = new ArrayList<>(headers.keySet());
        order.sort(Comparator.comparing(field -> !chosen.contains(field)));
        for (ImportField field : order) {
            if (main && readsNoColumn(field)) {
                continue;
            }
            List<String> candidates = headers.get(field);
            OptionalInt index = chosen.contains(field) ? table.column(candidates) : freeColumn(table, candidates, taken);
            if (index.isPresent()) {
                found.put(field, index.getAsInt());
                taken.add(index.getAsInt());
            } else if (required.contains(field) && !(main && mapping.suppliesWithoutColumn(field))) {
                missing.add("'" + field.mappingName() + "' (a column named " + String.join(" or ", candidates) + ")");
                missingFields.add(field);
            }
        }
        for (ImportField field : required) {
            if (!headers.containsKey(field) && !(main && mapping.suppliesWithoutColumn(field))) {
                missing.add("'" + field.mappingName() + "' (the mapping names no column for it)");
                missingFields.add(field);
            }
        }
        unknownOperands.ifPresent(missing::add);
        if (!missing.isEmpty()) {
            rowsRead += table.rows().size();
            unattachedRows += table.rows().size();
            refuseFile(table.name(), 1, "missing required column" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + "; the header has " + table.headers()
                    + missingColumnsHint(table, missingFields));
            return Optional.empty();
        }
        return Optional.of(found);
    }

    /** A field whose value comes from the mapping rather than from a column of its own. */
    private boolean readsNoColumn(ImportField field) {
        return mapping.constants().containsKey(field) || mapping.derivations().containsKey(field)
                || (field == ImportField.ID && mapping.idTemplate().isPresent());
    }

    /** The first of {@code candidates} present in {@code table} and not bound to another field already. */
    private static OptionalInt freeColumn(CsvTable table, List<String> candidates, Set<Integer> taken) {
        for (String candidate : candidates) {
            OptionalInt index = table.column(List.of(candidate));
            if (index.isPresent() && !taken.contains(index.getAsInt())) {
                return index;
            }
        }
        return OptionalInt.empty();
    }

    /** The derivations' operands, resolved against the header of {@code table}. */
    private Map<ImportField, List<Operand>> operands = Map.of();
    private final Map<ImportField, Derivation> derivations = new EnumMap<>(ImportField.class);

    /**
     * Resolves each derivation's operands to a column of {@code table}, a field or a number of days; the
     * operands that are none of these, described for the refusal, if any.
     */
    private Optional<String> operandsMissing(CsvTable table) {
        Map<ImportField, List<Operand>> resolved = new EnumMap<>(ImportField.class);
        List<String> unknown = new ArrayList<>();
        mapping.derivations().forEach((field, text) -> {
            Derivation derivation = Derivation.parse(field, text);
            derivations.put(field, derivation);
            List<Operand> list = new ArrayList<>();
            for (int index = 0; index < derivation.operands().size(); index++) {
                String name = derivation.operands().get(index);
                boolean subtract = derivation.subtracts().get(index);
                OptionalInt column = table.column(List.of(name));
                if (derivation.isLiteralDays(index)) {
                    list.add(new Operand(name, null, null, Long.parseLong(name), subtract));
                } else if (ImportField.fromMappingName(name).isPresent()) {
                    // A field's name means the field as the mapping gives it (its constant, its column, its default),
                    // even where the file also has a column of that name.
                    list.add(new Operand(name, null, ImportField.fromMappingName(name).get(), null, subtract));
                } else if (column.isPresent()) {
                    list.add(new Operand(name, column.getAsInt(), null, null, subtract));
                } else {
                    unknown.add("'" + name + "' (in 'derive " + field.mappingName() + " = " + text + "')");
                }
            }
            resolved.put(field, List.copyOf(list));
        });
        operands = resolved;
        return unknown.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", unknown));
    }

    /**
     * An operand of a derivation: the cell of {@code column}, the value of {@code field}, or a number of
     * {@code days} written in the mapping; exactly one is set.
     */
    private record Operand(String name, Integer column, ImportField field, Long days, boolean subtract) {
    }

    /**
     * The likeliest fix for missing columns: another delimiter when the header is one cell holding one
     * (Excel writes {@code ;} where the decimal separator is a comma), a default currency when only the
     * currency column is missing (neither CRM exports one unless multi-currency is on), else a column line.
     */
    private String missingColumnsHint(CsvTable table, Set<ImportField> missing) {
        if (table.headers().size() == 1) {
            String header = table.headers().get(0);
            for (char candidate : new char[] {';', '\t', ',', '|'}) {
                if (candidate != mapping.delimiter() && header.indexOf(candidate) >= 0) {
                    String name = candidate == '\t' ? "tab" : String.valueOf(candidate);
                    return "\nThe header is one cell holding '" + (candidate == '\t' ? "\\t" : name) + "': the file is"
                            + " " + name + "-separated. Add the line 'delimiter = " + name + "' to the mapping"
                            + (candidate == ';' ? ", and 'decimal-separator = ,' if amounts are written 1.250,50" : "")
                            + ".";
                }
            }
        }
        if (missing.equals(EnumSet.of(ImportField.CURRENCY))) {
            return "\nIf every amount is in one currency, add the line 'currency = USD' (its ISO code) to the mapping;"
                    + " otherwise map the currency column with 'column currency = <header>'.";
        }
        return "\nMaybe the export has other column names: map them with 'column <field> = <header>'"
                + (missing.contains(ImportField.CURRENCY) ? ", or give one currency with 'currency = USD'" : "") + ".";
    }

    private List<ImportField> requiredDealFields(boolean changeRows) {
        List<ImportField> required = new ArrayList<>(List.of(ImportField.ID, ImportField.ACCOUNT, ImportField.OWNER,
                ImportField.VALUE, ImportField.CLOSE_DATE, ImportField.STAGE));
        required.add(changeRows ? ImportField.CHANGED_AT : ImportField.CREATED);
        if (mapping.currency().isEmpty()) {
            required.add(ImportField.CURRENCY);
        }
        if (mapping.sourcePipeline().isPresent()) {
            required.add(ImportField.PIPELINE);
        }
        return required;
    }

    /** One row per deal: a Salesforce opportunities export, a HubSpot deals export or a CSV of that layout. */
    public void readDeals(CsvTable table) {
        readRows(table, false);
    }

    /** One row per stage change (a generic CSV of {@link CsvLayout#CHANGE_PER_ROW}). */
    public void readChanges(CsvTable table) {
        readRows(table, true);
    }

    private void readRows(CsvTable table, boolean changeRows) {
        Optional<Map<ImportField, Integer>> found = columns(table, mapping.columns(), requiredDealFields(changeRows), true);
        if (found.isEmpty()) {
            return;
        }
        Integer pipelineColumn = found.get().get(ImportField.PIPELINE);
        if (pipelineColumn != null && mapping.sourcePipeline().isEmpty() && refusedForSeveralPipelines(table, pipelineColumn)) {
            return;
        }
        List<StageDateColumn> stageDates = mapping.format() == ImportFormat.HUBSPOT ? stageDateColumns(table) : List.of();
        Map<List<String>, FirstRow> firstRows = new HashMap<>();
        for (CsvTable.Row row : table.rows()) {
            rowsRead++;
            RowReading reading = new RowReading(table, row, found.get(), true);
            if (pipelineColumn != null && mapping.sourcePipeline().isPresent()
                    && !row.cell(pipelineColumn).strip().equalsIgnoreCase(mapping.sourcePipeline().get())) {
                rowsSkipped++;
                skippedIds.add(reading.raw(ImportField.ID).strip());
                continue;
            }
            // Without ids (generated from line numbers), two equal rows may be two deals: each is read.
            FirstRow first = mapping.idTemplate().isPresent() ? null : firstRows.get(row.cells());
            if (first != null) {
                // Real exports repeat rows (a report joined to a child object, a file appended twice): a row
                // equal to an earlier one in every cell says nothing new, so it is read once.
                first.draft().rows++;
                first.draft().adjustments.add(new ImportProblem(table.name(), row.line(), reading.header(ImportField.ID),
                        reading.raw(ImportField.ID), "repeats line " + first.line() + " cell for cell: read once"));
                continue;
            }
            // One row per deal must have unique ids; one row per change repeats them by design.
            Optional<DealDraft> owner = ownerOf(reading, !changeRows);
            if (owner.isEmpty()) {
                continue;
            }
            DealDraft draft = owner.get();
            firstRows.put(row.cells(), new FirstRow(row.line(), draft));
            reading.readDeal(draft, changeRows);
            for (StageDateColumn column : stageDates) {
                column.read(reading, draft);
            }
            draft.problems.addAll(reading.problems);
            draft.adjustments.addAll(reading.adjustments);
        }
    }

    /** Where a row was first read, and the deal it went to. */
    private record FirstRow(long line, DealDraft draft) {
    }

    /**
     * Deals of several CRM pipelines cannot be told apart by stage names alone (HubSpot's pipelines
     * share "Closed Won"), so such an export is refused until the mapping names the one to import.
     */
    private boolean refusedForSeveralPipelines(CsvTable table, int pipelineColumn) {
        Set<String> pipelines = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        table.rows().forEach(row -> {
            if (!row.cell(pipelineColumn).isBlank()) {
                pipelines.add(row.cell(pipelineColumn).strip());
            }
        });
        if (pipelines.size() < 2) {
            return false;
        }
        rowsRead += table.rows().size();
        unattachedRows += table.rows().size();
        refuseFile(table.name(), 1, "holds deals of " + pipelines.size() + " pipelines " + pipelines
                + " in column '" + table.headers().get(pipelineColumn) + "', whose stages cannot be told apart"
                + "\nMaybe set 'source-pipeline = <one of them>' in the mapping, and import each pipeline on its own.");
        return true;
    }

    /** A Salesforce OpportunityHistory export: one row per change of stage, amount or close date. */
    public void readSalesforceHistory(CsvTable table) {
        if (mapping.idTemplate().isPresent()) {
            rowsRead += table.rows().size();
            unattachedRows += table.rows().size();
            refuseFile(table.name(), 1, "names each row's deal by its id, but the mapping generates the deals' ids"
                    + " ('generate id'), so no history row can name one");
            return;
        }
        Optional<Map<ImportField, Integer>> found = columns(table, mapping.historyColumns(),
                List.of(ImportField.ID, ImportField.STAGE, ImportField.CHANGED_AT), false);
        if (found.isEmpty()) {
            return;
        }
        Map<List<String>, FirstRow> historyRows = new HashMap<>();
        for (CsvTable.Row row : table.rows()) {
            rowsRead++;
            RowReading reading = new RowReading(table, row, found.get(), false);
            String id = reading.raw(ImportField.ID).strip();
            DealDraft draft = drafts.get(id);
            if (draft == null && skippedIds.contains(id)) {
                rowsSkipped++;
                continue;
            }
            if (draft == null) {
                unattachedRows++;
                unattached.add(reading.problem(ImportField.ID, id.isEmpty() ? "is blank: every history row needs the "
                        + "opportunity's id" : "names no opportunity of the opportunities export"));
                continue;
            }
            FirstRow first = historyRows.get(row.cells());
            if (first != null) {
                draft.rows++;
                draft.adjustments.add(new ImportProblem(table.name(), row.line(), reading.header(ImportField.ID), id,
                        "repeats line " + first.line() + " cell for cell: read once"));
                continue;
            }
            historyRows.put(row.cells(), new FirstRow(row.line(), draft));
            draft.rows++;
            reading.readHistory(draft);
            draft.problems.addAll(reading.problems);
            draft.adjustments.addAll(reading.adjustments);
        }
    }

    private Optional<DealDraft> ownerOf(RowReading reading, boolean uniquePerRow) {
        String id = reading.raw(ImportField.ID).strip();
        if (id.isEmpty()) {
            unattachedRows++;
            unattached.add(reading.problem(ImportField.ID, "is blank: every row needs the deal's id"));
            return Optional.empty();
        }
        DealDraft existing = drafts.get(id);
        if (existing == null) {
            DealDraft draft = new DealDraft(id, reading.table.name(), reading.row.line());
            drafts.put(id, draft);
            draft.rows++;
            try {
                OpportunityId.of(id);
            } catch (InvalidValueException e) {
                // Refused here, where the column is known, rather than by the core when the deal is built.
                draft.problems.add(reading.problem(ImportField.ID, "cannot be a deal id: an id is 1 to 128 visible"
                        + " characters without spaces"));
            }
            return Optional.of(draft);
        }
        existing.rows++;
        if (uniquePerRow) {
            existing.problems.add(reading.problem(ImportField.ID, "is a duplicate: line " + existing.line
                    + " has the same id, so neither row can be trusted"));
        }
        return Optional.of(existing);
    }

    /**
     * Orders each deal's visits, adds the visit to its final stage where the rows imply one, and checks
     * what needs all of a deal's rows. Call once, after every file is read.
     */
    public void finish() {
        for (DealDraft draft : drafts.values()) {
            if (!draft.problems.isEmpty() || draft.details == null || draft.created == null) {
                if (draft.problems.isEmpty()) {
                    draft.problems.add(new ImportProblem(draft.file, draft.line, "", "",
                            "the deal has no row with its fields"));
                }
                continue;
            }
            draft.visits.sort(Comparator.comparing(DealDraft.Visit::at));
            // Migrated data carries the load date as its created date: a deal whose recorded stages, or whose
            // close, came before it was created in the CRM was created then at the latest.
            if (!draft.visits.isEmpty() && draft.visits.get(0).at().isBefore(draft.created)) {
                DealDraft.Visit first = draft.visits.get(0);
                draft.adjustments.add(new ImportProblem(first.file(), first.line(), first.atColumn(),
                        first.at().toString(), "is before the deal's created date " + draft.createdDate
                        + ": the deal is taken as created then (migrated data often carries the load date)"));
                created(draft, first.at());
            }
            Stage last = draft.visits.isEmpty() ? null : pipeline.stage(draft.visits.get(draft.visits.size() - 1).stage());
            boolean closedOnItsCloseDate = draft.finalStage != null && pipeline.stage(draft.finalStage).isTerminal()
                    && (last == null || !last.id().equals(draft.finalStage));
            LocalDate closeDate = draft.details.expectedCloseDate();
            if (closedOnItsCloseDate && closeDate.isBefore(draft.createdDate)) {
                // A closed deal keeps its real close date; an open one past due is imported as it is, and
                // the alert on a passed close date says so.
                draft.adjustments.add(new ImportProblem(draft.file, draft.line, header(draft, ImportField.CLOSE_DATE),
                        closeDate.toString(), "is before the deal's created date " + draft.createdDate + ": the closed"
                        + " deal keeps its close date and is taken as created on it (migrated data)"));
                created(draft, closeDate.atStartOfDay(mapping.zone()).toInstant());
            }
            completeVisits(draft);
        }
    }

    private void created(DealDraft draft, Instant at) {
        if (at.isBefore(draft.created)) {
            draft.created = at;
            draft.createdDate = LocalDate.ofInstant(at, mapping.zone());
        }
    }

    private void completeVisits(DealDraft draft) {
        Stage last = draft.visits.isEmpty() ? null : pipeline.stage(draft.visits.get(draft.visits.size() - 1).stage());
        if (draft.finalStage == null || (last != null && last.id().equals(draft.finalStage))) {
            return;
        }
        Stage target = pipeline.stage(draft.finalStage);
        if (last == null) {
            draft.visits.add(new DealDraft.Visit(target.id(), arrival(draft, target, draft.created), draft.file,
                    draft.line, header(draft, ImportField.CREATED), null, null, null, true));
        } else if (mapping.format() == ImportFormat.SALESFORCE) {
            draft.problems.add(new ImportProblem(draft.file, draft.line, header(draft, ImportField.STAGE),
                    draft.stageCell, "maps to '" + target.id() + "', but the deal's history ends in '" + last.id()
                    + "'\nMaybe the history export was filtered by date: export the whole OpportunityHistory."));
        } else {
            // HubSpot keeps one entry date per stage, so a return to an earlier stage shows only as the
            // current stage; the move is dated at the latest entry the export has.
            DealDraft.Visit latest = draft.visits.get(draft.visits.size() - 1);
            draft.visits.add(new DealDraft.Visit(target.id(), arrival(draft, target, latest.at()), draft.file,
                    draft.line, header(draft, ImportField.STAGE), null, null, null, true));
        }
    }

    /**
     * When a deal reached its final stage, when no row dates it: a closed deal on its close date (its
     * close date is when it closed), never before {@code earliest}; an open one at {@code earliest}.
     */
    private Instant arrival(DealDraft draft, Stage target, Instant earliest) {
        if (!target.isTerminal()) {
            return earliest;
        }
        Instant closed = draft.details.expectedCloseDate().atStartOfDay(mapping.zone()).toInstant();
        return closed.isAfter(earliest) ? closed : earliest;
    }

    private static String header(DealDraft draft, ImportField field) {
        return draft.headers.getOrDefault(field, field.mappingName());
    }

    /** The stage that {@code name} means: the mapping's stage table, then the pipeline's ids and display names. */
    Optional<Stage> stage(String name) {
        Optional<StageId> mapped = mapping.mappedStage(name);
        return mapped.isPresent() ? pipeline.findStage(mapped.get()) : pipeline.findStageByName(name);
    }

    private String unknownStage() {
        return "is not a stage of pipeline '" + pipeline.id() + "', whose stages are "
                + pipeline.stages().stream().map(stage -> stage.id().value()).toList()
                + "\nMaybe map it with 'stage <name> = <stage id>' in the mapping.";
    }

    private List<StageDateColumn> stageDateColumns(CsvTable table) {
        List<StageDateColumn> columns = new ArrayList<>();
        for (int index = 0; index < table.headers().size(); index++) {
            Matcher matcher = HUBSPOT_STAGE_DATE.matcher(table.headers().get(index));
            if (matcher.matches()) {
                String label = matcher.group(2).strip();
                if (label.length() >= 2 && label.startsWith("\"") && label.endsWith("\"")) {
                    label = label.substring(1, label.length() - 1).strip();
                }
                Matcher pipelineSuffix = TRAILING_PARENTHESES.matcher(label);
                if (pipelineSuffix.matches() && mapping.sourcePipeline().isPresent()
                        && !pipelineSuffix.group(2).strip().equalsIgnoreCase(mapping.sourcePipeline().get())) {
                    // A stage of another CRM pipeline, whose deals are skipped: its name may mean anything here.
                    continue;
                }
                Optional<Stage> stage = stage(label);
                if (stage.isEmpty() && pipelineSuffix.matches()) {
                    stage = stage(pipelineSuffix.group(1));
                }
                columns.add(new StageDateColumn(index, table.headers().get(index), label, stage,
                        matcher.group(1).equalsIgnoreCase("entered")));
            }
        }
        return columns;
    }

    /** A HubSpot "Date entered" or "Date exited" column, and the stage it is about (empty if unknown). */
    private final class StageDateColumn {
        final int index;
        final String header;
        final String label;
        final Optional<Stage> stage;
        final boolean entered;

        StageDateColumn(int index, String header, String label, Optional<Stage> stage, boolean entered) {
            this.index = index;
            this.header = header;
            this.label = label;
            this.stage = stage;
            this.entered = entered;
        }

        void read(RowReading reading, DealDraft draft) {
            String raw = reading.row.cell(index);
            if (raw.isBlank()) {
                return;
            }
            if (stage.isEmpty()) {
                reading.problems.add(new ImportProblem(reading.table.name(), reading.row.line(), header, raw,
                        "dates a stage '" + label + "' that " + unknownStage()));
                return;
            }
            Cells.When when;
            try {
                when = cells.when(raw);
            } catch (Cells.Refused refused) {
                reading.problems.add(new ImportProblem(reading.table.name(), reading.row.line(), header, raw,
                        refused.getMessage()));
                return;
            }
            if (entered) {
                draft.visits.add(new DealDraft.Visit(stage.get().id(), when.instant(), reading.table.name(),
                        reading.row.line(), header, null, null, null, false));
                return;
            }
            draft.visits.stream().filter(visit -> visit.stage().equals(stage.get().id()) && visit.line() == reading.row.line())
                    .filter(visit -> when.instant().isBefore(visit.at())).findFirst()
                    .ifPresent(visit -> reading.problems.add(new ImportProblem(reading.table.name(), reading.row.line(),
                            header, raw, "is before the deal entered that stage at " + visit.at())));
        }
    }

    /** The cells of one row, read field by field; every refusal becomes a problem naming the column. */
    private final class RowReading {
        final CsvTable table;
        final CsvTable.Row row;
        final Map<ImportField, Integer> columns;
        final List<ImportProblem> problems = new ArrayList<>();
        final List<ImportProblem> adjustments = new ArrayList<>();
        /** Whether this is a row of the main file, to which the mapping's constants and derivations apply. */
        final boolean main;
        private final Map<ImportField, String> values = new EnumMap<>(ImportField.class);
        /** Fields whose derivation failed on an operand; the operand's problem says why. */
        private final Set<ImportField> underived = EnumSet.noneOf(ImportField.class);

        RowReading(CsvTable table, CsvTable.Row row, Map<ImportField, Integer> columns, boolean main) {
            this.table = table;
            this.row = row;
            this.columns = columns;
            this.main = main;
        }

        /** The field's text on this row: its cell, or what the mapping gives in its place. */
        String raw(ImportField field) {
            String value = values.get(field);
            if (value == null) {
                value = value(field);
                values.put(field, value);
            }
            return value;
        }

        private String value(ImportField field) {
            if (!main) {
                return cell(field);
            }
            if (field == ImportField.ID && mapping.idTemplate().isPresent()) {
                return mapping.idTemplate().get().replace("{line}", String.valueOf(row.line()));
            }
            String constant = mapping.constants().get(field);
            if (constant != null) {
                return constant;
            }
            String value = operands.containsKey(field) ? derived(field, operands.get(field)) : cell(field);
            return value.isBlank() && !underived.contains(field)
                    ? mapping.defaultValues().getOrDefault(field, value) : value;
        }

        private String cell(ImportField field) {
            Integer index = columns.get(field);
            return index == null || index >= row.cells().size() ? "" : row.cell(index);
        }

        private String operandText(Operand operand) {
            return operand.column() != null ? (operand.column() < row.cells().size() ? row.cell(operand.column()) : "")
                    : raw(operand.field());
        }

        /** The derivation of {@code field} on this row, written as a cell of the file would be; blank if it cannot be. */
        private String derived(ImportField field, List<Operand> operands) {
            Derivation.Kind kind = derivations.get(field).kind();
            if (kind == Derivation.Kind.FIRST_PRESENT) {
                return operands.stream().map(this::operandText).filter(text -> !text.isBlank()).findFirst().orElse("");
            }
            List<String> texts = operands.stream().map(operand -> operand.days() != null ? "" : operandText(operand)).toList();
            for (int index = 0; index < operands.size(); index++) {
                if (operands.get(index).days() == null && texts.get(index).isBlank()) {
                    return "";
                }
            }
            try {
                return kind == Derivation.Kind.SUM ? sum(operands, texts) : datePlusDays(operands, texts);
            } catch (Refusal refusal) {
                underived.add(field);
                problems.add(new ImportProblem(table.name(), row.line(), refusal.operand.name(), refusal.text,
                        refusal.getMessage() + ", so " + field.mappingName() + " cannot be derived ('derive "
                                + field.mappingName() + " = " + mapping.derivations().get(field) + "')"));
                return "";
            }
        }

        private String datePlusDays(List<Operand> operands, List<String> texts) throws Refusal {
            Cells.When start = refusing(operands.get(0), texts.get(0), cells::when);
            long days = 0;
            for (int index = 1; index < operands.size(); index++) {
                Operand operand = operands.get(index);
                long count;
                if (operand.days() != null) {
                    count = operand.days();
                } else {
                    String text = texts.get(index);
                    BigDecimal number = refusing(operand, text, cells::amount).value();
                    try {
                        count = number.longValueExact();
                    } catch (ArithmeticException e) {
                        throw new Refusal(operand, text, "is not a whole number of days");
                    }
                    if (Math.abs(count) > Derivation.MAX_DAYS) {
                        throw new Refusal(operand, text, "is more than a hundred years of days");
                    }
                }
                days += operand.subtract() ? -count : count;
            }
            boolean dateOnly = start.instant().equals(start.date().atStartOfDay(mapping.zone()).toInstant());
            try {
                return dateOnly ? start.date().plusDays(days).toString()
                        : start.instant().atZone(mapping.zone()).plusDays(days).toOffsetDateTime().toString();
            } catch (java.time.DateTimeException | ArithmeticException e) {
                throw new Refusal(operands.get(0), texts.get(0), "moved by " + days + " days is beyond the dates Java"
                        + " knows");
            }
        }

        private String sum(List<Operand> operands, List<String> texts) throws Refusal {
            BigDecimal total = BigDecimal.ZERO;
            String code = null;
            Operand coded = null;
            Operand uncoded = null;
            for (int index = 0; index < operands.size(); index++) {
                Operand operand = operands.get(index);
                String text = texts.get(index);
                Cells.Amount amount = refusing(operand, text, cells::amount);
                if (amount.currencyCode().isPresent()) {
                    if (code != null && !code.equals(amount.currencyCode().get())) {
                        throw new Refusal(operand, text, "is in " + amount.currencyCode().get() + ", but "
                                + coded.name() + " is in " + code);
                    }
                    code = amount.currencyCode().get();
                    coded = operand;
                } else {
                    uncoded = operand;
                }
                if (coded != null && uncoded != null) {
                    // One amount says its currency and another does not: adding them would take the one for the other.
                    Operand bare = uncoded;
                    throw new Refusal(bare, texts.get(operands.indexOf(bare)), "says no currency, but " + coded.name()
                            + " is in " + code + ": write every amount of a sum with its code, or none");
                }
                total = operand.subtract() ? total.subtract(amount.value()) : total.add(amount.value());
            }
            String number = total.toPlainString().replace('.', mapping.decimalSeparator());
            return code == null ? number : code + " " + number;
        }

        private <T> T refusing(Operand operand, String text, CellParser<T> parser) throws Refusal {
            try {
                return parser.parse(text);
            } catch (Cells.Refused refused) {
                throw new Refusal(operand, text, refused.getMessage());
            }
        }

        String header(ImportField field) {
            Integer index = columns.get(field);
            return index == null ? field.mappingName() : table.headers().get(index);
        }

        ImportProblem problem(ImportField field, String reason) {
            return new ImportProblem(table.name(), row.line(), header(field), raw(field), reason);
        }

        private Optional<String> text(ImportField field, boolean required) {
            String raw = raw(field).strip();
            if (raw.isEmpty()) {
                if (required && !underived.contains(field)) {
                    problems.add(problem(field, "is blank, but every deal needs its " + field.mappingName()));
                }
                return Optional.empty();
            }
            return Optional.of(raw);
        }

        private <T> Optional<T> parsed(ImportField field, boolean required, CellParser<T> parser) {
            Optional<String> raw = text(field, required);
            if (raw.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(parser.parse(raw.get()));
            } catch (Cells.Refused refused) {
                problems.add(problem(field, refused.getMessage()));
                return Optional.empty();
            }
        }

        void readDeal(DealDraft draft, boolean changeRow) {
            if (row.cells().size() != table.headers().size()) {
                problems.add(new ImportProblem(table.name(), row.line(), "", "", "the row has " + row.cells().size()
                        + " cells, but the header has " + table.headers().size()
                        + "\nMaybe a value holds an unquoted delimiter."));
                return;
            }
            Optional<Stage> stage = text(ImportField.STAGE, true).flatMap(name -> {
                Optional<Stage> found = stage(name);
                if (found.isEmpty()) {
                    problems.add(problem(ImportField.STAGE, unknownStage()));
                }
                return found;
            });
            Optional<Cells.When> created = parsed(ImportField.CREATED, !changeRow, cells::when);
            Optional<Cells.When> changedAt = changeRow ? parsed(ImportField.CHANGED_AT, true, cells::when) : Optional.empty();
            Optional<OpportunityDetails> details = details();
            stage.ifPresent(found -> checkFlags(found));
            String lossReason = text(ImportField.LOSS_REASON, false).orElse(null);
            if (!problems.isEmpty() || stage.isEmpty() || details.isEmpty()) {
                return;
            }
            for (ImportField field : List.of(ImportField.STAGE, ImportField.CLOSE_DATE, ImportField.CREATED)) {
                draft.headers.put(field, header(field));
            }
            draft.stageCell = raw(ImportField.STAGE);
            if (!changeRow) {
                draft.details = details.get();
                draft.finalStage = stage.get().id();
                draft.created = created.get().instant();
                draft.createdDate = created.get().date();
                draft.lossReason = lossReason;
                return;
            }
            Instant at = changedAt.get().instant();
            boolean latest = draft.visits.stream().noneMatch(visit -> visit.at().isAfter(at));
            if (latest) {
                draft.details = details.get();
                draft.finalStage = stage.get().id();
                draft.lossReason = lossReason != null ? lossReason : draft.lossReason;
            }
            Cells.When start = created.orElse(changedAt.get());
            if (draft.created == null || start.instant().isBefore(draft.created)) {
                draft.created = start.instant();
                draft.createdDate = start.date();
            }
            draft.visits.add(new DealDraft.Visit(stage.get().id(), at, table.name(), row.line(),
                    header(ImportField.CHANGED_AT), details.get(), null, null, false));
        }

        void readHistory(DealDraft draft) {
            Optional<Stage> stage = text(ImportField.STAGE, true).flatMap(name -> {
                Optional<Stage> found = stage(name);
                if (found.isEmpty()) {
                    problems.add(problem(ImportField.STAGE, unknownStage()));
                }
                return found;
            });
            Optional<Cells.When> at = parsed(ImportField.CHANGED_AT, true, cells::when);
            Optional<LocalDate> closeDate = parsed(ImportField.CLOSE_DATE, false, cells::date);
            Money value = null;
            if (draft.details != null) {
                value = money(draft.details.value().amount().currency().getCurrencyCode()).orElse(null);
            }
            if (!problems.isEmpty() || stage.isEmpty() || at.isEmpty()) {
                return;
            }
            draft.visits.add(new DealDraft.Visit(stage.get().id(), at.get().instant(), table.name(), row.line(),
                    header(ImportField.CHANGED_AT), null, value, closeDate.orElse(null), false));
        }

        /** The amount in {@code currencyCode}, or empty when the cell is blank or refused. */
        private Optional<Money> money(String currencyCode) {
            Optional<Cells.Amount> amount = parsed(ImportField.VALUE, false, cells::amount);
            if (amount.isEmpty()) {
                return Optional.empty();
            }
            if (amount.get().currencyCode().isPresent() && !amount.get().currencyCode().get().equals(currencyCode)) {
                problems.add(problem(ImportField.VALUE, "is in " + amount.get().currencyCode().get()
                        + ", but the deal is in " + currencyCode));
                return Optional.empty();
            }
            try {
                return Optional.of(Money.of(rounded(amount.get().value(), Money.currency(currencyCode)),
                        Money.currency(currencyCode)));
            } catch (InvalidValueException e) {
                problems.add(problem(ImportField.VALUE, e.getMessage()));
                return Optional.empty();
            }
        }

        private Optional<OpportunityDetails> details() {
            Optional<String> account = text(ImportField.ACCOUNT, true);
            Optional<String> owner = text(ImportField.OWNER, true);
            Optional<LocalDate> closeDate = parsed(ImportField.CLOSE_DATE, true, cells::date);
            Optional<DealValue> value = dealValue();
            Optional<dev.salespipeline.core.pipeline.Probability> probability =
                    parsed(ImportField.PROBABILITY, false, cells::probability);
            if (account.isEmpty() || owner.isEmpty() || closeDate.isEmpty() || value.isEmpty()) {
                return Optional.empty();
            }
            OpportunityDetails.Builder builder = OpportunityDetails.builder().account(account.get()).owner(owner.get())
                    .value(value.get()).expectedCloseDate(closeDate.get());
            probability.ifPresent(builder::repProbability);
            Map<ImportField, java.util.function.Consumer<String>> optional = new EnumMap<>(ImportField.class);
            optional.put(ImportField.SOURCE, builder::source);
            optional.put(ImportField.SEGMENT, builder::segment);
            optional.put(ImportField.REGION, builder::region);
            optional.put(ImportField.CHANNEL, builder::channel);
            optional.put(ImportField.PRIMARY_CONTACT, builder::primaryContact);
            optional.put(ImportField.NAME, name -> builder.attribute("name", name));
            for (Map.Entry<ImportField, java.util.function.Consumer<String>> entry : optional.entrySet()) {
                text(entry.getKey(), false).ifPresent(text -> {
                    try {
                        entry.getValue().accept(text);
                    } catch (InvalidValueException e) {
                        problems.add(problem(entry.getKey(), e.getMessage()));
                    }
                });
            }
            mapping.attributes().forEach((name, headers) -> table.column(headers).ifPresent(index -> {
                String text = row.cell(index).strip();
                if (!text.isEmpty()) {
                    try {
                        builder.attribute(name, text);
                    } catch (InvalidValueException e) {
                        problems.add(new ImportProblem(table.name(), row.line(), table.headers().get(index), text,
                                e.getMessage()));
                    }
                }
            }));
            try {
                return Optional.of(builder.build());
            } catch (InvalidValueException e) {
                problems.add(new ImportProblem(table.name(), row.line(), "", "", e.getMessage()));
                return Optional.empty();
            }
        }

        private Optional<DealValue> dealValue() {
            Optional<Currency> column = parsed(ImportField.CURRENCY, false, Cells::currency);
            String raw = raw(ImportField.VALUE).strip();
            if (underived.contains(ImportField.VALUE)) {
                return Optional.empty();
            }
            Cells.Amount amount;
            if (raw.isEmpty()) {
                if (!mapping.blankValueIsZero()) {
                    problems.add(problem(ImportField.VALUE, "is blank, but every deal needs a value"
                            + "\nMaybe set 'blank-value = zero' in the mapping to import blank amounts as 0."));
                    return Optional.empty();
                }
                amount = new Cells.Amount(BigDecimal.ZERO, Optional.empty());
            } else {
                try {
                    amount = cells.amount(raw);
                } catch (Cells.Refused refused) {
                    problems.add(problem(ImportField.VALUE, refused.getMessage()));
                    return Optional.empty();
                }
            }
            Optional<String> code = column.map(Currency::getCurrencyCode)
                    .or(() -> amount.currencyCode())
                    .or(() -> mapping.currency().map(Currency::getCurrencyCode));
            if (code.isEmpty()) {
                if (raw(ImportField.CURRENCY).isBlank()) {
                    problems.add(problem(columns.containsKey(ImportField.CURRENCY) ? ImportField.CURRENCY : ImportField.VALUE,
                            "gives no currency, and the mapping sets no default"
                                    + "\nMaybe set 'currency = EUR' (your currency) in the mapping."));
                }
                return Optional.empty();
            }
            if (amount.currencyCode().isPresent() && !amount.currencyCode().get().equals(code.get())) {
                problems.add(problem(ImportField.VALUE, "is in " + amount.currencyCode().get() + ", but the currency "
                        + "column says " + code.get()));
                return Optional.empty();
            }
            try {
                Currency currency = Money.currency(code.get());
                return Optional.of(DealValue.of(Money.of(rounded(amount.value(), currency), currency), mapping.valueKind()));
            } catch (InvalidValueException e) {
                problems.add(problem(ImportField.VALUE, e.getMessage()));
                return Optional.empty();
            }
        }

        /**
         * An amount with more decimals than its currency has (Salesforce keeps what a formula or an
         * integration computed: 1250.4567), rounded half up to the currency's, as a finance system would;
         * each rounding is an adjustment of the report.
         */
        private BigDecimal rounded(BigDecimal amount, Currency currency) {
            int digits = Math.max(currency.getDefaultFractionDigits(), 0);
            BigDecimal stripped = amount.stripTrailingZeros();
            if (stripped.scale() <= digits) {
                return amount;
            }
            BigDecimal rounded = amount.setScale(digits, RoundingMode.HALF_UP);
            adjustments.add(problem(ImportField.VALUE, "has " + stripped.scale() + " decimals, more than the " + digits
                    + " of " + currency.getCurrencyCode() + ": rounded half up to " + rounded.toPlainString()));
            return rounded;
        }

        /** Salesforce's IsClosed and IsWon must agree with the stage they are exported beside. */
        private void checkFlags(Stage stage) {
            parsed(ImportField.CLOSED, false, Cells::flag).ifPresent(closed -> {
                if (closed != stage.isTerminal()) {
                    problems.add(problem(ImportField.CLOSED, "says the deal is " + (closed ? "closed" : "open")
                            + ", but its stage maps to '" + stage.id() + "', " + article(stage.kind()) + " stage"));
                }
            });
            parsed(ImportField.WON, false, Cells::flag).ifPresent(won -> {
                if (won != (stage.kind() == StageKind.WON)) {
                    problems.add(problem(ImportField.WON, "says the deal is " + (won ? "won" : "not won")
                            + ", but its stage maps to '" + stage.id() + "', " + article(stage.kind()) + " stage"));
                }
            });
        }

        private String article(StageKind kind) {
            return (kind == StageKind.OPEN ? "an " : "a ") + kind;
        }
    }

    /** An operand of a derivation that cannot be read. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Operand operand;
        final String text;

        Refusal(Operand operand, String text, String reason) {
            super(reason, null, false, false);
            this.operand = operand;
            this.text = text;
        }
    }

    @FunctionalInterface
    private interface CellParser<T> {
        T parse(String raw) throws Cells.Refused;
    }
}
