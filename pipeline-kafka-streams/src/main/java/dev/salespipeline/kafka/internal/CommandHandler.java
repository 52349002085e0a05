package dev.salespipeline.kafka.internal;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.evidence.EvidenceType;
import dev.salespipeline.core.events.PipelineEvent;
import dev.salespipeline.core.opportunity.Activity;
import dev.salespipeline.core.opportunity.ActivityDirection;
import dev.salespipeline.core.opportunity.ActivityType;
import dev.salespipeline.core.opportunity.Actor;
import dev.salespipeline.core.opportunity.EvidenceId;
import dev.salespipeline.core.opportunity.EvidenceSource;
import dev.salespipeline.core.opportunity.NewEvidence;
import dev.salespipeline.core.opportunity.NextStep;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityEvent;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.pipeline.PipelineCatalog;
import dev.salespipeline.core.pipeline.PipelineDefinition;
import dev.salespipeline.core.pipeline.StageId;
import dev.salespipeline.core.transition.AdvanceOutcome;
import dev.salespipeline.core.transition.TransitionService;
import dev.salespipeline.events.json.HistoryFormatException;
import dev.salespipeline.events.json.HistoryJson;
import dev.salespipeline.rules.PipelineRules;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Applies one command to a deal through {@link TransitionService}, with the rules in force. */
public final class CommandHandler {

    /** What a command did: changed the deal, or was refused with a reason naming the field and the value. */
    public sealed interface Outcome {
    }

    /** The deal after the command; its events after {@code before}'s are new. */
    public record Applied(Optional<Opportunity> before, Opportunity after) implements Outcome {
    }

    /** An advance the gate blocked, as the outbound event says it. */
    public record Blocked(PipelineEvent.AdvanceBlocked event) implements Outcome {
    }

    /** A command the domain refused: a value it does not accept, or a move the deal cannot make. */
    public record Invalid(String field, String value, String reason) implements Outcome {
    }

    private final PipelineCatalog catalog;
    private final Clock clock;

