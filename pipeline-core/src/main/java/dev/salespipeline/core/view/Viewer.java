package dev.salespipeline.core.view;

import dev.salespipeline.core.internal.Checks;

import java.util.Objects;

/**
 * Who is looking, and at which level: a rep sees their own deals, a manager their team's, a sales
 * leader their organisation's, an executive everything (consolidated).
 *
 * @param id   the host's user id, as deals carry it in {@code OpportunityDetails.owner()}
 * @param role the level the viewer sees at
 */
public record Viewer(String id, Role role) {

    /** The level a viewer sees at. */
    public enum Role {
        REP,
        MANAGER,
        LEADER,
        EXECUTIVE
    }

    public Viewer {
        id = Checks.requireName(id, "id");
        Objects.requireNonNull(role, "role");
    }

    public static Viewer rep(String id) {
        return new Viewer(id, Role.REP);
    }

    public static Viewer manager(String id) {
        return new Viewer(id, Role.MANAGER);
    }

    public static Viewer leader(String id) {
        return new Viewer(id, Role.LEADER);
    }

    public static Viewer executive(String id) {
        return new Viewer(id, Role.EXECUTIVE);
    }
}
