package dev.salespipeline.kafka.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import dev.salespipeline.core.events.PipelineEvent;
import dev.salespipeline.core.metrics.StageAverages;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.pipeline.PipelineCatalog;
import dev.salespipeline.events.json.EventJson;
import dev.salespipeline.rules.PipelineRules;
import dev.salespipeline.rules.outcome.Alert;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies each command to its deal: loads the history from the partition's store, applies the command with
 * the rules in force, stores the new history, and sends the new events, the refusal or the dead letter,
 * and the alerts that changed. A wall-clock punctuation sweeps the partition's open deals for the
 * time-based alerts, one deal at a time. Every output carries the rule-set version and the command id as
 * headers.
 */
public final class CommandProcessor implements Processor<String, String, String, String> {

    public static final String DEALS = "sales-pipeline-deals";
    public static final String ALERTS = "sales-pipeline-alerts";
    public static final String EVENTS = "events";
    public static final String REFUSALS = "refusals";
    public static final String ALERT_SINK = "alerts";
    public static final String DEAD_LETTERS = "dead-letters";

    private static final JsonFactory JSON = new JsonFactory();
    private static final System.Logger LOG = System.getLogger(CommandProcessor.class.getName());
    /**
     * The most of a refused command a dead letter repeats: escaped, a value of control characters grows
     * sixfold, and a record over the producer's {@code max.request.size} (1 MiB by default) stops the instance.
     */
    static final int DEAD_LETTER_VALUE_CHARACTERS = 20_000;

    private final PipelineCatalog catalog;
    private final Clock clock;
    private final Supplier<PipelineRules> rules;
    private final StageAverages averages;
    private final Duration sweepInterval;
    private final int maxHistoryBytes;
    private final CommandHandler handler;
    private ProcessorContext<String, String> context;
    private KeyValueStore<String, String> deals;
    private KeyValueStore<String, String> raised;

    public CommandProcessor(PipelineCatalog catalog, Clock clock, Supplier<PipelineRules> rules, StageAverages averages,
                            Duration sweepInterval, int maxHistoryBytes) {
        this.maxHistoryBytes = maxHistoryBytes;
        this.catalog = catalog;
        this.clock = clock;
        this.rules = rules;
        this.averages = averages;
        this.sweepInterval = sweepInterval;
        this.handler = new CommandHandler(catalog, clock);
    }

    @Override
    public void init(ProcessorContext<String, String> context) {
        this.context = context;
        this.deals = context.getStateStore(DEALS);
        this.raised = context.getStateStore(ALERTS);
        context.schedule(sweepInterval, PunctuationType.WALL_CLOCK_TIME, at -> sweep());
    }

    @Override
    public void process(Record<String, String> record) {
        PipelineRules inForce = rules.get();
        Command command;
        try {
            command = Command.read(record.key(), record.value());
        } catch (Command.Unreadable unreadable) {
            deadLetter(record, unreadable.commandId(), unreadable.getMessage(), inForce);
            return;
        } catch (RuntimeException unforeseen) {
            deadLetter(record, "", unforeseen.getClass().getSimpleName() + ": " + unforeseen.getMessage(), inForce);
            return;
        }
        try {
            String stored = deals.get(command.opportunityId());
            Optional<Opportunity> current = stored == null ? Optional.empty()
                    : Optional.of(StoredHistory.read(command.opportunityId(), stored, catalog));
            CommandHandler.Outcome outcome = handler.apply(current, command, inForce);
            String history = outcome instanceof CommandHandler.Applied applied ? StoredHistory.write(applied.after().history())
                    : null;
            if (history != null && history.getBytes(StandardCharsets.UTF_8).length > maxHistoryBytes) {
                // The deal's history is one changelog record: one over the producer's limit would stop the instance.
                outcome = new CommandHandler.Invalid("opportunityId", command.opportunityId(), "the history of opportunity '"
                        + command.opportunityId() + "' would exceed " + maxHistoryBytes + " bytes, the most a stored history"
                        + " may hold (PipelineTopology.Builder.maxHistoryBytes)");
            }
            if (outcome instanceof CommandHandler.Applied applied) {
                Opportunity after = applied.after();
                deals.put(command.opportunityId(), history);
                int from = applied.before().map(deal -> (int) deal.version()).orElse(0);
                for (int index = from; index < after.history().size(); index++) {
                    Opportunity then = index == after.history().size() - 1 ? after
                            : Opportunity.restore(after.pipeline(), after.history().subList(0, index + 1));
                    send(EVENTS, command, EventJson.write(new PipelineEvent.Changed(after.history().get(index), then)),
                            inForce, record.timestamp());
                }
                trackAlertsOrLog(after, inForce, command, record.timestamp());
            } else if (outcome instanceof CommandHandler.Blocked blocked) {
                send(REFUSALS, command, EventJson.write(blocked.event()), inForce, record.timestamp());
            } else {
                CommandHandler.Invalid invalid = (CommandHandler.Invalid) outcome;
                send(REFUSALS, command, refusal(command, invalid), inForce, record.timestamp());
            }
        } catch (RuntimeException poison) {
            // A damaged stored history, or a failure nobody foresaw: the command is set aside with the reason,
            // and the stream goes on with the next one.
            deadLetter(record, command.commandId(), poison.getClass().getSimpleName() + ": " + poison.getMessage(),
                    inForce);
        }
    }

