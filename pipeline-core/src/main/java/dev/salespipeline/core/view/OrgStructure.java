package dev.salespipeline.core.view;

import java.util.Set;

/**
 * The host's org structure, as the views need it: whose deals a manager and a sales leader see. The
 * library asks when a view is made and keeps the answer for that view. Implementations must be
 * thread-safe if views are made concurrently, and never return null.
 */
public interface OrgStructure {

    /** The reps a manager manages (the manager's own deals are visible too). */
    Set<String> team(String managerId);

    /** Everyone in a sales leader's organisation, managers and reps (the leader's own deals are visible too). */
    Set<String> organisation(String leaderId);
}
