package dev.salespipeline.core.testing;

import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.evidence.EvidenceType;
import dev.salespipeline.core.evidence.EvidenceTypes;
import dev.salespipeline.core.money.Money;
import dev.salespipeline.core.opportunity.Activity;
import dev.salespipeline.core.opportunity.ActivityDirection;
import dev.salespipeline.core.opportunity.ActivityType;
import dev.salespipeline.core.opportunity.DealValue;
import dev.salespipeline.core.opportunity.EvidenceId;
import dev.salespipeline.core.opportunity.EvidenceSource;
import dev.salespipeline.core.opportunity.IllegalStageTransitionException;
import dev.salespipeline.core.opportunity.InvalidEventException;
import dev.salespipeline.core.opportunity.NewEvidence;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.UnknownEvidenceException;
import dev.salespipeline.core.opportunity.ValueKind;
import dev.salespipeline.core.pipeline.Stage;
import dev.salespipeline.core.pipeline.StageId;
import dev.salespipeline.core.transition.AdvanceOutcome;
import dev.salespipeline.core.transition.TransitionService;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import org.quicktheories.core.Gen;

/**
 * Random operations on one deal, for property tests: what to do, with which argument, how long after
 * the previous operation (negative: the clock goes backwards), and whether the reason is left blank.
 */
public final class Operations {

    public enum Kind {
        RECORD_EVIDENCE, WITHDRAW_EVIDENCE, LOG_ACTIVITY, CHANGE_VALUE, ADVANCE, WIN, OVERRIDE, REGRESS, NURTURE,
        REACTIVATE, LOSE, DISQUALIFY, REOPEN
    }

    /** One operation; {@code argument} picks an evidence type, an evidence item or a target stage. */
    public record Op(Kind kind, int argument, int minutesLater, boolean blankReason) {
    }

    /** Types the generator records: the default catalogue, so that gates can open. */
    public static final List<EvidenceType> TYPES = EvidenceTypes.progression();

    private Operations() {
    }

    public static Gen<Op> ops() {
        Gen<Kind> kinds = integers().between(0, Kind.values().length - 1).map(index -> Kind.values()[index]);
        // Evidence is recorded more often than anything else, or gates would almost never open.
        Gen<Kind> weighted = kinds.mix(org.quicktheories.generators.Generate.constant(Kind.RECORD_EVIDENCE), 40);
        return weighted.zip(integers().between(0, 40), integers().between(-30, 4 * 24 * 60), booleans().all(),
                (kind, argument, minutes, blank) -> new Op(kind, argument, minutes, blank && argument % 5 == 0));
    }

    public static Gen<List<Op>> sequences(int maxLength) {
        return lists().of(ops()).ofSizeBetween(1, maxLength);
    }

    /** A stage of the deal's pipeline chosen by the operation's argument. */
    public static StageId target(Opportunity deal, Op op) {
        List<Stage> stages = deal.pipeline().stages();
        return stages.get(op.argument() % stages.size()).id();
    }

    /** The evidence type the operation records. */
    public static EvidenceType type(Op op) {
        return TYPES.get(op.argument() % TYPES.size());
    }

    /**
     * Applies the operation through the service after moving the clock. Returns the deal after it:
     * the same instance when the service refused or rejected the operation. Only the library's own
     * documented exceptions count as a rejection; anything else escapes and fails the property.
     */
    public static Opportunity apply(TransitionService service, TestClock clock, Opportunity deal, Op op) {
        clock.advance(Duration.ofMinutes(op.minutesLater()));
        String reason = op.blankReason() ? " " : "reason " + op.argument();
        try {
            return switch (op.kind()) {
                case RECORD_EVIDENCE -> service.recordEvidence(deal,
                        NewEvidence.of(type(op), EvidenceSource.MEETING_NOTES), Deals.REP);
                case WITHDRAW_EVIDENCE -> service.withdrawEvidence(deal, deal.evidence().isEmpty()
                        ? EvidenceId.of("ev-" + (9000 + op.argument()))
                        : deal.evidence().get(op.argument() % deal.evidence().size()).id(), Deals.MANAGER, reason);
                case LOG_ACTIVITY -> service.logActivity(deal, new Activity(ActivityType.CALL,
                        ActivityDirection.FROM_BUYER, clock.instant(), Deals.REP, "call " + op.argument()));
                case CHANGE_VALUE -> service.changeDetails(deal, deal.details().toBuilder().value(DealValue.of(
                        Money.of(BigDecimal.valueOf(1000L * op.argument()), deal.details().value().amount().currency()),
                        ValueKind.ACV)).build(), Deals.REP);
                case ADVANCE -> unwrap(service.advance(deal, target(deal, op), Deals.REP));
                case WIN -> unwrap(service.win(deal, Deals.REP));
                case OVERRIDE -> service.overrideGate(deal, target(deal, op), Deals.MANAGER, reason);
                case REGRESS -> service.regress(deal, target(deal, op), Deals.REP, reason);
                case NURTURE -> service.moveToNurture(deal, Deals.REP, reason);
                case REACTIVATE -> service.reactivate(deal, target(deal, op), Deals.REP, reason);
                case LOSE -> service.lose(deal, Deals.REP, reason);
                case DISQUALIFY -> service.disqualify(deal, Deals.REP, reason);
                case REOPEN -> service.reopen(deal, target(deal, op), Deals.MANAGER, reason);
            };
        } catch (IllegalStageTransitionException | InvalidEventException | UnknownEvidenceException
                 | InvalidValueException rejected) {
            return deal;
        }
    }

    private static Opportunity unwrap(AdvanceOutcome outcome) {
        return outcome.opportunity();
    }
}