    /** Sweeps the partition's open deals for alerts, one at a time: memory stays one deal deep. */
    private void sweep() {
        PipelineRules inForce = rules.get();
        List<KeyValue<String, String>> unreadable = new java.util.ArrayList<>();
        try (KeyValueIterator<String, String> all = deals.all()) {
            while (all.hasNext()) {
                KeyValue<String, String> entry = all.next();
                Opportunity deal;
                try {
                    deal = StoredHistory.read(entry.key, entry.value, catalog);
                } catch (RuntimeException e) {
                    unreadable.add(entry);
                    continue;
                }
                if (deal.isOpen()) {
                    trackAlertsOrLog(deal, inForce, null, clock.millis());
                }
            }
        }
        for (KeyValue<String, String> entry : unreadable) {
            send(DEAD_LETTERS, null, deadLetterDocument(entry.key, "", "the stored history of '" + entry.key
                    + "' cannot be read in the alert sweep", null), inForce, clock.millis(), entry.key);
        }
    }

    /**
     * The alerts of a deal whose change is stored and sent already: a rule that fails on it (the sandbox stops
     * one that loops or grows without end) is the rules' fault, not the command's, so it is logged and the
     * deal keeps the alerts it had.
     */
    private void trackAlertsOrLog(Opportunity deal, PipelineRules inForce, Command command, long timestamp) {
        try {
            trackAlerts(deal, inForce, command, timestamp);
        } catch (RuntimeException failed) {
            LOG.log(System.Logger.Level.WARNING, "The alerts of opportunity '" + deal.id() + "' could not be evaluated"
                    + " with " + inForce.version() + "; it keeps the alerts it had", failed);
        }
    }

    private void trackAlerts(Opportunity deal, PipelineRules inForce, Command command, long timestamp) {
        String key = deal.id().value();
        Map<String, String> before = severities(raised.get(key));
        Map<String, String> now = new LinkedHashMap<>();
        Instant at = clock.instant();
        if (deal.isOpen()) {
            for (Alert alert : inForce.alerts(deal, averages)) {
                now.put(alert.kind(), alert.severity().name());
                if (!alert.severity().name().equals(before.get(alert.kind()))) {
                    send(ALERT_SINK, command, EventJson.write(new PipelineEvent.AlertRaised(deal.id(), deal.details().owner(),
                            deal.pipeline().id(), at, alert.kind(), alert.severity().name(), alert.since(), alert.message())),
                            inForce, timestamp, key);
                }
            }
        }
        for (String kind : before.keySet()) {
            if (!now.containsKey(kind)) {
                send(ALERT_SINK, command, EventJson.write(new PipelineEvent.AlertCleared(deal.id(), deal.details().owner(),
                        deal.pipeline().id(), at, kind)), inForce, timestamp, key);
            }
        }
        if (!now.equals(before)) {
            if (now.isEmpty()) {
                raised.delete(key);
            } else {
                raised.put(key, String.join("\n", now.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .toList()));
            }
        }
    }

    private static Map<String, String> severities(String stored) {
        Map<String, String> bySeverity = new LinkedHashMap<>();
        if (stored != null) {
            stored.lines().forEach(line -> bySeverity.put(line.substring(0, line.lastIndexOf('=')),
                    line.substring(line.lastIndexOf('=') + 1)));
        }
        return bySeverity;
    }

    private void send(String sink, Command command, String value, PipelineRules inForce, long timestamp) {
        send(sink, command, value, inForce, timestamp, command.opportunityId());
    }

    private void send(String sink, Command command, String value, PipelineRules inForce, long timestamp, String key) {
        forward(sink, key, value, timestamp, inForce, command == null ? null : command.commandId());
    }

    private void deadLetter(Record<String, String> record, String commandId, String reason, PipelineRules inForce) {
        forward(DEAD_LETTERS, record.key(), deadLetterDocument(record.key(), commandId, reason, record.value()),
                record.timestamp(), inForce, commandId);
    }

    /** Every output carries the rule set in force and, when the command had one, its id. */
    private void forward(String sink, String key, String value, long timestamp, PipelineRules inForce, String commandId) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ruleSetVersion", inForce.version().getBytes(StandardCharsets.UTF_8));
        if (commandId != null && !commandId.isEmpty()) {
            headers.add("commandId", commandId.getBytes(StandardCharsets.UTF_8));
        }
        context.forward(new Record<>(key, value, timestamp, headers), sink);
    }

    private static String deadLetterDocument(String key, String commandId, String reason, String value) {
        return document(json -> {
            json.writeStringField("schema", "sales-pipeline.dead-letter/1");
            json.writeStringField("key", key);
            json.writeStringField("commandId", commandId);
            json.writeStringField("reason", clip(reason));
            if (value != null && value.length() > DEAD_LETTER_VALUE_CHARACTERS) {
                json.writeStringField("value", value.substring(0, DEAD_LETTER_VALUE_CHARACTERS));
                json.writeNumberField("valueCharacters", value.length());
            } else {
                json.writeStringField("value", value);
            }
        });
    }

    private static String refusal(Command command, CommandHandler.Invalid invalid) {
        return document(json -> {
            json.writeStringField("schema", "sales-pipeline.refusal/1");
            json.writeStringField("commandId", command.commandId());
            json.writeStringField("opportunityId", command.opportunityId());
            json.writeStringField("type", command.type());
            json.writeStringField("field", invalid.field());
            json.writeStringField("value", invalid.value() == null ? null : clip(invalid.value()));
            json.writeStringField("reason", clip(invalid.reason()));
        });
    }

    /** A reason or a value a sender wrote, cut to a length every record can carry. */
    private static String clip(String text) {
        return text == null || text.length() <= 2_000 ? text : text.substring(0, 2_000) + "… (" + text.length()
                + " characters)";
    }

    private interface Fields {
        void write(JsonGenerator json) throws IOException;
    }

    private static String document(Fields fields) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            fields.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
