package dev.salespipeline.core.view;

import java.time.LocalDate;
import java.util.Set;

/**
 * The host's org structure, as the views need it: whose deals a manager and a sales leader see, and
 * who holds which role. The library asks when a view is made (and a {@link Scope} whenever it decides);
 * implementations must be thread-safe if views are made concurrently, and never return null.
 *
 * <p><b>Over time.</b> Teams change: a rep moves to another manager, a manager to another leader. A view
 * as of a past date ({@link PipelineView#asOf}) asks {@link #team(String, LocalDate)} and
 * {@link #organisation(String, LocalDate)} for that date, so that a rep's past deals stay with the
 * manager he had then. The defaults answer with today's structure; a host that keeps its org's history
 * overrides them.
 *
 * <p><b>Roles.</b> The library cannot know who is logged in: the host builds the {@link Viewer} from its
 * own authenticated user. {@link #holds} lets it say which roles a user holds, and views refuse a viewer
 * claiming one the org does not give them. The default trusts the caller.
 */
public interface OrgStructure {

    /** The reps a manager manages today (the manager's own deals are visible too). */
    Set<String> team(String managerId);

    /** Everyone in a sales leader's organisation today, managers and reps (the leader's own deals are visible too). */
    Set<String> organisation(String leaderId);

    /** The reps the manager managed on {@code on}; today's team unless overridden. */
    default Set<String> team(String managerId, LocalDate on) {
        return team(managerId);
    }

    /** The leader's organisation on {@code on}; today's unless overridden. */
    default Set<String> organisation(String leaderId, LocalDate on) {
        return organisation(leaderId);
    }

    /**
     * Whether {@code userId} holds {@code role}, so that a view can refuse a viewer who claims more than
     * the org gives them ({@code Viewer.executive("any-rep")}). The default answers true: override it.
     */
    default boolean holds(String userId, Viewer.Role role) {
        return true;
    }
}
