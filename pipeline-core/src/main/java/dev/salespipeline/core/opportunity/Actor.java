package dev.salespipeline.core.opportunity;

import dev.salespipeline.core.internal.Checks;

/**
 * Who did something: a rep, a manager, an integration. The host's own user id; the library does not
 * authenticate, it records.
 *
 * @param id non-blank, at most 200 characters
 */
public record Actor(String id) {

    /** For changes made by the host system rather than a person. */
    public static final Actor SYSTEM = new Actor("system");

    public Actor {
        id = Checks.requireName(id, "actor");
    }

    public static Actor of(String id) {
        return new Actor(id);
    }

    @Override
    public String toString() {
        return id;
    }
}
