package dev.salespipeline.importing.internal;

import dev.salespipeline.importing.ImportField;
import dev.salespipeline.importing.InvalidMappingException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A mapping's {@code derive <field> = ...} line, parsed: a field computed from other cells of the same
 * row. Three forms, whose operands are column headers or field names:
 * <ul>
 *   <li>{@code Created + Days to close}: a date plus or minus whole days (date fields);</li>
 *   <li>{@code Licences + Services - Discount}: amounts added and subtracted ({@code value});</li>
 *   <li>{@code Amount | Expected Amount}: the first of the cells that is not blank (any field).</li>
 * </ul>
 * Operators stand between spaces, so a header may hold {@code +}, {@code -} or {@code |} without them.
 *
 * @param field     the field derived
 * @param kind      which of the three forms
 * @param operands  the operands, in order: header or field name, or a whole number of days
 * @param subtracts for each operand, whether it is subtracted (the first never is)
 * @param text      the expression as written, for messages
 */
public record Derivation(ImportField field, Kind kind, List<String> operands, List<Boolean> subtracts, String text) {

    /** The three forms. */
    public enum Kind {
        /** A date moved by a number of days. */
        DATE_PLUS_DAYS,
        /** A sum of amounts. */
        SUM,
        /** The first cell that is not blank. */
        FIRST_PRESENT
    }

    private static final Set<ImportField> DATES = Set.of(ImportField.CREATED, ImportField.CLOSE_DATE,
            ImportField.CHANGED_AT);
    /** A hundred years of days: more than any sales cycle, in a column or written in the mapping. */
    public static final int MAX_DAYS = 36_600;
    private static final Pattern OPERATOR = Pattern.compile("\\s+([+|-])\\s+");

    public Derivation {
        operands = List.copyOf(operands);
        subtracts = List.copyOf(subtracts);
    }

    /**
     * Parses {@code expression} for {@code field}.
     *
     * @throws InvalidMappingException naming the field and what is wrong
     */
    public static Derivation parse(ImportField field, String expression) {
        String text = expression.strip();
        String where = "derive " + field.mappingName() + " = " + text + ": ";
        List<String> operands = new ArrayList<>();
        List<Boolean> subtracts = new ArrayList<>();
        java.util.regex.Matcher operator = OPERATOR.matcher(text);
        int start = 0;
        boolean firstPresent = false;
        boolean arithmetic = false;
        boolean subtract = false;
        while (operator.find()) {
            operands.add(text.substring(start, operator.start()).strip());
            subtracts.add(subtract);
            char symbol = operator.group(1).charAt(0);
            firstPresent |= symbol == '|';
            arithmetic |= symbol != '|';
            subtract = symbol == '-';
            start = operator.end();
        }
        operands.add(text.substring(start).strip());
        subtracts.add(subtract);
        if (operands.size() < 2 || operands.stream().anyMatch(String::isEmpty)) {
            throw new InvalidMappingException(where + "expected two or more operands joined by ' + ', ' - ' or ' | '"
                    + " (with a space on each side), such as 'Created + Days to close'");
        }
        if (firstPresent && arithmetic) {
            throw new InvalidMappingException(where + "'|' (the first cell that is not blank) cannot be mixed with"
                    + " '+' or '-'");
        }
        if (firstPresent) {
            return new Derivation(field, Kind.FIRST_PRESENT, operands, subtracts, text);
        }
        if (DATES.contains(field)) {
            for (String operand : operands.subList(1, operands.size())) {
                if (operand.matches("\\d+") && (operand.length() > 5 || Integer.parseInt(operand) > MAX_DAYS)) {
                    throw new InvalidMappingException(where + operand + " days is more than a hundred years");
                }
            }
            return new Derivation(field, Kind.DATE_PLUS_DAYS, operands, subtracts, text);
        }
        if (field == ImportField.VALUE) {
            return new Derivation(field, Kind.SUM, operands, subtracts, text);
        }
        throw new InvalidMappingException(where + "only dates (created, close-date, changed-at) and value can be"
                + " computed with '+' or '-'; other fields can take the first cell that is not blank with '|'");
    }

    /** Whether the operand at {@code index} is a whole number of days written in the mapping itself. */
    public boolean isLiteralDays(int index) {
        return kind == Kind.DATE_PLUS_DAYS && index > 0 && operands.get(index).matches("\\d{1,5}");
    }
}
