package dev.salespipeline.core.internal;

import dev.salespipeline.core.InvalidValueException;

import java.util.Collection;
import java.util.Objects;
import java.util.regex.Pattern;

/** Argument checks shared by the value types; every failure names the field and the value. */
public final class Checks {

    /** Long enough for any note a rep writes; short enough that a pasted file is refused. */
    public static final int MAX_TEXT_LENGTH = 10_000;
    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_COLLECTION_SIZE = 10_000;

    private Checks() {
    }

    public static String requireName(String value, String field) {
        requireText(value, field, MAX_NAME_LENGTH);
        if (value.isBlank()) {
            throw new InvalidValueException(field, value, "must not be blank");
        }
        return value.strip();
    }

    /** Free text that may be empty (a note, a reference), but not null and not enormous. */
    public static String requireText(String value, String field) {
        return requireText(value, field, MAX_TEXT_LENGTH);
    }

    private static String requireText(String value, String field, int maxLength) {
        Objects.requireNonNull(value, field);
        if (value.length() > maxLength) {
            throw new InvalidValueException(field, value,
                    "must be at most " + maxLength + " characters long (it has " + value.length() + ")");
        }
        requireWellFormed(value, field);
        return value;
    }

    /**
     * Refuses half of a surrogate pair: it is not a character, no UTF-8 store or broker can carry it, and
     * PostgreSQL silently turned it into '?', so a history read back differed from the one written.
     */
    private static void requireWellFormed(String value, String field) {
        for (int index = 0; index < value.length(); index++) {
            char c = value.charAt(index);
            if (Character.isHighSurrogate(c) && index + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(index + 1))) {
                index++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidValueException(field, value, "must be well-formed Unicode text, but has half of a"
                        + " surrogate pair (\\u" + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT)
                        + ") at index " + index);
            }
        }
    }

    public static String requireReason(String value, String field) {
        return requireName(value, field);
    }

    public static String requireIdentifier(String value, String field, Pattern pattern, String shape) {
        Objects.requireNonNull(value, field);
        if (!pattern.matcher(value).matches()) {
            throw new InvalidValueException(field, value, "must be " + shape);
        }
        return value;
    }

    /**
     * An identifier of 1 to {@code maxLength} ASCII letters, digits, {@code _ . -} that starts with a
     * letter or digit. Checked by hand rather than by a regular expression because stage ids are made
     * on hot paths (every unmet criterion a rule reports names one).
     */
    public static String requireSimpleIdentifier(String value, String field, int maxLength, String shape) {
        Objects.requireNonNull(value, field);
        if (!isSimpleIdentifier(value, maxLength)) {
            throw new InvalidValueException(field, value, "must be " + shape);
        }
        return value;
    }

    /** Whether {@code value} has the shape {@link #requireSimpleIdentifier} requires. */
    public static boolean isSimpleIdentifier(String value, int maxLength) {
        boolean valid = !value.isEmpty() && value.length() <= maxLength && isAsciiLetterOrDigit(value.charAt(0));
        for (int i = 1; valid && i < value.length(); i++) {
            char c = value.charAt(i);
            valid = isAsciiLetterOrDigit(c) || c == '_' || c == '.' || c == '-';
        }
        return valid;
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    public static <C extends Collection<?>> C requireSize(C values, String field) {
        Objects.requireNonNull(values, field);
        if (values.size() > MAX_COLLECTION_SIZE) {
            throw new InvalidValueException(field, values.size(),
                    "must hold at most " + MAX_COLLECTION_SIZE + " elements");
        }
        for (Object element : values) {
            Objects.requireNonNull(element, () -> field + " must not contain null");
        }
        return values;
    }
}
