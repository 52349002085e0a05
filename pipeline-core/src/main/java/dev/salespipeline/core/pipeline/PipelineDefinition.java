package dev.salespipeline.core.pipeline;

import dev.salespipeline.core.internal.Checks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * An ordered set of stages that deals move through. The open stages, in the order given, form the
 * <em>track</em>; the WON stage follows the last of them. Lost, disqualified and nurture stages sit
 * beside the track.
 *
 * <p>Validated on construction: stage ids unique, at least one OPEN stage, exactly one WON stage, at
 * most one each of LOST, DISQUALIFIED and NURTURE. All problems are reported together in one
 * {@link InvalidPipelineDefinitionException}.
 *
 * <p>Immutable and thread-safe; equal when id, name and stages are equal.
 *
 * @param id     unique within a {@link PipelineCatalog}
 * @param name   what people see
 * @param stages every stage, open ones in track order
 */
public record PipelineDefinition(PipelineId id, String name, List<Stage> stages) {

    public PipelineDefinition {
        Objects.requireNonNull(id, "id");
        name = Checks.requireName(name, "name");
        stages = List.copyOf(Checks.requireSize(stages, "stages"));
        List<String> problems = structuralProblems(stages);
        if (!problems.isEmpty()) {
            throw new InvalidPipelineDefinitionException(id, problems);
        }
    }

    private static List<String> structuralProblems(List<Stage> stages) {
        List<String> problems = new ArrayList<>();
        Set<StageId> seen = new HashSet<>();
        for (Stage stage : stages) {
            if (!seen.add(stage.id())) {
                problems.add("stage id '" + stage.id() + "' is used more than once");
            }
        }
        Map<StageKind, List<StageId>> byKind = stages.stream().collect(
                Collectors.groupingBy(Stage::kind, Collectors.mapping(Stage::id, Collectors.toList())));
        if (!byKind.containsKey(StageKind.OPEN)) {
            problems.add("it needs at least one OPEN stage, but has none");
        }
        List<StageId> won = byKind.getOrDefault(StageKind.WON, List.of());
        if (won.size() != 1) {
            problems.add("it needs exactly one WON stage, but has " + won.size() + (won.isEmpty() ? "" : " " + won));
        }
        for (StageKind kind : List.of(StageKind.LOST, StageKind.DISQUALIFIED, StageKind.NURTURE)) {
            List<StageId> ofKind = byKind.getOrDefault(kind, List.of());
            if (ofKind.size() > 1) {
                problems.add("it may have at most one " + kind + " stage, but has " + ofKind.size() + " " + ofKind);
            }
        }
        return problems;
    }

    public static Builder builder(String id, String name) {
        return new Builder(PipelineId.of(id), name);
    }

    /** The stage with this id; throws {@link UnknownStageException} when there is none. */
    public Stage stage(StageId stageId) {
        Objects.requireNonNull(stageId, "stageId");
        return findStage(stageId).orElseThrow(
                () -> new UnknownStageException(id, stageId, stages.stream().map(Stage::id).toList()));
    }

    public Stage stage(String stageId) {
        return stage(StageId.of(stageId));
    }

    public Optional<Stage> findStage(StageId stageId) {
        // A loop, not a stream: every gate check and alert looks stages up several times per deal.
        for (Stage stage : stages) {
            if (stage.id().equals(stageId)) {
                return Optional.of(stage);
            }
        }
        return Optional.empty();
    }

    /**
     * The stage a person names, by its id or its display name, ignoring case and surrounding spaces
     * ("Proposal", "closed-won", " Needs Analysis "): for names typed by people or exported by a CRM.
     */
    public Optional<Stage> findStageByName(String idOrDisplayName) {
        String wanted = Objects.requireNonNull(idOrDisplayName, "idOrDisplayName").strip();
        return stages.stream().filter(stage -> stage.id().value().equalsIgnoreCase(wanted)
                || stage.displayName().equalsIgnoreCase(wanted)).findFirst();
    }

    /** The open stages in track order. */
    public List<Stage> openStages() {
        return stages.stream().filter(Stage::isOpen).toList();
    }

    /** Where new deals start: the first open stage. */
    public Stage firstOpenStage() {
        return openStages().get(0);
    }

    public Stage wonStage() {
        for (Stage stage : stages) {
            if (stage.kind() == StageKind.WON) {
                return stage;
            }
        }
        throw new IllegalStateException("validated on construction: pipeline '" + id + "' has a WON stage");
    }

    public Optional<Stage> lostStage() {
        return stagesOfKind(StageKind.LOST).stream().findFirst();
    }

