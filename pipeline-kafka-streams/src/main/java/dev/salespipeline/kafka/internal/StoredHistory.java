package dev.salespipeline.kafka.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityEvent;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.pipeline.PipelineCatalog;
import dev.salespipeline.events.json.HistoryFormatException;
import dev.salespipeline.events.json.HistoryJson;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A deal's history as the state store keeps it: the {@link HistoryJson} document of each event, with its
 * type and schema version, in order, so that the store (and its changelog topic) reads back exactly what
 * the JDBC store would, and old documents are upcast the same way.
 */
public final class StoredHistory {

    private static final JsonFactory JSON = new JsonFactory();
    private static final HistoryJson CODEC = HistoryJson.current();

    private StoredHistory() {
    }

    public static String write(List<OpportunityEvent> history) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartArray();
            for (OpportunityEvent event : history) {
                String type = HistoryJson.type(event);
                json.writeStartArray();
                json.writeString(type);
                json.writeNumber(CODEC.schemaVersion(type));
                json.writeString(CODEC.write(event));
                json.writeEndArray();
            }
            json.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * The deal a stored value holds.
     *
     * @throws HistoryFormatException naming the deal and the event, when the value cannot be read
     */
    public static Opportunity read(String id, String stored, PipelineCatalog catalog) {
        OpportunityId opportunityId = OpportunityId.of(id);
        List<OpportunityEvent> events = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(stored)) {
            expect(parser.nextToken(), JsonToken.START_ARRAY, opportunityId);
            long sequence = 0;
            while (parser.nextToken() == JsonToken.START_ARRAY) {
                sequence++;
                expect(parser.nextToken(), JsonToken.VALUE_STRING, opportunityId);
                String type = parser.getText();
                expect(parser.nextToken(), JsonToken.VALUE_NUMBER_INT, opportunityId);
                int version = parser.getIntValue();
                expect(parser.nextToken(), JsonToken.VALUE_STRING, opportunityId);
                String document = parser.getText();
                expect(parser.nextToken(), JsonToken.END_ARRAY, opportunityId);
                events.add(CODEC.read(new HistoryJson.Stored(opportunityId, sequence, type, version, document)));
            }
        } catch (IOException e) {
            throw new HistoryFormatException(opportunityId, 0, "the stored history is not JSON: " + e.getMessage());
        }
        if (events.isEmpty() || !(events.get(0) instanceof OpportunityEvent.Created created)) {
            throw new HistoryFormatException(opportunityId, 1, "a stored history must start with its creation");
        }
        return Opportunity.restore(catalog.get(created.pipelineId()), events);
    }

    private static void expect(JsonToken actual, JsonToken expected, OpportunityId id) {
        if (actual != expected) {
            throw new HistoryFormatException(id, 0, "the stored history has " + actual + " where " + expected
                    + " belongs");
        }
    }
}
