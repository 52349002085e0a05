package dev.salespipeline.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.pipeline.Gate;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class PipelineDefinitionTest {

    @Test
    void aStageIsFoundByItsIdOrItsDisplayNameInAnyCase() {
        PipelineDefinition classic = DefaultPipelines.classic();
        assertThat(classic.findStageByName(" Needs Analysis ")).map(Stage::id).contains(StageId.of("needs-analysis"));
        assertThat(classic.findStageByName("NEEDS-ANALYSIS")).map(Stage::id).contains(StageId.of("needs-analysis"));
        assertThat(classic.findStageByName("Closed-Won")).map(Stage::kind).contains(StageKind.WON);
        assertThat(classic.findStageByName("Needs")).isEmpty();
    }

    @Test
    void defaultPipelineHasTheArticlesStagesAndDurations() {
        PipelineDefinition pipeline = DefaultPipelines.evidenceBased();

        assertThat(pipeline.openStages()).extracting(Stage::displayName)
                .containsExactly("Discovery", "Qualification", "Proposal", "Negotiation", "Closing");
        assertThat(pipeline.openStages()).extracting(stage -> stage.expectedDuration().toDays())
                .containsExactly(7L, 14L, 21L, 28L, 10L);
        assertThat(pipeline.stage("proposal").defaultWinProbability()).isEqualTo(Probability.of("0.6"));
        assertThat(pipeline.wonStage().id()).isEqualTo(DefaultPipelines.CLOSED_WON);
        assertThat(pipeline.lostStage()).map(Stage::id).contains(DefaultPipelines.CLOSED_LOST);
        assertThat(pipeline.disqualifiedStage()).map(Stage::id).contains(DefaultPipelines.DISQUALIFIED);
        assertThat(pipeline.nurtureStage()).map(Stage::id).contains(DefaultPipelines.NURTURE);
        assertThat(pipeline.openStages()).allSatisfy(stage -> assertThat(stage.guidance()).isNotBlank());
    }

    @Test
    void classicPipelineIsAnotherStageSetOfTheBrief() {
        assertThat(DefaultPipelines.classic().openStages()).extracting(Stage::displayName)
                .containsExactly("Prospecting", "Qualification", "Needs Analysis", "Proposal", "Negotiation");
        assertThat(DefaultPipelines.catalog().pipelines()).hasSize(2);
    }

    @Test
    void trackPositionsPutWonAfterTheLastOpenStageAndSideStagesOffTheTrack() {
        PipelineDefinition pipeline = DefaultPipelines.evidenceBased();
        assertThat(pipeline.trackPosition(DefaultPipelines.DISCOVERY)).isZero();
        assertThat(pipeline.trackPosition(DefaultPipelines.CLOSING)).isEqualTo(4);
        assertThat(pipeline.trackPosition(DefaultPipelines.CLOSED_WON)).isEqualTo(5);
        assertThat(pipeline.trackPosition(DefaultPipelines.NURTURE)).isEqualTo(-1);
        assertThat(pipeline.trackPosition(DefaultPipelines.CLOSED_LOST)).isEqualTo(-1);
    }

    @Test
    void theTrackIsTheOpenStagesInOrderWhereverTheSideStagesAndWonStageAreListed() {
        PipelineDefinition pipeline = PipelineDefinition.builder("interleaved", "Interleaved")
                .openStage("first", "First", stage -> stage)
                .lostStage("lost", "Lost")
                .wonStage("won", "Won")
                .openStage("second", "Second", stage -> stage)
                .nurtureStage("nurture", "Nurture", stage -> stage)
                .openStage("third", "Third", stage -> stage)
                .build();
        assertThat(pipeline.trackPosition(StageId.of("first"))).isZero();
        assertThat(pipeline.trackPosition(StageId.of("second"))).isEqualTo(1);
        assertThat(pipeline.trackPosition(StageId.of("third"))).isEqualTo(2);
        assertThat(pipeline.trackPosition(StageId.of("won"))).isEqualTo(3);
        assertThat(pipeline.trackPosition(StageId.of("nurture"))).isEqualTo(-1);
        assertThat(pipeline.nextOnTrack(StageId.of("first")).id()).isEqualTo(StageId.of("second"));
        assertThat(pipeline.nextOnTrack(StageId.of("second")).id()).isEqualTo(StageId.of("third"));
        assertThat(pipeline.nextOnTrack(StageId.of("third")).id()).isEqualTo(StageId.of("won"));
        assertThat(pipeline.wonStage().id()).isEqualTo(StageId.of("won"));
        assertThat(pipeline.findStage(StageId.of("nurture"))).map(Stage::kind).contains(StageKind.NURTURE);
        assertThat(pipeline.findStage(StageId.of("closing"))).isEmpty();
    }

    @Test
    void identifiersAcceptExactlyTheDocumentedShape() {
        java.util.regex.Pattern documented = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
        org.quicktheories.core.Gen<String> candidates = org.quicktheories.generators.SourceDSL.strings()
                .betweenCodePoints('(', 'z' + 3).ofLengthBetween(0, 70);
        org.quicktheories.QuickTheory.qt().withExamples(5_000).forAll(candidates).checkAssert(candidate -> {
            if (documented.matcher(candidate).matches()) {
                assertThat(StageId.of(candidate).value()).isEqualTo(candidate);
                assertThat(PipelineId.of(candidate).value()).isEqualTo(candidate);
                assertThat(OpportunityField.attribute(candidate).name()).isEqualTo("attribute:" + candidate);
            } else {
                assertThatThrownBy(() -> StageId.of(candidate)).isInstanceOf(InvalidValueException.class);
                assertThatThrownBy(() -> PipelineId.of(candidate)).isInstanceOf(InvalidValueException.class);
                assertThatThrownBy(() -> OpportunityField.attribute(candidate)).isInstanceOf(InvalidValueException.class);
            }
        });
        assertThat(StageId.of("a".repeat(64)).value()).hasSize(64);
        assertThatThrownBy(() -> StageId.of("a".repeat(65))).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> StageId.of("-lead")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> StageId.of("caf\u00e9")).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void gatesBetweenListsEverySkippedStage() {
        PipelineDefinition pipeline = DefaultPipelines.evidenceBased();
        List<Gate> gates = pipeline.gatesBetween(DefaultPipelines.QUALIFICATION, DefaultPipelines.CLOSED_WON);
        assertThat(gates).extracting(gate -> gate.exiting().id().value() + ">" + gate.entering().id().value())
                .containsExactly("qualification>proposal", "proposal>negotiation", "negotiation>closing",
                        "closing>closed-won");
        assertThat(pipeline.gatesBetween(DefaultPipelines.PROPOSAL, DefaultPipelines.DISCOVERY)).isEmpty();
        assertThat(pipeline.gatesBetween(DefaultPipelines.NURTURE, DefaultPipelines.PROPOSAL)).isEmpty();
    }

    @Test
    void nextOnTrackIsTheFollowingOpenStageThenWon() {
        PipelineDefinition pipeline = DefaultPipelines.evidenceBased();
        assertThat(pipeline.nextOnTrack(DefaultPipelines.DISCOVERY).id()).isEqualTo(DefaultPipelines.QUALIFICATION);
        assertThat(pipeline.nextOnTrack(DefaultPipelines.CLOSING).id()).isEqualTo(DefaultPipelines.CLOSED_WON);
        assertThatThrownBy(() -> pipeline.nextOnTrack(DefaultPipelines.NURTURE))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("stageId must be an open stage of pipeline 'evidence-based' to have a next stage on the"
                        + " track, but was nurture");
    }

    @Test
    void reportsEveryStructuralProblemAtOnce() {
        assertThatThrownBy(() -> PipelineDefinition.builder("broken", "Broken")
                .nurtureStage("a", "A", s -> s)
                .nurtureStage("a", "A again", s -> s)
                .lostStage("lost-1", "Lost")
                .lostStage("lost-2", "Lost too")
                .build())
                .isInstanceOfSatisfying(InvalidPipelineDefinitionException.class, e -> {
                    assertThat(e.pipelineId()).isEqualTo(PipelineId.of("broken"));
                    assertThat(e.problems()).containsExactly(
                            "stage id 'a' is used more than once",
                            "it needs at least one OPEN stage, but has none",
                            "it needs exactly one WON stage, but has 0",
                            "it may have at most one LOST stage, but has 2 [lost-1, lost-2]",
                            "it may have at most one NURTURE stage, but has 2 [a, a]");
                })
                .hasMessageStartingWith("Pipeline 'broken' is invalid:\n  - stage id 'a' is used more than once");
    }

    @Test
    void refusesTwoWonStages() {
        assertThatThrownBy(() -> PipelineDefinition.builder("p", "P").openStage("a", "A", s -> s)
                .wonStage("w1", "W1").wonStage("w2", "W2").build())
                .isInstanceOf(InvalidPipelineDefinitionException.class)
                .hasMessageContaining("it needs exactly one WON stage, but has 2 [w1, w2]");
    }

    @Test
    void stageValidationNamesTheStageAndTheValue() {
        assertThatThrownBy(() -> Stage.builder("won", "Won", StageKind.WON).winProbability("0.9").build())
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("defaultWinProbability of stage won must be 1, but was 0.9");
        assertThatThrownBy(() -> Stage.builder("lost", "Lost", StageKind.LOST).winProbability("0.1").build())
                .hasMessage("defaultWinProbability of stage lost must be 0, but was 0.1");
        assertThatThrownBy(() -> Stage.builder("demo", "Demo", StageKind.OPEN).expectedDuration(Duration.ZERO).build())
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("expectedDuration of stage demo must be positive, but was PT0S");
        assertThatThrownBy(() -> Stage.builder("demo", "Demo", StageKind.OPEN).expectedDays(-3).build())
                .hasMessage("expectedDuration of stage demo must be positive, but was PT-72H");
        assertThatThrownBy(() -> Stage.builder("won", "Won", StageKind.WON).expectedDays(3).build())
                .hasMessageStartingWith("expectedDuration of stage won must be zero for a WON stage");
        assertThatThrownBy(() -> Stage.builder("demo", " ", StageKind.OPEN))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("displayName must not be blank, but was \" \"");
    }

    @Test
    void identifiersRefuseCharactersTheyCannotCarry() {
        assertThatThrownBy(() -> StageId.of("needs analysis"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("stageId must be 1 to 64 letters, digits, '_', '.' or '-', starting with a letter or digit,"
                        + " but was \"needs analysis\"");
        assertThatThrownBy(() -> PipelineId.of(""))
                .hasMessageStartingWith("pipelineId must be 1 to 64 letters");
        assertThatThrownBy(() -> StageId.of(null)).isInstanceOf(NullPointerException.class).hasMessage("stageId");
    }

    @Test
    void unknownStageNamesThePipelineAndItsStages() {
        PipelineDefinition pipeline = DefaultPipelines.classic();
        assertThatThrownBy(() -> pipeline.stage("closing"))
                .isInstanceOfSatisfying(UnknownStageException.class,
                        e -> assertThat(e.stageId()).isEqualTo(StageId.of("closing")))
                .hasMessageStartingWith("Pipeline 'classic' has no stage 'closing'; its stages are [prospecting,");
    }

    @Test
    void catalogueLooksUpByIdAndRefusesDuplicates() {
        PipelineCatalog catalog = DefaultPipelines.catalog();
        assertThat(catalog.get("classic")).isEqualTo(DefaultPipelines.classic());
        assertThatThrownBy(() -> catalog.get("partner"))
                .isInstanceOf(UnknownPipelineException.class)
                .hasMessage("No pipeline 'partner' in the catalogue; it holds [evidence-based, classic]");
        assertThatThrownBy(() -> PipelineCatalog.of(DefaultPipelines.classic(), DefaultPipelines.classic()))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("pipelines must have unique ids, but was classic");
    }

    @Test
    void definitionsAreValues() {
        assertThat(DefaultPipelines.evidenceBased()).isEqualTo(DefaultPipelines.evidenceBased());
        assertThat(DefaultPipelines.evidenceBased().stages()).isUnmodifiable();
    }
}
