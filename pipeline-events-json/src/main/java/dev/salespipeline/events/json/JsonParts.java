package dev.salespipeline.events.json;

import dev.salespipeline.core.opportunity.Activity;
import dev.salespipeline.core.opportunity.DealValue;
import dev.salespipeline.core.opportunity.Evidence;
import dev.salespipeline.core.opportunity.GateRecord;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;

/**
 * The objects both JSON forms write, field for field alike: the outbound events ({@link EventJson}) and
 * the stored history ({@link HistoryJson}). The stored form says a little more (who recorded, who logged),
 * and keeps its own schema versions; what they share is written once, here.
 */
final class JsonParts {

    private JsonParts() {
    }

    /** {@code "value": {amount, currency, kind}}, the amount a decimal string with its scale. */
    static void value(JsonGenerator json, DealValue value) throws IOException {
        json.writeObjectFieldStart("value");
        json.writeStringField("amount", value.amount().amount().toPlainString());
        json.writeStringField("currency", value.amount().currency().getCurrencyCode());
        json.writeStringField("kind", value.kind().name());
        json.writeEndObject();
    }

    /** {@code "evidence": {id, type, [recordedAt, recordedBy,] source, reference, note}}. */
    static void evidence(JsonGenerator json, Evidence evidence, boolean whoAndWhen) throws IOException {
        json.writeObjectFieldStart("evidence");
        json.writeStringField("id", evidence.id().value());
        json.writeStringField("type", evidence.type().id());
        if (whoAndWhen) {
            json.writeStringField("recordedAt", evidence.recordedAt().toString());
            json.writeStringField("recordedBy", evidence.recordedBy().id());
        }
        json.writeStringField("source", evidence.source().name());
        json.writeStringField("reference", evidence.reference());
        json.writeStringField("note", evidence.note());
        json.writeEndObject();
    }

    /** {@code "activity": {type, direction, occurredAt, [loggedBy,] summary}}. */
    static void activity(JsonGenerator json, Activity activity, boolean who) throws IOException {
        json.writeObjectFieldStart("activity");
        json.writeStringField("type", activity.type().name());
        json.writeStringField("direction", activity.direction().name());
        json.writeStringField("occurredAt", activity.occurredAt().toString());
        if (who) {
            json.writeStringField("loggedBy", activity.loggedBy().id());
        }
        json.writeStringField("summary", activity.summary());
        json.writeEndObject();
    }

    /** {@code "gate": {kind, ruleSetVersion, justification}}. */
    static void gate(JsonGenerator json, GateRecord gate) throws IOException {
        json.writeObjectFieldStart("gate");
        json.writeStringField("kind", gate.kind().name());
        json.writeStringField("ruleSetVersion", gate.ruleSetVersion());
        json.writeStringField("justification", gate.justification());
        json.writeEndObject();
    }
}
