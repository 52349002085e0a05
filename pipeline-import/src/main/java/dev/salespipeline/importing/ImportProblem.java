package dev.salespipeline.importing;

import java.util.Objects;

/**
 * One rejected row, or a problem with a whole file: where it is and why it was rejected.
 *
 * @param file   the file's name as given
 * @param line   the line the row starts on (1 is the header); 0 for a problem with the file as a whole
 * @param column the column's header, or empty when the problem is not about one cell
 * @param value  the offending cell as read, or empty
 * @param reason what is wrong, as a sentence that can be shown to the person who exported the file
 */
public record ImportProblem(String file, long line, String column, String value, String reason) {

    public ImportProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(reason, "reason");
        if (line < 0) {
            throw new IllegalArgumentException("line must be 0 or more, but was " + line);
        }
    }

    /** As {@code file:line: column 'Close Date' = '31/02/2024': reason}, the form compilers use. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(file).append(':').append(line).append(": ");
        if (!column.isEmpty()) {
            text.append("column '").append(column).append("' = '").append(value).append("': ");
        }
        return text.append(reason).toString();
    }
}