    public Optional<Stage> disqualifiedStage() {
        return stagesOfKind(StageKind.DISQUALIFIED).stream().findFirst();
    }

    public Optional<Stage> nurtureStage() {
        return stagesOfKind(StageKind.NURTURE).stream().findFirst();
    }

    private List<Stage> stagesOfKind(StageKind kind) {
        return stages.stream().filter(stage -> stage.kind() == kind).toList();
    }

    /**
     * The stage's place on the track: 0 for the first open stage, counting up, with the WON stage
     * after the last open stage; -1 for stages beside the track (lost, disqualified, nurture).
     */
    public int trackPosition(StageId stageId) {
        Stage wanted = stage(stageId);
        if (wanted.kind() != StageKind.OPEN && wanted.kind() != StageKind.WON) {
            return -1;
        }
        int position = 0;
        for (Stage stage : stages) {
            if (stage == wanted && stage.isOpen()) {
                return position;
            }
            if (stage.isOpen()) {
                position++;
            }
        }
        return position;
    }

    /**
     * The stage after an open stage on the track: the next open stage, or the won stage after the last.
     *
     * @throws dev.salespipeline.core.InvalidValueException if {@code stageId} is not an open stage
     */
    public Stage nextOnTrack(StageId stageId) {
        Stage current = stage(stageId);
        if (!current.isOpen()) {
            throw new dev.salespipeline.core.InvalidValueException("stageId", stageId,
                    "must be an open stage of pipeline '" + id + "' to have a next stage on the track");
        }
        boolean passed = false;
        for (Stage stage : stages) {
            if (passed && stage.isOpen()) {
                return stage;
            }
            passed |= stage == current;
        }
        return wonStage();
    }

    /**
     * The gates a deal passes when it moves forward along the track from {@code from} to {@code to}:
     * one {@link Gate} per step, so that skipping stages means passing every
     * skipped stage's gate. Empty unless {@code to} lies ahead of {@code from} on the track.
     */
    public List<Gate> gatesBetween(StageId from, StageId to) {
        int start = trackPosition(from);
        int end = trackPosition(to);
        List<Stage> track = new ArrayList<>(openStages());
        track.add(wonStage());
        List<Gate> gates = new ArrayList<>();
        if (start < 0 || end <= start) {
            return gates;
        }
        for (int position = start; position < end; position++) {
            gates.add(new Gate(track.get(position), track.get(position + 1)));
        }
        return gates;
    }

    /**
     * The gate out of an open stage: to the next stage on the track.
     *
     * @throws dev.salespipeline.core.InvalidValueException if {@code stageId} is not an open stage
     */
    public Gate gateAfter(StageId stageId) {
        return new Gate(stage(stageId), nextOnTrack(stageId));
    }

    @Override
    public String toString() {
        return name + " (" + id + "): " + stages.stream().map(stage -> stage.id().value()).toList();
    }

    /**
     * Builds a {@link PipelineDefinition}; stages are added in order and validated by {@link #build()}.
     * Not thread-safe; use one builder per thread.
     */
    public static final class Builder {

        private final PipelineId id;
        private final String name;
        private final List<Stage> stages = new ArrayList<>();

        Builder(PipelineId id, String name) {
            this.id = id;
            this.name = Checks.requireName(name, "name");
        }

        public Builder stage(Stage stage) {
            stages.add(Objects.requireNonNull(stage, "stage"));
            return this;
        }

        public Builder openStage(String id, String displayName, UnaryOperator<Stage.Builder> configure) {
            return stage(id, displayName, StageKind.OPEN, configure);
        }

        public Builder wonStage(String id, String displayName) {
            return stage(id, displayName, StageKind.WON, UnaryOperator.identity());
        }

        public Builder lostStage(String id, String displayName) {
            return stage(id, displayName, StageKind.LOST, UnaryOperator.identity());
        }

        public Builder disqualifiedStage(String id, String displayName) {
            return stage(id, displayName, StageKind.DISQUALIFIED, UnaryOperator.identity());
        }

        public Builder nurtureStage(String id, String displayName, UnaryOperator<Stage.Builder> configure) {
            return stage(id, displayName, StageKind.NURTURE, configure);
        }

        private Builder stage(String id, String displayName, StageKind kind, UnaryOperator<Stage.Builder> configure) {
            Objects.requireNonNull(configure, "configure");
            return stage(configure.apply(Stage.builder(id, displayName, kind)).build());
        }

        public PipelineDefinition build() {
            return new PipelineDefinition(id, name, stages);
        }
    }
}
