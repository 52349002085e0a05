package dev.salespipeline.core.opportunity;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.evidence.EvidenceType;
import dev.salespipeline.core.opportunity.OpportunityEvent.ActivityLogged;
import dev.salespipeline.core.opportunity.OpportunityEvent.Created;
import dev.salespipeline.core.opportunity.OpportunityEvent.DetailsChanged;
import dev.salespipeline.core.opportunity.OpportunityEvent.EvidenceRecorded;
import dev.salespipeline.core.opportunity.OpportunityEvent.EvidenceWithdrawn;
import dev.salespipeline.core.opportunity.OpportunityEvent.StageChanged;
import dev.salespipeline.core.pipeline.OpportunityField;
import dev.salespipeline.core.pipeline.PipelineDefinition;
import dev.salespipeline.core.pipeline.Stage;
import dev.salespipeline.core.pipeline.StageId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A deal: its details, its current stage, its evidence and activities, and the append-only history
 * that all of these are folded from. The aggregate root of the core.
 *
 * <p>Immutable and thread-safe: every change, made through
 * {@link dev.salespipeline.core.transition.TransitionService}, returns a new {@code Opportunity} with one more event in its history and leaves the old one as it was. So a
 * refused or failed operation cannot leave anything half-applied, and a host can keep the previous
 * instance as the "before" of an optimistic-locking check ({@link #version()}).
 *
 * <p>Replaying the history reproduces the state exactly: {@code Opportunity.restore(o.pipeline(),
 * o.history()).equals(o)} for every opportunity. Equality compares the whole state, history included.
 */
public final class Opportunity {

    private final PipelineDefinition pipeline;
    private final OpportunityId id;
    private final Instant createdAt;
    private final Actor createdBy;
    private final OpportunityDetails details;
    private final StageId stageId;
    /** Looked up once: metrics and rules ask every deal for its stage several times. */
    private final Stage stage;
    private final Instant stageEnteredAt;
    private final StageId lastOpenStageId;
    private final List<Evidence> evidence;
    private final List<WithdrawnEvidence> withdrawnEvidence;
    private final List<Activity> activities;
    private final List<OpportunityEvent> history;

    private Opportunity(Fold fold) {
        this.pipeline = fold.pipeline;
        this.id = fold.id;
        this.createdAt = fold.createdAt;
        this.createdBy = fold.createdBy;
        this.details = fold.details;
        this.stageId = fold.stageId;
        this.stage = fold.pipeline.stage(fold.stageId);
        this.stageEnteredAt = fold.stageEnteredAt;
        this.lastOpenStageId = fold.lastOpenStageId;
        this.evidence = List.copyOf(fold.evidence);
        this.withdrawnEvidence = List.copyOf(fold.withdrawnEvidence);
        this.activities = List.copyOf(fold.activities);
        this.history = List.copyOf(fold.history);
    }

    /**
     * Rebuilds an opportunity from its stored history, checking every event as it would have been
     * checked when it happened: sequence, time order, stage-move legality, reasons and gate records.
     * Gate decisions are taken as recorded;
     * {@link dev.salespipeline.core.transition.TransitionService#replay} re-evaluates them.
     *
     * @throws InvalidEventException            if an event does not fit the history before it
     * @throws IllegalStageTransitionException  if a stage change is not legal at that point
     */
    public static Opportunity restore(PipelineDefinition pipeline, List<? extends OpportunityEvent> history) {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(history, "history");
        if (history.isEmpty()) {
            throw new InvalidValueException("history", "[]", "must start with a Created event");
        }
        Fold fold = new Fold(pipeline);
        for (OpportunityEvent event : history) {
            fold.apply(Objects.requireNonNull(event, "history must not contain null"));
        }
        return new Opportunity(fold);
    }

    /**
     * The opportunity exactly as it stood at {@code instant}: the fold of the events that had happened
     * by then. Empty if it did not exist yet; this same instance if nothing has happened since.
     */
    public Optional<Opportunity> asOf(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        if (createdAt.isAfter(instant)) {
            return Optional.empty();
        }
        int known = 0;
        while (known < history.size() && !history.get(known).occurredAt().isAfter(instant)) {
            known++;
        }
        return Optional.of(known == history.size() ? this : restore(pipeline, history.subList(0, known)));
    }

    /**
     * Whether this opportunity is {@code earlier} with nothing or more events after: the same deal, whose
     * history starts with all of {@code earlier}'s. What a store checks before it stores a change.
     */
    public boolean buildsOn(Opportunity earlier) {
        Objects.requireNonNull(earlier, "earlier");
        return id.equals(earlier.id) && history.size() >= earlier.history.size()
                && history.subList(0, earlier.history.size()).equals(earlier.history);
    }

    /**
     * This opportunity with one more event, validated exactly as {@link #restore} validates it: sequence,
     * time order, stage-move legality and reasons. Like {@code restore}, it takes a gate record as
     * recorded; the business actions of {@link dev.salespipeline.core.transition.TransitionService} are
     * what consult the gates. Storage and importers append recorded events with it.
     *
     * @throws InvalidEventException           if the event does not fit the history
     * @throws IllegalStageTransitionException if it records a stage change that is not legal now
     */
    public Opportunity apply(OpportunityEvent event) {
        Objects.requireNonNull(event, "event");
        Fold fold = new Fold(this);
        fold.apply(event);
        return new Opportunity(fold);
    }

    /**
     * Why moving from the current stage to {@code target} by {@code move} is illegal, if it is; empty when
     * the move is legal (gates aside). A host can ask before it offers the move.
     */
    public Optional<String> moveViolation(StageMove move, Stage target) {
        Objects.requireNonNull(move, "move");
        Objects.requireNonNull(target, "target");
        return move.violation(pipeline, stage(), target, pipeline.stage(lastOpenStageId));
    }

    public OpportunityId id() {
        return id;
    }

    public PipelineDefinition pipeline() {
        return pipeline;
    }

    public OpportunityDetails details() {
        return details;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Actor createdBy() {
        return createdBy;
    }

    /** The current stage. */
    public Stage stage() {
        return stage;
    }

    public StageId stageId() {
        return stageId;
    }

    /** When the deal entered its current stage. */
    public Instant stageEnteredAt() {
        return stageEnteredAt;
    }

    /** The last open stage the deal held; reactivation and reopening may not go beyond it. */
    public StageId lastOpenStageId() {
        return lastOpenStageId;
    }

    public boolean isOpen() {
        return stage().isOpen();
    }

    public boolean isClosed() {
        return stage().isTerminal();
    }

    /** Evidence that counts, in the order recorded; withdrawn evidence is not included. */
    public List<Evidence> evidence() {
        return evidence;
    }

    /** Whether active evidence of this type exists. */
    public boolean hasEvidence(EvidenceType type) {
        Objects.requireNonNull(type, "type");
        for (Evidence item : evidence) {
            if (item.type().equals(type)) {
                return true;
            }
        }
        return false;
    }

    /** Withdrawn evidence with the reason for each, in the order withdrawn. */
    public List<WithdrawnEvidence> withdrawnEvidence() {
        return withdrawnEvidence;
    }

    public List<Activity> activities() {
        return activities;
    }

    /** When the last activity happened, if any was logged. */
    public Optional<Instant> lastActivityAt() {
        // Rules read this several times per evaluation: a loop, not a stream.
        Instant last = null;
        for (Activity activity : activities) {
            if (last == null || activity.occurredAt().isAfter(last)) {
                last = activity.occurredAt();
            }
        }
        return Optional.ofNullable(last);
    }

    /** The append-only history, oldest first; the state above is its fold. */
    public List<OpportunityEvent> history() {
        return history;
    }

    /** The number of events in the history; grows by one with every change. */
    public long version() {
        return history.size();
    }

    /** Fields the given stage requires that this deal has not filled, in the stage's order. */
    public List<OpportunityField> missingFields(Stage stage) {
        Objects.requireNonNull(stage, "stage");
        List<OpportunityField> missing = new ArrayList<>();
        for (OpportunityField field : stage.requiredFields()) {
            if (!details.isFilled(field)) {
                missing.add(field);
            }
        }
        return Collections.unmodifiableList(missing);
    }

    /** Every stage change, oldest first. */
    public List<StageChanged> stageChanges() {
        List<StageChanged> changes = new ArrayList<>();
        for (OpportunityEvent event : history) {
            if (event instanceof StageChanged change) {
                changes.add(change);
            }
        }
        return Collections.unmodifiableList(changes);
    }

    /** The reason given when the deal was lost, if its current stage is the lost stage. */
    public Optional<String> lossReason() {
        return reasonForCurrent(StageMove.LOSE);
    }

    /** The reason given when the deal was disqualified, if it currently is. */
    public Optional<String> disqualificationReason() {
        return reasonForCurrent(StageMove.DISQUALIFY);
    }

    /** The reason of every regression, oldest first. */
    public List<String> regressionReasons() {
        return stageChanges().stream().filter(change -> change.move() == StageMove.REGRESS)
                .map(StageChanged::reason).toList();
    }

    private Optional<String> reasonForCurrent(StageMove move) {
        List<StageChanged> changes = stageChanges();
        if (changes.isEmpty()) {
            return Optional.empty();
        }
        StageChanged last = changes.get(changes.size() - 1);
        return last.move() == move ? Optional.of(last.reason()) : Optional.empty();
    }

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof Opportunity that
                && pipeline.equals(that.pipeline) && id.equals(that.id) && createdAt.equals(that.createdAt)
                && createdBy.equals(that.createdBy) && details.equals(that.details)
                && stageId.equals(that.stageId) && stageEnteredAt.equals(that.stageEnteredAt)
                && lastOpenStageId.equals(that.lastOpenStageId) && evidence.equals(that.evidence)
                && withdrawnEvidence.equals(that.withdrawnEvidence) && activities.equals(that.activities)
                && history.equals(that.history);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, stageId, history.size());
    }

    @Override
    public String toString() {
        return "Opportunity[" + id + ", " + details.account() + ", stage=" + stageId + ", version=" + version() + "]";
    }

    /** The mutable working state of one fold; never escapes this class. */
    private static final class Fold {

        private final PipelineDefinition pipeline;
        private OpportunityId id;
        private Instant createdAt;
        private Actor createdBy;
        private OpportunityDetails details;
        private StageId stageId;
        private Instant stageEnteredAt;
        private StageId lastOpenStageId;
        private final List<Evidence> evidence;
        private final List<WithdrawnEvidence> withdrawnEvidence;
        private final List<Activity> activities;
        private final List<OpportunityEvent> history;

        Fold(PipelineDefinition pipeline) {
            this.pipeline = pipeline;
            this.evidence = new ArrayList<>();
            this.withdrawnEvidence = new ArrayList<>();
            this.activities = new ArrayList<>();
            this.history = new ArrayList<>();
        }

        Fold(Opportunity from) {
            this.pipeline = from.pipeline;
            this.id = from.id;
            this.createdAt = from.createdAt;
            this.createdBy = from.createdBy;
            this.details = from.details;
            this.stageId = from.stageId;
            this.stageEnteredAt = from.stageEnteredAt;
            this.lastOpenStageId = from.lastOpenStageId;
            this.evidence = new ArrayList<>(from.evidence);
            this.withdrawnEvidence = new ArrayList<>(from.withdrawnEvidence);
            this.activities = new ArrayList<>(from.activities);
            this.history = new ArrayList<>(from.history);
        }

        void apply(OpportunityEvent event) {
            long expectedSequence = history.size() + 1L;
            if (event.sequence() != expectedSequence) {
                throw new InvalidEventException(event, "sequence must be " + expectedSequence
                        + " (the history holds " + history.size() + " events), but was " + event.sequence());
            }
            if (history.isEmpty() != (event instanceof Created)) {
                throw new InvalidEventException(event, history.isEmpty()
                        ? "a history must start with a Created event"
                        : "only the first event of a history may be a Created event");
            }
            if (!history.isEmpty()) {
                if (!event.opportunityId().equals(id)) {
                    throw new InvalidEventException(event, "it belongs to opportunity '" + event.opportunityId()
                            + "', not to '" + id + "'");
                }
                Instant previous = history.get(history.size() - 1).occurredAt();
                if (event.occurredAt().isBefore(previous)) {
                    throw new InvalidEventException(event, "occurredAt " + event.occurredAt()
                            + " is before the previous event at " + previous
                            + "\nMaybe the clock went backwards: history times never decrease.");
                }
            }
            if (event instanceof Created created) {
                applyCreated(created);
            } else if (event instanceof DetailsChanged changed) {
                details = changed.details();
            } else if (event instanceof EvidenceRecorded recorded) {
                applyEvidenceRecorded(recorded);
            } else if (event instanceof EvidenceWithdrawn withdrawn) {
                applyEvidenceWithdrawn(withdrawn);
            } else if (event instanceof ActivityLogged logged) {
                applyActivityLogged(logged);
            } else if (event instanceof StageChanged changed) {
                applyStageChanged(changed);
            }
            history.add(event);
        }

        private void applyCreated(Created created) {
            if (!created.pipelineId().equals(pipeline.id())) {
                throw new InvalidEventException(created, "it names pipeline '" + created.pipelineId()
                        + "', but is restored into pipeline '" + pipeline.id() + "'");
            }
            StageId first = pipeline.firstOpenStage().id();
            if (!created.stage().equals(first)) {
                throw new InvalidEventException(created, "a deal starts in the first open stage '" + first
                        + "', not in '" + created.stage() + "'; later stages are earned through their gates");
            }
            id = created.opportunityId();
            createdAt = created.occurredAt();
            createdBy = created.actor();
            details = created.details();
            stageId = first;
            stageEnteredAt = created.occurredAt();
            lastOpenStageId = first;
        }

        private void applyEvidenceRecorded(EvidenceRecorded recorded) {
            Evidence item = recorded.evidence();
            EvidenceId expectedId = EvidenceId.forEvent(recorded.sequence());
            if (!item.id().equals(expectedId)) {
                throw new InvalidEventException(recorded, "evidence recorded by this event has id '" + expectedId
                        + "', not '" + item.id() + "'");
            }
            if (!item.recordedAt().equals(recorded.occurredAt()) || !item.recordedBy().equals(recorded.actor())) {
                throw new InvalidEventException(recorded, "evidence must be recorded at the event's time and by its actor");
            }
            evidence.add(item);
        }

        private void applyEvidenceWithdrawn(EvidenceWithdrawn withdrawn) {
            Optional<Evidence> active = evidence.stream()
                    .filter(item -> item.id().equals(withdrawn.evidenceId())).findFirst();
            if (active.isEmpty()) {
                boolean already = withdrawnEvidence.stream()
                        .anyMatch(item -> item.evidence().id().equals(withdrawn.evidenceId()));
                throw new UnknownEvidenceException(id, withdrawn.evidenceId(), already);
            }
            evidence.remove(active.get());
            withdrawnEvidence.add(new WithdrawnEvidence(active.get(), withdrawn.occurredAt(), withdrawn.actor(),
                    withdrawn.reason()));
        }

        private void applyActivityLogged(ActivityLogged logged) {
            Instant happened = logged.activity().occurredAt();
            if (happened.isBefore(createdAt)) {
                throw new InvalidEventException(logged, "activity.occurredAt " + happened
                        + " is before the opportunity was created at " + createdAt);
            }
            if (happened.isAfter(logged.occurredAt())) {
                throw new InvalidEventException(logged, "activity.occurredAt " + happened
                        + " is in the future (it was logged at " + logged.occurredAt() + ")");
            }
            if (!logged.activity().loggedBy().equals(logged.actor())) {
                throw new InvalidEventException(logged, "activity.loggedBy must be the event's actor");
            }
            activities.add(logged.activity());
        }

        private void applyStageChanged(StageChanged changed) {
            StageMove move = changed.move();
            if (!changed.from().equals(stageId)) {
                throw new IllegalStageTransitionException(id, move, changed.from(), changed.to(),
                        "the deal is in '" + stageId + "' now, not in '" + changed.from() + "'");
            }
            Stage target = pipeline.stage(changed.to());
            Optional<String> violation = move.violation(pipeline, pipeline.stage(stageId), target,
                    pipeline.stage(lastOpenStageId));
            if (violation.isPresent()) {
                throw new IllegalStageTransitionException(id, move, stageId, target.id(), violation.get());
            }
            if (move.requiresReason() && changed.reason().isBlank()) {
                throw new InvalidValueException("reason", changed.reason(),
                        "must not be blank: to " + move.name().toLowerCase(java.util.Locale.ROOT)
                                + " a deal, say why");
            }
            GateRecord.Kind gate = changed.gate().kind();
            boolean gateHandled = gate != GateRecord.Kind.NOT_REQUIRED;
            if (move.isGated() != gateHandled) {
                throw new InvalidEventException(changed, move.isGated()
                        ? move + " must record a passed, overridden or imported gate, but recorded " + gate
                        : move + " has no gate to pass, but recorded " + gate);
            }
            stageId = target.id();
            stageEnteredAt = changed.occurredAt();
            if (target.isOpen()) {
                lastOpenStageId = target.id();
            }
        }
    }
}
