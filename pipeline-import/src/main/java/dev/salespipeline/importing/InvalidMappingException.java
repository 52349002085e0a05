package dev.salespipeline.importing;

/**
 * Thrown when a mapping file or a mapping builder is given something it cannot use. The message starts
 * with {@code file:line:} for a mapping file, names the offending key and value, and lists what is
 * accepted.
 */
public class InvalidMappingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidMappingException(String message) {
        super(message);
    }
}
