package dev.salespipeline.kafka;

import java.util.List;
import java.util.Objects;

/**
 * The topics of the pipeline's stream application. Every record of the first five is keyed by opportunity
 * id, so that a deal's commands and outputs share a partition and stay in order.
 *
 * @param commands    JSON commands ({@code sales-pipeline.command/1}) in
 * @param events      the events each applied command recorded, in the outbound schema ({@code sales-pipeline.event/1})
 * @param refusals    blocked advances ({@code advance-blocked} events) and commands the domain refused
 *                    ({@code sales-pipeline.refusal/1}, naming the field and the value)
 * @param alerts      {@code alert-raised} and {@code alert-cleared} events
 * @param deadLetters commands that are not commands at all, with the reason ({@code sales-pipeline.dead-letter/1})
 * @param rules       rule files: the key is the file name, the value its text, a null value removes it;
 *                    compacted, read whole by every instance
 */
public record PipelineTopics(String commands, String events, String refusals, String alerts, String deadLetters,
                             String rules) {

    public PipelineTopics {
        for (String topic : List.of(Objects.requireNonNull(commands, "commands"), Objects.requireNonNull(events, "events"),
                Objects.requireNonNull(refusals, "refusals"), Objects.requireNonNull(alerts, "alerts"),
                Objects.requireNonNull(deadLetters, "deadLetters"), Objects.requireNonNull(rules, "rules"))) {
            if (!topic.matches("[a-zA-Z0-9._-]{1,249}")) {
                throw new IllegalArgumentException("a topic name must be 1 to 249 letters, digits, '.', '_' or '-',"
                        + " but was '" + topic + "'");
            }
        }
        if (List.of(commands, events, refusals, alerts, deadLetters, rules).stream().distinct().count() < 6) {
            throw new IllegalArgumentException("the six topics must differ, but were " + List.of(commands, events,
                    refusals, alerts, deadLetters, rules));
        }
    }

    /** {@code sales-pipeline.commands}, {@code sales-pipeline.events} and so on, with {@code prefix} before each. */
    public static PipelineTopics prefixed(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        return new PipelineTopics(prefix + "commands", prefix + "events", prefix + "refusals", prefix + "alerts",
                prefix + "dead-letters", prefix + "rules");
    }

    /** The topics prefixed {@code sales-pipeline.}. */
    public static PipelineTopics defaults() {
        return prefixed("sales-pipeline.");
    }
}
