package dev.salespipeline.importing.internal;

import dev.salespipeline.core.money.Money;
import dev.salespipeline.core.opportunity.OpportunityDetails;
import dev.salespipeline.core.pipeline.StageId;
import dev.salespipeline.importing.ImportField;
import dev.salespipeline.importing.ImportProblem;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One deal as read from the files, before its history is assembled: its final details, when it was
 * created, the stages it visited and every problem found in any of its rows. Mutable, filled by one
 * reader on one thread.
 */
public final class DealDraft {

    /**
     * The deal entered {@code stage} at {@code at}; {@code details}, {@code value} and {@code closeDate}
     * are what the row says the deal's fields were then, each null when the row does not say;
     * {@code atColumn} is the header of the cell that gave {@code at}. An {@code inferred} visit is one
     * no row records: the export says where the deal ended (its final stage, its close date), not how
     * or when it got there.
     */
    public record Visit(StageId stage, Instant at, String file, long line, String atColumn, OpportunityDetails details,
                        Money value, LocalDate closeDate, boolean inferred) {
    }

    final String id;
    final String file;
    final long line;
    int rows;
    final List<ImportProblem> problems = new ArrayList<>();
    /** What was changed to import the deal, each with where and why: the deal is imported with them. */
    final List<ImportProblem> adjustments = new ArrayList<>();
    OpportunityDetails details;
    Instant created;
    LocalDate createdDate;
    StageId finalStage;
    String lossReason;
    /** The headers this deal's row was read under, for problems found once all its rows are read. */
    final Map<ImportField, String> headers = new EnumMap<>(ImportField.class);
    /** The stage cell as written, for the same problems. */
    String stageCell = "";
    final List<Visit> visits = new ArrayList<>();

    DealDraft(String id, String file, long line) {
        this.id = id;
        this.file = file;
        this.line = line;
    }

    public String id() {
        return id;
    }

    public String file() {
        return file;
    }

    public long line() {
        return line;
    }

    /** How many rows, over every file, belong to this deal. */
    public int rows() {
        return rows;
    }

    public List<ImportProblem> problems() {
        return problems;
    }

    public List<ImportProblem> adjustments() {
        return adjustments;
    }
}
