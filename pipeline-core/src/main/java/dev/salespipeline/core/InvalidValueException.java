package dev.salespipeline.core;

import java.util.Objects;

/**
 * Thrown when a caller passes a value that the library refuses: a blank name, a negative amount, an
 * identifier with characters it cannot carry. The message names the field and quotes the value, so
 * the caller can find the bad input without a debugger.
 *
 * <p>Immutable and thread-safe.
 */
public class InvalidValueException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final transient Object value;

    /**
     * @param field the name of the offending field or parameter, never null
     * @param value the offending value, may be null
     * @param problem what is wrong with it, phrased to follow the field name ("must not be blank")
     */
    public InvalidValueException(String field, Object value, String problem) {
        super(field + " " + problem + ", but was " + quote(value));
        this.field = Objects.requireNonNull(field, "field");
        this.value = value;
    }

    /** The name of the offending field or parameter. */
    public String field() {
        return field;
    }

    /** The offending value, as given; may be null. */
    public Object value() {
        return value;
    }

    private static String quote(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value.toString();
        if (text.length() > 80) {
            // Enormous inputs must not turn an error message into a log flood.
            text = text.substring(0, 77) + "...";
        }
        return value instanceof CharSequence ? '"' + text + '"' : text;
    }
}
