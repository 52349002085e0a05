package dev.salespipeline.core.view;

import dev.salespipeline.core.events.PipelineEvent;
import dev.salespipeline.core.opportunity.Opportunity;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Set;

/**
 * Which deals one viewer may see, decided deal by deal at a date: a deal is in scope on a day when its
 * owner on that day (from the deal's own history) was the viewer, or, on that day, in the viewer's team
 * (a manager) or organisation (a leader); an executive sees everything. For streams, where a
 * {@link PipelineView}'s snapshot would go stale: filter events with {@link #admits(PipelineEvent)}, and a
 * deal reassigned after the scope was made is judged by its new owner.
 *
 * <p>Immutable and thread-safe if the org structure is; it asks the org structure at every decision
 * (cache in the org structure if that is slow). Dates are UTC days.
 */
public final class Scope {

    private final Viewer viewer;
    private final OrgStructure org;

    private Scope(Viewer viewer, OrgStructure org) {
        this.viewer = viewer;
        this.org = org;
    }

    /**
     * The scope of {@code viewer} in {@code org}.
     *
     * @throws IllegalArgumentException if the org structure says the viewer does not hold their role
     */
    public static Scope of(Viewer viewer, OrgStructure org) {
        Objects.requireNonNull(viewer, "viewer");
        Objects.requireNonNull(org, "org");
        if (!org.holds(viewer.id(), viewer.role())) {
            throw new IllegalArgumentException("viewer '" + viewer.id() + "' does not hold the role " + viewer.role()
                    + " in the org structure; build the viewer from the user the host authenticated");
        }
        return new Scope(viewer, org);
    }

    public Viewer viewer() {
        return viewer;
    }

    /** Whether a deal owned by {@code owner} on {@code on} is in scope. */
    public boolean admitsOwner(String owner, LocalDate on) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(on, "on");
        return viewer.role() == Viewer.Role.EXECUTIVE || viewer.id().equals(owner) || owners(on).contains(owner);
    }

    /** Whether {@code deal}, as it stood at {@code at}, was in scope then; false if it did not exist yet. */
    public boolean admits(Opportunity deal, Instant at) {
        Objects.requireNonNull(deal, "deal");
        Objects.requireNonNull(at, "at");
        LocalDate on = LocalDate.ofInstant(at, ZoneOffset.UTC);
        return deal.asOf(at).map(then -> admitsOwner(then.details().owner(), on)).orElse(false);
    }

    /** Whether {@code event} is in scope: by the deal's owner when it occurred, on that day. */
    public boolean admits(PipelineEvent event) {
        Objects.requireNonNull(event, "event");
        return admitsOwner(event.owner(), LocalDate.ofInstant(event.occurredAt(), ZoneOffset.UTC));
    }

    /** Besides the viewer, whose deals are in scope on {@code on}; empty for a rep and an executive. */
    Set<String> owners(LocalDate on) {
        return switch (viewer.role()) {
            case REP, EXECUTIVE -> Set.of();
            case MANAGER -> Objects.requireNonNull(org.team(viewer.id(), on),
                    "org.team returned null for '" + viewer.id() + "' on " + on);
            case LEADER -> Objects.requireNonNull(org.organisation(viewer.id(), on),
                    "org.organisation returned null for '" + viewer.id() + "' on " + on);
        };
    }

    /** Today's owners in scope, by the org's undated answers (what {@link PipelineView#of} uses). */
    Set<String> ownersToday() {
        return switch (viewer.role()) {
            case REP, EXECUTIVE -> Set.of();
            case MANAGER -> Objects.requireNonNull(org.team(viewer.id()), "org.team returned null for '" + viewer.id() + "'");
            case LEADER -> Objects.requireNonNull(org.organisation(viewer.id()),
                    "org.organisation returned null for '" + viewer.id() + "'");
        };
    }
}
