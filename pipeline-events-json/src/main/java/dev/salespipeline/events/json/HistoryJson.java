package dev.salespipeline.events.json;

import dev.salespipeline.core.evidence.EvidenceType;
import dev.salespipeline.core.money.Money;
import dev.salespipeline.core.opportunity.Activity;
import dev.salespipeline.core.opportunity.ActivityDirection;
import dev.salespipeline.core.opportunity.ActivityType;
import dev.salespipeline.core.opportunity.Actor;
import dev.salespipeline.core.opportunity.DealValue;
import dev.salespipeline.core.opportunity.Evidence;
import dev.salespipeline.core.opportunity.EvidenceId;
import dev.salespipeline.core.opportunity.EvidenceSource;
import dev.salespipeline.core.opportunity.GateRecord;
import dev.salespipeline.core.opportunity.NextStep;
import dev.salespipeline.core.opportunity.OpportunityDetails;
import dev.salespipeline.core.opportunity.OpportunityEvent;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.opportunity.StageMove;
import dev.salespipeline.core.opportunity.Stakeholder;
import dev.salespipeline.core.opportunity.StakeholderRole;
import dev.salespipeline.core.opportunity.ValueKind;
import dev.salespipeline.core.pipeline.PipelineId;
import dev.salespipeline.core.pipeline.Probability;
import dev.salespipeline.core.pipeline.StageId;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The storage form of an opportunity's history: each {@link OpportunityEvent} as one JSON document, with a
 * type name and a schema version of its own, and back, exactly. What a store keeps forever.
 *
 * <p><b>Versions.</b> Each event type has a schema version ({@link #schemaVersion(String)}), 1 for all of
 * them today. When a type's document changes, its version goes up and an upcaster from the old version
 * joins this class: a document is read by upcasting it, step by step, to the current version, so that
 * whatever was ever written loads forever. Frozen documents of every version are in the tests.
 *
 * <p><b>Strict.</b> A document with a field its type does not have, without one it needs, of an unknown
 * type, or of a version newer than this library knows is refused with a {@link HistoryFormatException}
 * that names the deal, the sequence number and the problem; nothing is guessed.
 *
 * <p>Amounts and probabilities are decimal strings with their scale, times ISO-8601 instants to the
 * nanosecond, dates ISO dates. This form is separate from {@link EventJson}, the outbound schema for
 * brokers and webhooks, and versioned apart from it: the two share the field names of what they both carry.
 *
 * <p>Stateless and thread-safe.
 */
public final class HistoryJson {

    /** The current schema version of each event type, by type name. */
    private static final Map<String, Integer> VERSIONS = Map.of("created", 1, "details-changed", 1,
            "evidence-recorded", 1, "evidence-withdrawn", 1, "activity-logged", 1, "stage-changed", 2);

    /** Documents are small: a deal's details at most. Deeper or longer input is not a stored event. */
    private static final JsonFactory FACTORY = JsonFactory.builder().streamReadConstraints(StreamReadConstraints
            .builder().maxNestingDepth(16).maxStringLength(1_000_000).maxNumberLength(64).build()).build();

    /** One stored event as a store reads it back: the row's columns and the document. */
    public record Stored(OpportunityId opportunityId, long sequence, String type, int schemaVersion, String document) {
        public Stored {
            Objects.requireNonNull(opportunityId, "opportunityId");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(document, "document");
        }
    }

    /** Upcasters by type and the version they read: each turns a document of that version into the next. */
    private final Map<String, Map<Integer, UnaryOperator<Map<String, Object>>>> upcasters;
    private final Map<String, Integer> versions;

    private HistoryJson(Map<String, Integer> versions, Map<String, Map<Integer, UnaryOperator<Map<String, Object>>>> upcasters) {
        this.versions = Map.copyOf(versions);
        this.upcasters = upcasters;
    }

    /**
     * The upcasters of this library's schema changes. stage-changed 2 added {@code inferred}: every move
     * written before was recorded, not inferred.
     */
    private static final HistoryJson CURRENT = new HistoryJson(VERSIONS, Map.of("stage-changed", Map.of(1,
            document -> {
                Map<String, Object> upcast = new LinkedHashMap<>(document);
                upcast.put("inferred", Boolean.FALSE);
                return upcast;
            })));

    /** The codec of this library's version. */
    public static HistoryJson current() {
        return CURRENT;
    }

    /**
     * A codec whose {@code type} is at {@code version}, reading older documents of it with {@code upcaster}
     * (from {@code version - 1}) after the upcasters it has: how a change of schema is made, and tested.
     */
    HistoryJson withUpcaster(String type, int version, UnaryOperator<Map<String, Object>> upcaster) {
        Map<String, Integer> moreVersions = new LinkedHashMap<>(versions);
        moreVersions.put(type, version);
        Map<String, Map<Integer, UnaryOperator<Map<String, Object>>>> more = new LinkedHashMap<>();
        upcasters.forEach((name, byVersion) -> more.put(name, new TreeMap<>(byVersion)));
        more.computeIfAbsent(type, name -> new TreeMap<>()).put(version - 1, upcaster);
        return new HistoryJson(moreVersions, more);
    }

    /** The type name an event is stored under: {@code created}, {@code stage-changed}… */
    public static String type(OpportunityEvent event) {
        Objects.requireNonNull(event, "event");
        if (event instanceof OpportunityEvent.Created) {
            return "created";
        } else if (event instanceof OpportunityEvent.DetailsChanged) {
            return "details-changed";
        } else if (event instanceof OpportunityEvent.EvidenceRecorded) {
            return "evidence-recorded";
        } else if (event instanceof OpportunityEvent.EvidenceWithdrawn) {
            return "evidence-withdrawn";
        } else if (event instanceof OpportunityEvent.ActivityLogged) {
            return "activity-logged";
        }
        return "stage-changed";
    }

    /** The schema version this library writes for {@code type}. */
    public int schemaVersion(String type) {
        Integer version = versions.get(type);
        if (version == null) {
            throw new IllegalArgumentException("no event type '" + type + "'; the types are " + versions.keySet());
        }
        return version;
    }

    /** The event as one compact JSON document of its type's current schema version. */
    public String write(OpportunityEvent event) {
        Objects.requireNonNull(event, "event");
        StringWriter text = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("opportunityId", event.opportunityId().value());
            json.writeNumberField("sequence", event.sequence());
            json.writeStringField("occurredAt", event.occurredAt().toString());
            json.writeStringField("actor", event.actor().id());
            if (event instanceof OpportunityEvent.Created created) {
                json.writeStringField("pipeline", created.pipelineId().value());
                json.writeStringField("stage", created.stage().value());
                json.writeFieldName("details");
                details(json, created.details());
            } else if (event instanceof OpportunityEvent.DetailsChanged changed) {
                json.writeFieldName("details");
                details(json, changed.details());
                json.writeStringField("reason", changed.reason());
            } else if (event instanceof OpportunityEvent.EvidenceRecorded recorded) {
                JsonParts.evidence(json, recorded.evidence(), true);
            } else if (event instanceof OpportunityEvent.EvidenceWithdrawn withdrawn) {
                json.writeStringField("evidenceId", withdrawn.evidenceId().value());
                json.writeStringField("reason", withdrawn.reason());
            } else if (event instanceof OpportunityEvent.ActivityLogged logged) {
                JsonParts.activity(json, logged.activity(), true);
            } else if (event instanceof OpportunityEvent.StageChanged changed) {
                json.writeStringField("move", changed.move().name());
                json.writeStringField("from", changed.from().value());
                json.writeStringField("to", changed.to().value());
                json.writeStringField("reason", changed.reason());
                JsonParts.gate(json, changed.gate());
                json.writeBooleanField("inferred", changed.inferred());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write event " + event.sequence() + " of '" + event.opportunityId()
                    + "'", e);
        }
        return text.toString();
    }

    private static void details(JsonGenerator json, OpportunityDetails details) throws IOException {
        json.writeStartObject();
        json.writeStringField("account", details.account());
        json.writeStringField("owner", details.owner());
        JsonParts.value(json, details.value());
        json.writeStringField("expectedCloseDate", details.expectedCloseDate().toString());
        if (details.primaryContact().isPresent()) {
            json.writeStringField("primaryContact", details.primaryContact().get());
        }
        json.writeArrayFieldStart("stakeholders");
        for (Stakeholder stakeholder : details.stakeholders()) {
            json.writeStartObject();
            json.writeStringField("name", stakeholder.name());
            json.writeStringField("role", stakeholder.role().name());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("products");
        for (String product : details.products()) {
            json.writeString(product);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("competitors");
        for (String competitor : details.competitors()) {
            json.writeString(competitor);
        }
        json.writeEndArray();
        for (Map.Entry<String, java.util.Optional<String>> optional : List.of(
                Map.entry("source", details.source()), Map.entry("segment", details.segment()),
                Map.entry("region", details.region()), Map.entry("channel", details.channel()))) {
            if (optional.getValue().isPresent()) {
                json.writeStringField(optional.getKey(), optional.getValue().get());
            }
        }
        json.writeObjectFieldStart("attributes");
        for (Map.Entry<String, String> attribute : new TreeMap<>(details.attributes()).entrySet()) {
            json.writeStringField(attribute.getKey(), attribute.getValue());
        }
        json.writeEndObject();
        if (details.nextStep().isPresent()) {
            NextStep step = details.nextStep().get();
            json.writeObjectFieldStart("nextStep");
            json.writeStringField("description", step.description());
            json.writeStringField("dueDate", step.dueDate().toString());
            json.writeEndObject();
        }
        if (details.repProbability().isPresent()) {
            json.writeStringField("repProbability", details.repProbability().get().value().toPlainString());
        }
        json.writeEndObject();
    }

    /** A document as plain values: maps in field order, lists, text, whole numbers, decimals, booleans, null. */
    private static Object parse(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
                    String name = parser.currentName();
                    Object value = parse(parser, parser.nextToken());
                    if (object.containsKey(name)) {
                        throw new JsonParseException(parser, "the field '" + name + "' appears twice");
                    }
                    object.put(name, value);
                }
                return object;
            }
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    array.add(parse(parser, next));
                }
                return array;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT -> {
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? parser.getDecimalValue()
                        : (Object) parser.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return parser.getDecimalValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return parser.getBooleanValue();
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new JsonParseException(parser, "unexpected " + token);
        }
    }

    /**
     * The event a stored row holds, upcast to the current schema first.
     *
     * @throws HistoryFormatException naming the deal, the sequence and the problem, when the row cannot be read
     */
    public OpportunityEvent read(Stored stored) {
        Objects.requireNonNull(stored, "stored");
        Reader reader = new Reader(stored);
        try {
            return reader.read();
        } catch (HistoryFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            // A value the core refuses (a negative sequence, a blank name): the row is not a valid event.
            throw reader.problem(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    /** One document being read; every problem names the row. */
    private final class Reader {
        private final Stored stored;

        Reader(Stored stored) {
            this.stored = stored;
        }

        HistoryFormatException problem(String what) {
            return new HistoryFormatException(stored.opportunityId(), stored.sequence(), what);
        }

        OpportunityEvent read() {
            Integer current = versions.get(stored.type());
            if (current == null) {
                throw problem("unknown event type '" + stored.type() + "'; the types are " + new TreeMap<>(versions)
                        .keySet());
            }
            if (stored.schemaVersion() > current) {
                throw problem("'" + stored.type() + "' of schema version " + stored.schemaVersion() + ", newer than the "
                        + current + " this library reads: upgrade the library before reading this store");
            }
            if (stored.schemaVersion() < 1) {
                throw problem("schema version " + stored.schemaVersion() + " (versions start at 1)");
            }
            Object parsed;
            try (JsonParser parser = FACTORY.createParser(stored.document())) {
                JsonToken first = parser.nextToken();
                if (first == null) {
                    throw problem("the document is empty");
                }
                parsed = parse(parser, first);
                if (parser.nextToken() != null) {
                    throw problem("the document goes on after its JSON value");
                }
            } catch (IOException | RuntimeException e) {
                if (e instanceof HistoryFormatException format) {
                    throw format;
                }
                String message = e instanceof JsonParseException json ? json.getOriginalMessage() : e.getMessage();
                throw problem("the document is not JSON: " + message);
            }
            if (!(parsed instanceof Map<?, ?> document)) {
                throw problem("the document is not a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> json = (Map<String, Object>) document;
            for (int version = stored.schemaVersion(); version < current; version++) {
                UnaryOperator<Map<String, Object>> upcaster = upcasters.getOrDefault(stored.type(), Map.of()).get(version);
                if (upcaster == null) {
                    throw problem("no upcaster of '" + stored.type() + "' from schema version " + version);
                }
                json = upcaster.apply(json);
            }
            Fields fields = new Fields(json, "");
            OpportunityId id = OpportunityId.of(fields.text("opportunityId"));
            long sequence = fields.whole("sequence");
            if (!id.equals(stored.opportunityId()) || sequence != stored.sequence()) {
                throw problem("the document is event " + sequence + " of '" + id + "', but its row says event "
                        + stored.sequence() + " of '" + stored.opportunityId() + "'");
            }
            Instant occurredAt = fields.instant("occurredAt");
            Actor actor = Actor.of(fields.text("actor"));
            OpportunityEvent event = switch (stored.type()) {
                case "created" -> new OpportunityEvent.Created(id, sequence, occurredAt, actor,
                        PipelineId.of(fields.text("pipeline")), StageId.of(fields.text("stage")),
                        details(fields.object("details")));
                case "details-changed" -> new OpportunityEvent.DetailsChanged(id, sequence, occurredAt, actor,
                        details(fields.object("details")), fields.text("reason"));
                case "evidence-recorded" -> {
                    Fields evidence = fields.object("evidence");
                    Evidence recorded = new Evidence(EvidenceId.of(evidence.text("id")),
                            EvidenceType.of(evidence.text("type")), evidence.instant("recordedAt"),
                            Actor.of(evidence.text("recordedBy")), evidence.constant("source", EvidenceSource.class),
                            evidence.text("reference"), evidence.text("note"));
                    evidence.done();
                    yield new OpportunityEvent.EvidenceRecorded(id, sequence, occurredAt, actor, recorded);
                }
                case "evidence-withdrawn" -> new OpportunityEvent.EvidenceWithdrawn(id, sequence, occurredAt, actor,
                        EvidenceId.of(fields.text("evidenceId")), fields.text("reason"));
                case "activity-logged" -> {
                    Fields activity = fields.object("activity");
                    Activity logged = new Activity(activity.constant("type", ActivityType.class),
                            activity.constant("direction", ActivityDirection.class), activity.instant("occurredAt"),
                            Actor.of(activity.text("loggedBy")), activity.text("summary"));
                    activity.done();
                    yield new OpportunityEvent.ActivityLogged(id, sequence, occurredAt, actor, logged);
                }
                default -> {
                    Fields gate = fields.object("gate");
                    GateRecord record = new GateRecord(gate.constant("kind", GateRecord.Kind.class),
                            gate.text("ruleSetVersion"), gate.text("justification"));
                    gate.done();
                    yield new OpportunityEvent.StageChanged(id, sequence, occurredAt, actor,
                            fields.constant("move", StageMove.class), StageId.of(fields.text("from")),
                            StageId.of(fields.text("to")), fields.text("reason"), record, fields.bool("inferred"));
                }
            };
            fields.done();
            return event;
        }

        private OpportunityDetails details(Fields fields) {
            OpportunityDetails.Builder builder = OpportunityDetails.builder()
                    .account(fields.text("account"))
                    .owner(fields.text("owner"))
                    .expectedCloseDate(fields.date("expectedCloseDate"));
            Fields value = fields.object("value");
            builder.value(DealValue.of(Money.of(new BigDecimal(value.decimal("amount")),
                    Money.currency(value.text("currency"))), value.constant("kind", ValueKind.class)));
            value.done();
            fields.optionalText("primaryContact").ifPresent(builder::primaryContact);
            List<Stakeholder> stakeholders = new ArrayList<>();
            for (Fields entry : fields.objects("stakeholders")) {
                stakeholders.add(Stakeholder.of(entry.text("name"), entry.constant("role", StakeholderRole.class)));
                entry.done();
            }
            builder.stakeholders(stakeholders);
            builder.products(new LinkedHashSet<>(fields.texts("products")));
            builder.competitors(new LinkedHashSet<>(fields.texts("competitors")));
            fields.optionalText("source").ifPresent(builder::source);
            fields.optionalText("segment").ifPresent(builder::segment);
            fields.optionalText("region").ifPresent(builder::region);
            fields.optionalText("channel").ifPresent(builder::channel);
            Fields attributes = fields.object("attributes");
            for (String key : attributes.names()) {
                builder.attribute(key, attributes.text(key));
            }
            attributes.done();
            fields.optionalObject("nextStep").ifPresent(next -> {
                builder.nextStep(NextStep.of(next.text("description"), next.date("dueDate")));
                next.done();
            });
            fields.optionalText("repProbability").ifPresent(probability -> builder.repProbability(
                    Probability.of(probability)));
            fields.done();
            return builder.build();
        }

        /** The fields of one JSON object, each taken once; whatever is left is a field the schema does not have. */
        private final class Fields {
            private final Map<String, Object> node;
            private final String path;
            private final Set<String> taken = new LinkedHashSet<>();

            Fields(Map<String, Object> node, String path) {
                this.node = node;
                this.path = path;
            }

            private Object take(String name) {
                taken.add(name);
                Object value = node.get(name);
                if (value == null) {
                    throw problem("the field '" + path + name + "' is missing");
                }
                return value;
            }

            private String kind(Object value) {
                return value instanceof Map ? "an object" : value instanceof List ? "an array"
                        : value instanceof String ? "text" : value instanceof Boolean ? "a boolean" : "a number";
            }

            boolean bool(String name) {
                Object value = take(name);
                if (!(value instanceof Boolean bool)) {
                    throw problem("the field '" + path + name + "' must be a boolean, but is " + kind(value));
                }
                return bool;
            }

            String text(String name) {
                Object value = take(name);
                if (!(value instanceof String text)) {
                    throw problem("the field '" + path + name + "' must be text, but is " + kind(value));
                }
                return text;
            }

            java.util.Optional<String> optionalText(String name) {
                return node.containsKey(name) ? java.util.Optional.of(text(name)) : markOptional(name);
            }

            private <T> java.util.Optional<T> markOptional(String name) {
                taken.add(name);
                return java.util.Optional.empty();
            }

            /** A decimal written as text, so that its scale survives: "120000.00". */
            String decimal(String name) {
                String text = text(name);
                try {
                    new BigDecimal(text);
                } catch (NumberFormatException e) {
                    throw problem("the field '" + path + name + "' must be a decimal, but is '" + text + "'");
                }
                return text;
            }

            long whole(String name) {
                Object value = take(name);
                if (!(value instanceof Long whole)) {
                    throw problem("the field '" + path + name + "' must be a whole number, but is " + kind(value));
                }
                return whole;
            }

            Instant instant(String name) {
                String text = text(name);
                try {
                    return Instant.parse(text);
                } catch (java.time.format.DateTimeParseException e) {
                    throw problem("the field '" + path + name + "' must be an ISO-8601 instant, but is '" + text + "'");
                }
            }

            LocalDate date(String name) {
                String text = text(name);
                try {
                    return LocalDate.parse(text);
                } catch (java.time.format.DateTimeParseException e) {
                    throw problem("the field '" + path + name + "' must be an ISO date, but is '" + text + "'");
                }
            }

            <E extends Enum<E>> E constant(String name, Class<E> type) {
                String text = text(name);
                try {
                    return Enum.valueOf(type, text);
                } catch (IllegalArgumentException e) {
                    throw problem("the field '" + path + name + "' must be one of " + java.util.Arrays.toString(
                            type.getEnumConstants()) + ", but is '" + text + "'");
                }
            }

            @SuppressWarnings("unchecked")
            Fields object(String name) {
                Object value = take(name);
                if (!(value instanceof Map<?, ?> object)) {
                    throw problem("the field '" + path + name + "' must be an object, but is " + kind(value));
                }
                return new Fields((Map<String, Object>) object, path + name + ".");
            }

            java.util.Optional<Fields> optionalObject(String name) {
                return node.containsKey(name) ? java.util.Optional.of(object(name)) : markOptional(name);
            }

            @SuppressWarnings("unchecked")
            List<Fields> objects(String name) {
                List<Fields> objects = new ArrayList<>();
                int index = 0;
                for (Object element : array(name)) {
                    if (!(element instanceof Map<?, ?> object)) {
                        throw problem("the field '" + path + name + "[" + index + "]' must be an object");
                    }
                    objects.add(new Fields((Map<String, Object>) object, path + name + "[" + index++ + "]."));
                }
                return objects;
            }

            List<String> texts(String name) {
                List<String> texts = new ArrayList<>();
                int index = 0;
                for (Object element : array(name)) {
                    if (!(element instanceof String text)) {
                        throw problem("the field '" + path + name + "[" + index + "]' must be text");
                    }
                    texts.add(text);
                    index++;
                }
                return texts;
            }

            private List<?> array(String name) {
                Object value = take(name);
                if (!(value instanceof List<?> array)) {
                    throw problem("the field '" + path + name + "' must be an array, but is " + kind(value));
                }
                return array;
            }

            List<String> names() {
                return List.copyOf(node.keySet());
            }

            /** Refuses any field not taken: the schema has no such field. */
            void done() {
                for (String name : node.keySet()) {
                    if (!taken.contains(name)) {
                        throw problem("unknown field '" + path + name + "' in a '" + stored.type() + "' document");
                    }
                }
            }
        }
    }
}
