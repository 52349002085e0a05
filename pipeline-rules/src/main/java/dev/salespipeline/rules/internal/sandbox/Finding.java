package dev.salespipeline.rules.internal.sandbox;

/**
 * One problem the check found, at a 1-based line (0 when it concerns the whole file).
 *
 * @param refused whether the sandbox refuses it (as opposed to an error in the rule, such as a property
 *                the fact does not have)
 */
public record Finding(int line, boolean refused, String message) {

    static Finding refused(int line, String what) {
        return new Finding(line, true, what);
    }

    static Finding error(int line, String message) {
        return new Finding(line, false, message);
    }
}
