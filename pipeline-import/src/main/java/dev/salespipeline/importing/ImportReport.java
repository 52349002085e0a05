package dev.salespipeline.importing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an import read, imported, rejected and skipped. Rows are data rows (headers are not counted); a
 * row is imported when its deal is. So {@code rowsRead == rowsImported + rowsRejected + rowsSkipped}
 * always holds.
 *
 * @param rowsRead      data rows read, over every file
 * @param rowsImported  rows whose deal was imported
 * @param rowsRejected  rows not imported: rejected themselves, belonging to a rejected deal, or (all or
 *                      nothing) held back because something else was rejected
 * @param rowsSkipped   rows of another CRM pipeline than the mapping's {@code source-pipeline}: neither
 *                      imported nor rejected
 * @param dealsImported deals imported
 * @param dealsAdjusted of the deals imported, those with at least one adjustment
 * @param dealsRejected deals not imported
 * @param problems      every problem found, in file and line order
 * @param adjustments   what was changed in imported deals to import them, each with where and why: amounts
 *                      rounded to their currency's decimals, created dates moved back to a migrated deal's
 *                      first stage change or close; in file and line order
 */
public record ImportReport(int rowsRead, int rowsImported, int rowsRejected, int rowsSkipped, int dealsImported,
                           int dealsAdjusted, int dealsRejected, List<ImportProblem> problems,
                           List<ImportProblem> adjustments) {

    public ImportReport {
        problems = List.copyOf(Objects.requireNonNull(problems, "problems"));
        adjustments = List.copyOf(Objects.requireNonNull(adjustments, "adjustments"));
        if (rowsRead != rowsImported + rowsRejected + rowsSkipped) {
            throw new IllegalArgumentException("rowsRead (" + rowsRead + ") must equal rowsImported (" + rowsImported
                    + ") + rowsRejected (" + rowsRejected + ") + rowsSkipped (" + rowsSkipped + ")");
        }
    }

    /** Whether every row that was not skipped was imported. */
    public boolean isComplete() {
        return problems.isEmpty() && rowsRejected == 0;
    }

    /**
     * How many problems each column had, most first ({@code ""} for problems of a whole file or of a deal's
     * assembled history): where an export's rejected rows come from, to judge whether the imported deals
     * stand for the whole export.
     */
    public Map<String, Integer> problemsByColumn() {
        return byColumn(problems);
    }

    /** How many adjustments each column had, most first: what was changed to import the deals. */
    public Map<String, Integer> adjustmentsByColumn() {
        return byColumn(adjustments);
    }

    private static Map<String, Integer> byColumn(List<ImportProblem> problems) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        problems.forEach(problem -> counts.merge(problem.column(), 1, Integer::sum));
        Map<String, Integer> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
        return Collections.unmodifiableMap(sorted);
    }

    /**
     * A one-line summary, such as {@code read 120 rows: imported 40 deals (110 rows; 3 adjusted), rejected 2
     * deals (10 rows), 3 problems}, with {@code , skipped 5 rows of other pipelines} when rows were skipped.
     */
    public String summary() {
        return "read " + count(rowsRead, "row") + ": imported " + count(dealsImported, "deal") + " ("
                + count(rowsImported, "row") + (dealsAdjusted == 0 ? "" : "; " + dealsAdjusted + " adjusted")
                + "), rejected " + count(dealsRejected, "deal") + " ("
                + count(rowsRejected, "row") + "), " + count(problems.size(), "problem")
                + (rowsSkipped == 0 ? "" : ", skipped " + count(rowsSkipped, "row") + " of other pipelines");
    }

    private static String count(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