    public CommandHandler(PipelineCatalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    public Outcome apply(Optional<Opportunity> current, Command command, PipelineRules rules) {
        try {
            return applyOrThrow(current, command, rules);
        } catch (InvalidValueException e) {
            return new Invalid(e.field(), e.value() == null ? null : String.valueOf(e.value()), e.getMessage());
        } catch (HistoryFormatException e) {
            return new Invalid("details", null, e.getMessage());
        } catch (dev.salespipeline.core.pipeline.UnknownPipelineException e) {
            return new Invalid("pipeline", command.optionalTextOrNull("pipeline"), e.getMessage());
        } catch (dev.salespipeline.core.pipeline.UnknownStageException e) {
            return new Invalid("target", command.optionalTextOrNull("target"), e.getMessage());
        } catch (dev.salespipeline.core.opportunity.UnknownEvidenceException e) {
            return new Invalid("evidenceId", command.optionalTextOrNull("evidenceId"), e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            // Moves the state machine refuses (regress from a closed deal, an unknown stage, evidence to withdraw
            // that is not there) are the sender's to fix, not poison.
            return new Invalid("", null, e.getMessage());
        }
    }

    private Outcome applyOrThrow(Optional<Opportunity> current, Command command, PipelineRules rules) {
        TransitionService service = new TransitionService(rules, clock);
        Actor actor = Actor.of(command.actor());
        if (command.type().equals("open")) {
            if (current.isPresent()) {
                return new Invalid("opportunityId", command.opportunityId(), "opportunityId '" + command.opportunityId()
                        + "' is open already: an open command starts a deal");
            }
            PipelineDefinition pipeline = catalog.get(command.text("pipeline"));
            return new Applied(current, service.open(OpportunityId.of(command.opportunityId()), pipeline,
                    details(command, pipeline), actor));
        }
        if (current.isEmpty()) {
            return new Invalid("opportunityId", command.opportunityId(), "opportunityId '" + command.opportunityId()
                    + "' names no deal: open it first");
        }
        Opportunity deal = current.get();
        if (command.type().equals("advance") || command.type().equals("win")) {
            boolean win = command.type().equals("win");
            AdvanceOutcome outcome = win ? service.win(deal, actor)
                    : service.advance(deal, target(deal, command), actor);
            if (outcome instanceof AdvanceOutcome.Refused refused) {
                StageId target = win ? deal.pipeline().wonStage().id() : target(deal, command);
                return new Blocked(new PipelineEvent.AdvanceBlocked(deal.id(), deal.details().owner(),
                        deal.pipeline().id(), clock.instant(), deal.stageId(), target, refused.decision().unmetCriteria(),
                        refused.decision().ruleSetVersion()));
            }
            return new Applied(current, ((AdvanceOutcome.Advanced) outcome).opportunity());
        }
        Opportunity after = switch (command.type()) {
            case "record-evidence" -> {
                Map<String, Object> evidence = command.object("evidence");
                yield service.recordEvidence(deal, new NewEvidence(EvidenceType.of(text(evidence, "evidence.type")),
                        choice(EvidenceSource.class, text(evidence, "evidence.source"), "evidence.source"),
                        optional(evidence, "reference"), optional(evidence, "note")), actor);
            }
            case "withdraw-evidence" -> {
                EvidenceId id = EvidenceId.of(command.text("evidenceId"));
                if (deal.evidence().stream().noneMatch(evidence -> evidence.id().equals(id))) {
                    throw new InvalidValueException("evidenceId", id.value(), "names no active evidence of opportunity '"
                            + deal.id() + "'");
                }
                yield service.withdrawEvidence(deal, id, actor, command.text("reason"));
            }
            case "log-activity" -> {
                Map<String, Object> activity = command.object("activity");
                yield service.logActivity(deal, new Activity(
                        choice(ActivityType.class, text(activity, "activity.type"), "activity.type"),
                        choice(ActivityDirection.class, text(activity, "activity.direction"), "activity.direction"),
                        instant(text(activity, "activity.occurredAt"), "activity.occurredAt"), actor,
                        optional(activity, "summary")));
            }
            case "set-next-step" -> {
                Map<String, Object> step = command.object("nextStep");
                yield service.changeDetails(deal, deal.details().toBuilder().nextStep(NextStep.of(
                        text(step, "nextStep.description"), date(text(step, "nextStep.dueDate"), "nextStep.dueDate")))
                        .build(), actor);
            }
            case "regress" -> service.regress(deal, target(deal, command), actor, command.text("reason"));
            case "nurture" -> service.moveToNurture(deal, actor, command.text("reason"));
            case "reactivate" -> service.reactivate(deal, target(deal, command), actor,
                    command.text("reason"));
            case "lose" -> service.lose(deal, actor, command.text("reason"));
            case "disqualify" -> service.disqualify(deal, actor, command.text("reason"));
            default -> throw new IllegalStateException("unhandled command type " + command.type());
        };
        return new Applied(current, after);
    }

    /** The command's target, a stage of the deal's own pipeline. */
    private static StageId target(Opportunity deal, Command command) {
        String target = command.text("target");
        StageId id = StageId.of(target);
        if (deal.pipeline().findStage(id).isEmpty()) {
            throw new InvalidValueException("target", target, "is not a stage of pipeline '" + deal.pipeline().id()
                    + "', whose stages are " + deal.pipeline().stages().stream().map(stage -> stage.id().value()).toList());
        }
        return id;
    }

    /** The details of an open command, read by the history codec: the same shape as a stored creation's. */
    private dev.salespipeline.core.opportunity.OpportunityDetails details(Command command, PipelineDefinition pipeline) {
        Map<String, Object> details = new java.util.LinkedHashMap<>(command.object("details"));
        // The stored form writes every list, empty or not; a command may leave out the empty ones.
        for (String list : java.util.List.of("stakeholders", "products", "competitors")) {
            details.putIfAbsent(list, java.util.List.of());
        }
        details.putIfAbsent("attributes", Map.of());
        String document = "{\"opportunityId\":" + Command.json(command.opportunityId()) + ",\"sequence\":1"
                + ",\"occurredAt\":\"" + clock.instant() + "\",\"actor\":" + Command.json(command.actor())
                + ",\"pipeline\":" + Command.json(pipeline.id().value()) + ",\"stage\":"
                + Command.json(pipeline.firstOpenStage().id().value()) + ",\"details\":" + Command.json(details) + "}";
        HistoryJson codec = HistoryJson.current();
        OpportunityEvent created = codec.read(new HistoryJson.Stored(OpportunityId.of(command.opportunityId()), 1,
                "created", codec.schemaVersion("created"), document));
        return ((OpportunityEvent.Created) created).details();
    }

    private static String text(Map<String, Object> object, String field) {
        Object value = object.get(field.substring(field.indexOf('.') + 1));
        if (!(value instanceof String text)) {
            throw new InvalidValueException(field, value, value == null ? "is required" : "must be a string");
        }
        return text;
    }

    private static String optional(Map<String, Object> object, String field) {
        Object value = object.get(field);
        return value instanceof String text ? text : "";
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String value, String field) {
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(field, value, "must be one of " + java.util.Arrays.toString(
                    type.getEnumConstants()));
        }
    }

    private static Instant instant(String value, String field) {
        try {
            Instant instant = Instant.parse(value);
            // Beyond these years no date a sales team records is meant; the core's own limits are wider.
            if (instant.isBefore(Instant.parse("1900-01-01T00:00:00Z")) || instant.isAfter(Instant.parse("2200-01-01T00:00:00Z"))) {
                throw new InvalidValueException(field, value, "must be between the years 1900 and 2200");
            }
            return instant;
        } catch (DateTimeParseException e) {
            throw new InvalidValueException(field, value, "must be an ISO-8601 instant such as 2026-03-01T09:00:00Z");
        }
    }

    private static LocalDate date(String value, String field) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidValueException(field, value, "must be an ISO date such as 2026-03-31");
        }
    }
}
