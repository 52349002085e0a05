package dev.salespipeline.events.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import dev.salespipeline.core.events.PipelineEvent;
import dev.salespipeline.core.gate.UnmetCriterion;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityDetails;
import dev.salespipeline.core.opportunity.OpportunityEvent;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * Writes a {@link PipelineEvent} as one JSON object of schema {@value #SCHEMA}, for a message broker
 * or a webhook:
 *
 * <pre>{@code
 * events.register(event -> broker.send("pipeline-events", EventJson.write(event)));
 * }</pre>
 *
 * <p>Every document has {@code schema}, {@code type}, {@code opportunityId} and {@code occurredAt}
 * (ISO-8601 UTC); the rest depends on the type (docs/integration.md lists it). Amounts and
 * probabilities are decimal strings, never floating point. Version 1 only ever gains fields; a field
 * that changes meaning or goes away means version 2. Stateless and thread-safe.
 */
public final class EventJson {

    /** The schema name and version every document carries. */
    public static final String SCHEMA = "sales-pipeline.event/1";

    private static final JsonFactory FACTORY = new JsonFactory();

    private EventJson() {
    }

    /** The event as one compact JSON object. */
    public static String write(PipelineEvent event) {
        Objects.requireNonNull(event, "event");
        StringWriter text = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("schema", SCHEMA);
            json.writeStringField("type", event.type());
            json.writeStringField("opportunityId", event.opportunityId().value());
            json.writeStringField("owner", event.owner());
            json.writeStringField("pipeline", event.pipelineId().value());
            json.writeStringField("occurredAt", event.occurredAt().toString());
            if (event instanceof PipelineEvent.Changed changed) {
                writeChanged(json, changed);
            } else if (event instanceof PipelineEvent.AdvanceBlocked blocked) {
                json.writeStringField("from", blocked.from().value());
                json.writeStringField("target", blocked.target().value());
                json.writeStringField("ruleSetVersion", blocked.ruleSetVersion());
                json.writeArrayFieldStart("unmetCriteria");
                for (UnmetCriterion unmet : blocked.unmetCriteria()) {
                    json.writeStartObject();
                    json.writeStringField("criterionId", unmet.criterionId());
                    json.writeStringField("stage", unmet.stage().value());
                    json.writeStringField("message", unmet.message());
                    json.writeStringField("origin", unmet.origin());
                    json.writeEndObject();
                }
                json.writeEndArray();
            } else if (event instanceof PipelineEvent.AlertRaised raised) {
                json.writeStringField("kind", raised.kind());
                json.writeStringField("severity", raised.severity());
                json.writeStringField("since", raised.since().toString());
                json.writeStringField("message", raised.message());
            } else if (event instanceof PipelineEvent.AlertCleared cleared) {
                json.writeStringField("kind", cleared.kind());
            } else if (event instanceof PipelineEvent.ProbabilityRecalculated recalculated) {
                json.writeStringField("before", recalculated.before().value().toPlainString());
                json.writeStringField("after", recalculated.after().value().toPlainString());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + event.type() + " as JSON", e);
        }
        return text.toString();
    }

    private static void writeChanged(JsonGenerator json, PipelineEvent.Changed changed) throws IOException {
        OpportunityEvent event = changed.event();
        json.writeNumberField("sequence", event.sequence());
        json.writeStringField("actor", event.actor().id());
        if (event instanceof OpportunityEvent.Created created) {
            json.writeStringField("stage", created.stage().value());
            writeDetails(json, created.details());
        } else if (event instanceof OpportunityEvent.DetailsChanged detailsChanged) {
            json.writeStringField("reason", detailsChanged.reason());
            writeDetails(json, detailsChanged.details());
        } else if (event instanceof OpportunityEvent.EvidenceRecorded recorded) {
            JsonParts.evidence(json, recorded.evidence(), false);
        } else if (event instanceof OpportunityEvent.EvidenceWithdrawn withdrawn) {
            json.writeStringField("evidenceId", withdrawn.evidenceId().value());
            json.writeStringField("reason", withdrawn.reason());
        } else if (event instanceof OpportunityEvent.ActivityLogged logged) {
            JsonParts.activity(json, logged.activity(), false);
        } else if (event instanceof OpportunityEvent.StageChanged stageChanged) {
            json.writeStringField("move", stageChanged.move().name());
            json.writeStringField("from", stageChanged.from().value());
            json.writeStringField("to", stageChanged.to().value());
            json.writeStringField("reason", stageChanged.reason());
            JsonParts.gate(json, stageChanged.gate());
        }
        Opportunity after = changed.after();
        json.writeObjectFieldStart("after");
        json.writeNumberField("version", after.version());
        json.writeStringField("stage", after.stageId().value());
        json.writeStringField("stageKind", after.stage().kind().name());
        json.writeStringField("stageEnteredAt", after.stageEnteredAt().toString());
        json.writeEndObject();
    }

    private static void writeDetails(JsonGenerator json, OpportunityDetails details) throws IOException {
        json.writeObjectFieldStart("details");
        json.writeStringField("account", details.account());
        json.writeStringField("owner", details.owner());
        JsonParts.value(json, details.value());
        json.writeStringField("expectedCloseDate", details.expectedCloseDate().toString());
        json.writeEndObject();
    }
}
