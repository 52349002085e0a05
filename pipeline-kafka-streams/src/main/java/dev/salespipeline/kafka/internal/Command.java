package dev.salespipeline.kafka.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One command of the commands topic, read from its JSON document ({@code sales-pipeline.command/1}): who
 * asks what of which deal, and the fields of that type. Reading checks the envelope only; the fields are
 * checked where they are used, so that a refusal names the field and the value.
 *
 * @param commandId     the sender's id of the command, echoed on every output record
 * @param type          what is asked: open, record-evidence, advance…
 * @param opportunityId the deal, which must be the record's key
 * @param actor         who asks
 * @param fields        the document's other fields
 */
public record Command(String commandId, String type, String opportunityId, String actor, Map<String, Object> fields) {

    /** The schema of a command document. */
    public static final String SCHEMA = "sales-pipeline.command/1";

    /** The command types, in the order the docs list them. */
    public static final Set<String> TYPES = Set.of("open", "record-evidence", "withdraw-evidence", "log-activity",
            "set-next-step", "advance", "win", "regress", "nurture", "reactivate", "lose", "disqualify");

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).maxStringLength(100_000).build())
            .build();
    private static final int MAX_DOCUMENT = 1_000_000;

    public Command {
        // JSON null is a value a sender may write ("note": null): kept, and refused where a field needs text.
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** A document that is not a command at all: it goes to the dead letters, with this reason. */
    public static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;
        private final String commandId;

        Unreadable(String reason) {
            this(reason, "");
        }

        Unreadable(String reason, String commandId) {
            super(reason, null, false, false);
            this.commandId = commandId;
        }

        /** The sender's command id, when the document got far enough to say it; empty otherwise. */
        public String commandId() {
            return commandId;
        }
    }

    /**
     * Reads the document of a record keyed {@code key}.
     *
     * @throws Unreadable if it is not JSON, not of this schema, of no known type, or for another deal than its key
     */
    public static Command read(String key, String document) throws Unreadable {
        if (document == null) {
            throw new Unreadable("the record has no value");
        }
        if (document.length() > MAX_DOCUMENT) {
            throw new Unreadable("the document has " + document.length() + " characters, more than " + MAX_DOCUMENT);
        }
        Object tree;
        try (JsonParser parser = JSON.createParser(document)) {
            parser.nextToken();
            tree = value(parser);
            if (parser.nextToken() != null) {
                throw new Unreadable("the document goes on after its JSON value");
            }
        } catch (IOException | RuntimeException e) {
            throw new Unreadable("not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(tree instanceof Map<?, ?> map)) {
            throw new Unreadable("the document is not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = new LinkedHashMap<>((Map<String, Object>) map);
        String sentId = object.get("commandId") instanceof String id ? id : "";
        try {
            return envelope(key, object);
        } catch (Unreadable unreadable) {
            throw new Unreadable(unreadable.getMessage(), sentId);
        }
    }

    private static Command envelope(String key, Map<String, Object> object) throws Unreadable {
        Object schema = object.remove("schema");
        if (!SCHEMA.equals(schema)) {
            throw new Unreadable("schema must be \"" + SCHEMA + "\", but was " + show(schema));
        }
        String type = text(object.remove("type"), "type");
        if (!TYPES.contains(type)) {
            throw new Unreadable("type must be one of " + new java.util.TreeSet<>(TYPES) + ", but was \"" + type + "\"");
        }
        String opportunityId = text(object.remove("opportunityId"), "opportunityId");
        if (!opportunityId.equals(key)) {
            throw new Unreadable("opportunityId \"" + opportunityId + "\" is not the record's key " + show(key)
                    + ": a deal's commands must share its partition");
        }
        String actor = text(object.remove("actor"), "actor");
        Object commandId = object.remove("commandId");
        return new Command(commandId == null ? "" : text(commandId, "commandId"), type, opportunityId, actor, object);
    }

    private static String text(Object value, String field) throws Unreadable {
        if (!(value instanceof String text) || text.isBlank()) {
            throw new Unreadable(field + " must be a non-blank string, but was " + show(value));
        }
        return text;
    }

    static String show(Object value) {
        return value == null ? "absent" : value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
    }

    /** A string field, if present; refuses another type naming the field. */
    public Optional<String> optionalText(String field) {
        Object value = fields.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text)) {
            throw new dev.salespipeline.core.InvalidValueException(field, value, "must be a string");
        }
        return Optional.of(text);
    }

    /** A string field's value as sent, or null: for naming it in a refusal, whatever its type. */
    public String optionalTextOrNull(String field) {
        Object value = fields.get(field);
        return value == null ? null : String.valueOf(value);
    }

    /** A string field that must be present. */
    public String text(String field) {
        return optionalText(field).orElseThrow(() -> new dev.salespipeline.core.InvalidValueException(field, null,
                "is required by a '" + type + "' command"));
    }

    /** An object field that must be present. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> object(String field) {
        Object value = fields.get(field);
        if (!(value instanceof Map<?, ?>)) {
            throw new dev.salespipeline.core.InvalidValueException(field, value, value == null
                    ? "is required by a '" + type + "' command" : "must be a JSON object");
        }
        return (Map<String, Object>) value;
    }

    /** {@code value} written back as JSON, for the parts read by the history codec. */
    public static String json(Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            write(json, value);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                json.writeFieldName((String) entry.getKey());
                write(json, entry.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof List<?> list) {
            json.writeStartArray();
            for (Object element : list) {
                write(json, element);
            }
            json.writeEndArray();
        } else if (value instanceof String text) {
            json.writeString(text);
        } else if (value instanceof Boolean flag) {
            json.writeBoolean(flag);
        } else {
            json.writeNumber(value.toString());
        }
    }

    private static Object value(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == null) {
            throw new IOException("empty document");
        }
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    if (object.put(name, value(parser)) != null) {
                        throw new IOException("field '" + name + "' appears twice");
                    }
                }
                return object;
            }
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(parser));
                }
                return array;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                // Kept as written: amounts are decimals, never doubles.
                return new java.math.BigDecimal(parser.getText());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return parser.getBooleanValue();
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IOException("unexpected " + token);
        }
    }
}
