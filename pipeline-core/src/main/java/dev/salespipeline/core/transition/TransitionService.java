package dev.salespipeline.core.transition;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.events.PipelineEvent;
import dev.salespipeline.core.events.PipelineEvents;
import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.gate.GateEvaluator;
import dev.salespipeline.core.internal.Checks;
import dev.salespipeline.core.opportunity.Activity;
import dev.salespipeline.core.opportunity.Actor;
import dev.salespipeline.core.opportunity.Evidence;
import dev.salespipeline.core.opportunity.EvidenceId;
import dev.salespipeline.core.opportunity.GateRecord;
import dev.salespipeline.core.opportunity.IllegalStageTransitionException;
import dev.salespipeline.core.opportunity.InvalidEventException;
import dev.salespipeline.core.opportunity.NewEvidence;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityDetails;
import dev.salespipeline.core.opportunity.OpportunityEvent.ActivityLogged;
import dev.salespipeline.core.opportunity.OpportunityEvent.Created;
import dev.salespipeline.core.opportunity.OpportunityEvent.DetailsChanged;
import dev.salespipeline.core.opportunity.OpportunityEvent.EvidenceRecorded;
import dev.salespipeline.core.opportunity.OpportunityEvent.EvidenceWithdrawn;
import dev.salespipeline.core.opportunity.OpportunityEvent.StageChanged;
import dev.salespipeline.core.opportunity.OpportunityEvent;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.opportunity.StageMove;
import dev.salespipeline.core.pipeline.PipelineDefinition;
import dev.salespipeline.core.pipeline.Stage;
import dev.salespipeline.core.pipeline.StageId;
import dev.salespipeline.core.pipeline.StageKind;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The one service that changes opportunities. Every path that changes a stage — a single advance, a
 * bulk advance, a manager override, a replayed or imported history — goes through the same
 * {@link StageMove} checks, and every forward move through the {@link GateEvaluator} for each gate it
 * passes (skipping a stage means passing the skipped stage's gate too).
 *
 * <p>Each method returns a new {@link Opportunity} with one more event and leaves its argument
 * unchanged; an exception or a refusal records nothing. Times come from the injected {@link Clock}.
 *
 * <p>Thread-safe if its gate evaluator is. Two threads changing the same opportunity from the same
 * instance both succeed and produce two diverging histories with the same {@link Opportunity#version()};
 * storage resolves that: {@link OpportunityStore} either refuses the second save with a
 * {@link VersionConflictException} or serialises the changes.
 */
public final class TransitionService {

    private final GateEvaluator gateEvaluator;
    private final Clock clock;
    /** Where refused advances are published; null when nobody listens. */
    private final PipelineEvents events;

    public TransitionService(GateEvaluator gateEvaluator, Clock clock) {
        this.gateEvaluator = Objects.requireNonNull(gateEvaluator, "gateEvaluator");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.events = null;
    }

    /**
     * A service that also publishes every refused advance to {@code events} as
     * {@link PipelineEvent.AdvanceBlocked}. Changes themselves are published when they are committed
     * (see {@link PipelineEvents#committed}), not here: this service does not store anything.
     */
    public TransitionService(GateEvaluator gateEvaluator, Clock clock, PipelineEvents events) {
        this.gateEvaluator = Objects.requireNonNull(gateEvaluator, "gateEvaluator");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.events = Objects.requireNonNull(events, "events");
    }

    /** Opens a new deal in its pipeline's first open stage. */
    public Opportunity open(OpportunityId id, PipelineDefinition pipeline, OpportunityDetails details, Actor actor) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(details, "details");
        Objects.requireNonNull(actor, "actor");
        return Opportunity.restore(pipeline, List.of(new Created(id, 1, clock.instant(), actor, pipeline.id(),
                pipeline.firstOpenStage().id(), details)));
    }

    /** Replaces the deal's descriptive fields, with no reason given. */
    public Opportunity changeDetails(Opportunity opportunity, OpportunityDetails details, Actor actor) {
        return changeDetails(opportunity, details, actor, "");
    }

    /**
     * Replaces the deal's descriptive fields and records why, such as the buyer's reason for a
     * slipped close date.
     *
     * @param reason may be empty
     */
    public Opportunity changeDetails(Opportunity opportunity, OpportunityDetails details, Actor actor, String reason) {
        Objects.requireNonNull(opportunity, "opportunity");
        Objects.requireNonNull(details, "details");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(reason, "reason");
        return opportunity.apply(new DetailsChanged(opportunity.id(), next(opportunity), clock.instant(), actor,
                details, reason));
    }

    /** Records a documented buyer action; its id is derived from its place in the history. */
    public Opportunity recordEvidence(Opportunity opportunity, NewEvidence evidence, Actor actor) {
        Objects.requireNonNull(opportunity, "opportunity");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(actor, "actor");
        long sequence = next(opportunity);
        Instant now = clock.instant();
        Evidence recorded = new Evidence(EvidenceId.forEvent(sequence), evidence.type(), now, actor,
                evidence.source(), evidence.reference(), evidence.note());
        return opportunity.apply(new EvidenceRecorded(opportunity.id(), sequence, now, actor, recorded));
    }

    /** Withdraws evidence that turned out wrong; it stays on record as withdrawn with the reason. */
    public Opportunity withdrawEvidence(Opportunity opportunity, EvidenceId evidenceId, Actor actor, String reason) {
        Objects.requireNonNull(opportunity, "opportunity");
        return opportunity.apply(new EvidenceWithdrawn(opportunity.id(), next(opportunity), clock.instant(), actor,
                evidenceId, reason));
    }

    /** Logs a touchpoint; {@code activity.loggedBy()} is the actor. */
    public Opportunity logActivity(Opportunity opportunity, Activity activity) {
        Objects.requireNonNull(opportunity, "opportunity");
        Objects.requireNonNull(activity, "activity");
        return opportunity.apply(new ActivityLogged(opportunity.id(), next(opportunity), clock.instant(),
                activity.loggedBy(), activity));
    }

    /**
     * Checks, without changing anything, whether the deal may advance to {@code target}: the decision
     * of every gate between its stage and the target, merged.
     *
     * @throws IllegalStageTransitionException if {@code target} is not ahead of the deal on its track
     */
    public GateDecision check(Opportunity opportunity, StageId target) {
        Objects.requireNonNull(opportunity, "opportunity");
        Stage stage = forwardTarget(opportunity, target);
        return gateEvaluator.evaluateWay(opportunity, stage.id(), clock.instant());
    }

    /**
     * Advances the deal to {@code target} (an open stage ahead of it, or the won stage) if every gate
     * on the way is passed; otherwise refuses with the unmet criteria and changes nothing.
     *
     * @throws IllegalStageTransitionException if {@code target} is not ahead of the deal on its track
     */
    public AdvanceOutcome advance(Opportunity opportunity, StageId target, Actor actor) {
        Objects.requireNonNull(opportunity, "opportunity");
        Objects.requireNonNull(actor, "actor");
        Stage stage = forwardTarget(opportunity, target);
        Instant now = clock.instant();
        GateDecision decision = gateEvaluator.evaluateWay(opportunity, stage.id(), now);
        if (decision instanceof GateDecision.Blocked blocked) {
            if (events != null) {
                events.publish(new PipelineEvent.AdvanceBlocked(opportunity.id(), opportunity.details().owner(),
                        opportunity.pipeline().id(), now, opportunity.stageId(), stage.id(),
                        blocked.unmetCriteria(), blocked.ruleSetVersion()));
            }
            return new AdvanceOutcome.Refused(opportunity, blocked);
        }
        Opportunity advanced = opportunity.apply(new StageChanged(opportunity.id(), next(opportunity), now, actor,
                forwardMove(stage), opportunity.stageId(), stage.id(), "",
                GateRecord.passed(decision.ruleSetVersion())));
        return new AdvanceOutcome.Advanced(advanced, (GateDecision.Allowed) decision);
    }

    /** Advances the deal to its pipeline's won stage, through every remaining gate. */
    public AdvanceOutcome win(Opportunity opportunity, Actor actor) {
        Objects.requireNonNull(opportunity, "opportunity");
        return advance(opportunity, opportunity.pipeline().wonStage().id(), actor);
    }

    /**
     * Advances the deal to {@code target} past its gates on a manager's written justification. The
     * stage-move rules still apply; the history records the override, the manager and the reason.
     */
    public Opportunity overrideGate(Opportunity opportunity, StageId target, Actor manager, String justification) {
        Objects.requireNonNull(opportunity, "opportunity");
        Objects.requireNonNull(manager, "manager");
        GateRecord record = GateRecord.overridden(Checks.requireReason(justification, "justification"));
        Stage stage = forwardTarget(opportunity, target);
        return opportunity.apply(new StageChanged(opportunity.id(), next(opportunity), clock.instant(), manager,
                forwardMove(stage), opportunity.stageId(), stage.id(), "", record));
    }

    /**
     * Advances several deals at once, each through its own gates, with the same result as advancing
     * them one by one. Every request is checked for legality before any gate is evaluated, so a
     * misuse anywhere throws and nothing is returned.
     *
     * @return one outcome per request, in order
     * @throws IllegalStageTransitionException if any request is not a forward move
     * @throws InvalidValueException           if one opportunity appears twice
     */
    public List<AdvanceOutcome> advanceAll(List<AdvanceRequest> requests, Actor actor) {
        Checks.requireSize(requests, "requests");
        Objects.requireNonNull(actor, "actor");
        Set<OpportunityId> seen = new HashSet<>();
        for (AdvanceRequest request : requests) {
            if (!seen.add(request.opportunity().id())) {
                throw new InvalidValueException("requests", request.opportunity().id(),
                        "must name each opportunity at most once");
            }
            forwardTarget(request.opportunity(), request.target());
        }
        List<AdvanceOutcome> outcomes = new ArrayList<>(requests.size());
        for (AdvanceRequest request : requests) {
            outcomes.add(advance(request.opportunity(), request.target(), actor));
        }
        return outcomes;
    }

    /** Moves the deal back to an earlier open stage; a reason is required. */
    public Opportunity regress(Opportunity opportunity, StageId target, Actor actor, String reason) {
        return change(opportunity, StageMove.REGRESS, target, actor, reason);
    }

    /** Parks the deal in the pipeline's nurture stage; a reason is required. */
    public Opportunity moveToNurture(Opportunity opportunity, Actor actor, String reason) {
        return change(opportunity, StageMove.NURTURE, stageFor(opportunity, StageMove.NURTURE), actor, reason);
    }

    /** Brings a nurtured deal back to an open stage no later than the last one it held. */
    public Opportunity reactivate(Opportunity opportunity, StageId target, Actor actor, String reason) {
        return change(opportunity, StageMove.REACTIVATE, target, actor, reason);
    }

    /** Closes the deal as lost; a reason is required. */
    public Opportunity lose(Opportunity opportunity, Actor actor, String reason) {
        return change(opportunity, StageMove.LOSE, stageFor(opportunity, StageMove.LOSE), actor, reason);
    }

    /** Removes the deal as not a real opportunity; a reason is required. */
    public Opportunity disqualify(Opportunity opportunity, Actor actor, String reason) {
        return change(opportunity, StageMove.DISQUALIFY, stageFor(opportunity, StageMove.DISQUALIFY), actor, reason);
    }

    /** Reopens a won, lost or disqualified deal into an open stage no later than the last one it held. */
    public Opportunity reopen(Opportunity opportunity, StageId target, Actor actor, String reason) {
        return change(opportunity, StageMove.REOPEN, target, actor, reason);
    }

    /**
     * Rebuilds an opportunity from a stored or imported history through the same checks as live
     * changes, re-evaluating with this service's gate evaluator every advance recorded as having
     * passed its gate, against the state the history had reached at that point. Overrides are kept as
     * recorded.
     *
     * @throws ReplayRefusedException          if the evaluator refuses a recorded advance
     * @throws InvalidEventException           if an event does not fit the history before it
     * @throws IllegalStageTransitionException if a stage change is not legal at that point
     */
    public Opportunity replay(PipelineDefinition pipeline, List<? extends OpportunityEvent> history) {
        Objects.requireNonNull(pipeline, "pipeline");
        Checks.requireSize(history, "history");
        if (history.isEmpty()) {
            return Opportunity.restore(pipeline, history);
        }
        Opportunity opportunity = Opportunity.restore(pipeline, history.subList(0, 1));
        for (OpportunityEvent event : history.subList(1, history.size())) {
            if (event instanceof StageChanged changed && changed.gate().kind() == GateRecord.Kind.PASSED
                    && changed.from().equals(opportunity.stageId())
                    && pipeline.findStage(changed.to()).isPresent()
                    && opportunity.moveViolation(changed.move(), pipeline.stage(changed.to())).isEmpty()) {
                GateDecision decision = gateEvaluator.evaluateWay(opportunity, changed.to(), changed.occurredAt());
                if (decision instanceof GateDecision.Blocked blocked) {
                    throw new ReplayRefusedException(changed, blocked.unmetCriteria());
                }
            }
            opportunity = opportunity.apply(event);
        }
        return opportunity;
    }

    private Opportunity change(Opportunity opportunity, StageMove move, StageId target, Actor actor, String reason) {
        Objects.requireNonNull(opportunity, "opportunity");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(reason, "reason");
        return opportunity.apply(new StageChanged(opportunity.id(), next(opportunity), clock.instant(), actor, move,
                opportunity.stageId(), target, reason, GateRecord.notRequired()));
    }

    private static StageId stageFor(Opportunity opportunity, StageMove move) {
        Objects.requireNonNull(opportunity, "opportunity");
        PipelineDefinition pipeline = opportunity.pipeline();
        Optional<Stage> stage = switch (move.targetKind()) {
            case LOST -> pipeline.lostStage();
            case DISQUALIFIED -> pipeline.disqualifiedStage();
            case NURTURE -> pipeline.nurtureStage();
            default -> throw new IllegalArgumentException("no single target stage for " + move);
        };
        return stage.map(Stage::id).orElseThrow(() -> new IllegalStageTransitionException(opportunity.id(), move,
                opportunity.stageId(), null, "pipeline '" + pipeline.id() + "' has no " + move.targetKind() + " stage"));
    }

    /** The target stage, after checking that moving forward to it is legal for this deal now. */
    private static Stage forwardTarget(Opportunity opportunity, StageId target) {
        Objects.requireNonNull(target, "target");
        Stage stage = opportunity.pipeline().stage(target);
        StageMove move = forwardMove(stage);
        opportunity.moveViolation(move, stage).ifPresent(why -> {
            throw new IllegalStageTransitionException(opportunity.id(), move, opportunity.stageId(), target, why);
        });
        return stage;
    }

    private static StageMove forwardMove(Stage target) {
        return target.kind() == StageKind.WON ? StageMove.WIN : StageMove.ADVANCE;
    }

    private static long next(Opportunity opportunity) {
        return opportunity.version() + 1;
    }
}
