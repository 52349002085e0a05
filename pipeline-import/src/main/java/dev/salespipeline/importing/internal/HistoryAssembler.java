package dev.salespipeline.importing.internal;

import dev.salespipeline.core.opportunity.Actor;
import dev.salespipeline.core.opportunity.GateRecord;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityDetails;
import dev.salespipeline.core.opportunity.OpportunityEvent;
import dev.salespipeline.core.opportunity.OpportunityEvent.Created;
import dev.salespipeline.core.opportunity.OpportunityEvent.DetailsChanged;
import dev.salespipeline.core.opportunity.OpportunityEvent.StageChanged;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.opportunity.StageMove;
import dev.salespipeline.core.pipeline.PipelineDefinition;
import dev.salespipeline.core.pipeline.Stage;
import dev.salespipeline.core.pipeline.StageId;
import dev.salespipeline.core.pipeline.StageKind;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link DealDraft} into an opportunity: a {@code Created} event in the pipeline's first open
 * stage, then for every visit the details change it shows and the legal stage moves that reach its
 * stage, then {@link Opportunity#restore}, which checks the whole history as it checks any other.
 *
 * <p>A CRM lets a deal jump anywhere (created straight into Proposal, from Closed Won back to
 * Negotiation); the state machine does not. Each jump becomes the shortest sequence of legal moves that
 * reaches the same stage at the same instant: a closed deal is reopened before it moves on, a nurtured
 * one reactivated, and a move past the last open stage the deal held is an advance. Gated moves record
 * {@link GateRecord#imported}; the others carry a reason naming the CRM and the row.
 */
public final class HistoryAssembler {

    /** Reasons and sources are names in the core, at most this long. */
    private static final int MAX_TEXT = 200;

    private final PipelineDefinition pipeline;
    private final Actor actor;
    private final String system;

    /** @param system the CRM's name as reasons give it, such as "Salesforce" */
    public HistoryAssembler(PipelineDefinition pipeline, Actor actor, String system) {
        this.pipeline = pipeline;
        this.actor = actor;
        this.system = system;
    }

    /** The imported opportunity; throws the core's exceptions when the history does not fit the pipeline. */
    public Opportunity assemble(DealDraft draft) {
        OpportunityId id = OpportunityId.of(draft.id);
        List<OpportunityEvent> events = new ArrayList<>();
        OpportunityDetails current = draft.visits.isEmpty() ? draft.details : detailsAt(draft.visits.get(0), draft.details);
        events.add(new Created(id, 1, draft.created, actor, pipeline.id(), pipeline.firstOpenStage().id(), current));
        Track track = new Track(pipeline.firstOpenStage(), pipeline.firstOpenStage(), draft.created);
        for (DealDraft.Visit visit : draft.visits) {
            // Visits come ordered and checked against the creation time; should one ever go back in
            // time, restore refuses the history and the deal is reported, rather than silently re-dated.
            track.at = visit.at();
            OpportunityDetails next = detailsAt(visit, current);
            String where = where(visit.file(), visit.line());
            if (!next.equals(current)) {
                events.add(new DetailsChanged(id, events.size() + 1L, visit.at(), actor, next,
                        text("changed in " + where)));
                current = next;
            }
            track.inferred = visit.inferred();
            moveTo(id, events, track, pipeline.stage(visit.stage()), where, draft.lossReason);
        }
        if (!draft.details.equals(current)) {
            events.add(new DetailsChanged(id, events.size() + 1L, track.at, actor, draft.details,
                    text("as in " + where(draft.file, draft.line))));
        }
        return Opportunity.restore(pipeline, events);
    }

    /** The deal's fields as {@code visit} gives them: its whole row, or {@code before} with its amount and close date. */
    private static OpportunityDetails detailsAt(DealDraft.Visit visit, OpportunityDetails before) {
        OpportunityDetails details = visit.details() != null ? visit.details() : before;
        if (visit.value() == null && visit.closeDate() == null) {
            return details;
        }
        OpportunityDetails.Builder builder = details.toBuilder();
        if (visit.value() != null) {
            builder.value(dev.salespipeline.core.opportunity.DealValue.of(visit.value(), details.value().kind()));
        }
        if (visit.closeDate() != null) {
            builder.expectedCloseDate(visit.closeDate());
        }
        return builder.build();
    }

    /** Where the deal stands while its history is assembled. */
    private static final class Track {
        Stage stage;
        Stage lastOpen;
        Instant at;
        /** Whether the moves being made are inferred from where the deal ended rather than recorded. */
        boolean inferred;

        Track(Stage stage, Stage lastOpen, Instant at) {
            this.stage = stage;
            this.lastOpen = lastOpen;
            this.at = at;
        }
    }

    private void moveTo(OpportunityId id, List<OpportunityEvent> events, Track track, Stage target, String where,
                        String lossReason) {
        if (target.id().equals(track.stage.id())) {
            return;
        }
        StageKind from = track.stage.kind();
        if (target.kind() == StageKind.OPEN) {
            if (from == StageKind.OPEN) {
                boolean forward = pipeline.trackPosition(target.id()) > pipeline.trackPosition(track.stage.id());
                move(id, events, track, forward ? StageMove.ADVANCE : StageMove.REGRESS, target, where,
                        "moved back to " + target.displayName() + " in " + where);
                return;
            }
            Stage back = laterOf(target, track.lastOpen) == target ? track.lastOpen : target;
            move(id, events, track, from == StageKind.NURTURE ? StageMove.REACTIVATE : StageMove.REOPEN, back, where,
                    (from == StageKind.NURTURE ? "reactivated" : "reopened") + " in " + where);
            moveTo(id, events, track, target, where, lossReason);
            return;
        }
        if (from != StageKind.OPEN && !(from == StageKind.NURTURE && target.kind() != StageKind.WON)) {
            // Won, lost and disqualified deals reopen, and nurtured ones reactivate, before they close again.
            moveTo(id, events, track, track.lastOpen, where, lossReason);
        }
        switch (target.kind()) {
            case WON -> move(id, events, track, StageMove.WIN, target, where, "");
            case LOST -> move(id, events, track, StageMove.LOSE, target, where,
                    lossReason == null ? "closed lost in " + where : lossReason);
            case DISQUALIFIED -> move(id, events, track, StageMove.DISQUALIFY, target, where,
                    "disqualified in " + where);
            case NURTURE -> move(id, events, track, StageMove.NURTURE, target, where, "moved to nurture in " + where);
            case OPEN -> throw new IllegalStateException("handled above");
        }
    }

    private Stage laterOf(Stage one, Stage other) {
        return pipeline.trackPosition(one.id()) >= pipeline.trackPosition(other.id()) ? one : other;
    }

    private void move(OpportunityId id, List<OpportunityEvent> events, Track track, StageMove move, Stage target,
                      String where, String reason) {
        GateRecord gate = move.isGated() ? GateRecord.imported(text(where)) : GateRecord.notRequired();
        events.add(new StageChanged(id, events.size() + 1L, track.at, actor, move, track.stage.id(), target.id(),
                move.isGated() ? "" : text(reason), gate, track.inferred));
        track.stage = target;
        if (target.isOpen()) {
            track.lastOpen = target;
        }
    }

    private String where(String file, long line) {
        return system + " (" + shorten(file, 80) + " line " + line + ")";
    }

    /** CRM texts can be longer than the core accepts; the start says enough and the row is named. */
    private static String text(String text) {
        return shorten(text, MAX_TEXT);
    }

    private static String shorten(String text, int max) {
        String stripped = text.strip();
        return stripped.length() <= max ? stripped : stripped.substring(0, max - 1) + "…";
    }
}
