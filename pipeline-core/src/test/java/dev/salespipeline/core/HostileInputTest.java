package dev.salespipeline.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.salespipeline.core.evidence.EvidenceType;
import dev.salespipeline.core.evidence.EvidenceTypes;
import dev.salespipeline.core.gate.GateRequest;
import dev.salespipeline.core.gate.RequiredEvidenceGateEvaluator;
import dev.salespipeline.core.money.CurrencyMismatchException;
import dev.salespipeline.core.money.Money;
import dev.salespipeline.core.opportunity.Activity;
import dev.salespipeline.core.opportunity.ActivityDirection;
import dev.salespipeline.core.opportunity.ActivityType;
import dev.salespipeline.core.opportunity.Actor;
import dev.salespipeline.core.opportunity.DealValue;
import dev.salespipeline.core.opportunity.EvidenceId;
import dev.salespipeline.core.opportunity.EvidenceSource;
import dev.salespipeline.core.opportunity.IllegalStageTransitionException;
import dev.salespipeline.core.opportunity.InvalidEventException;
import dev.salespipeline.core.opportunity.NewEvidence;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityDetails;
import dev.salespipeline.core.opportunity.OpportunityEvent;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.opportunity.UnknownEvidenceException;
import dev.salespipeline.core.opportunity.ValueKind;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.pipeline.Gate;
import dev.salespipeline.core.pipeline.InvalidPipelineDefinitionException;
import dev.salespipeline.core.pipeline.PipelineCatalog;
import dev.salespipeline.core.pipeline.PipelineDefinition;
import dev.salespipeline.core.pipeline.Probability;
import dev.salespipeline.core.pipeline.StageId;
import dev.salespipeline.core.pipeline.UnknownPipelineException;
import dev.salespipeline.core.pipeline.UnknownStageException;
import dev.salespipeline.core.testing.Deals;
import dev.salespipeline.core.testing.TestClock;
import dev.salespipeline.core.transition.AdvanceRequest;
import dev.salespipeline.core.transition.TransitionService;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Bad input at every public entry point: each answered with a specific exception and message, nothing changed. */
class HostileInputTest {

    private static final TestClock CLOCK = new TestClock();
    private static final TransitionService SERVICE = new TransitionService(RequiredEvidenceGateEvaluator.defaults(), CLOCK);
    private static final Opportunity DEAL = Deals.withEvidence(SERVICE, Deals.open(SERVICE, "opp-1",
            Deals.completeDetails()), List.of(EvidenceTypes.BUDGET_RANGE_CONFIRMED));
    private static final Opportunity OTHER = Deals.withEvidence(SERVICE, Deals.open(SERVICE, "opp-2",
            Deals.completeDetails()), List.of(EvidenceTypes.BUDGET_RANGE_CONFIRMED, EvidenceTypes.TIMELINE_COMMITTED));

    private static Arguments bad(String input, ThrowingCallable call, Class<? extends Throwable> type, String message) {
        return Arguments.of(input, call, type, message);
    }

    static Stream<Arguments> catalogue() {
        String huge = "x".repeat(1_000_000);
        Set<String> tooMany = new HashSet<>();
        IntStream.range(0, 10_001).forEach(index -> tooMany.add("product-" + index));
        List<OpportunityEvent> foreignEvidence = new ArrayList<>(DEAL.history().subList(0, 1));
        foreignEvidence.add(OTHER.history().get(1));
        return Stream.of(
                bad("null opportunity id", () -> SERVICE.open(null, Deals.PIPELINE, Deals.completeDetails(), Deals.REP),
                        NullPointerException.class, "id"),
                bad("blank account", () -> Deals.completeDetails().toBuilder().account("   ").build(),
                        InvalidValueException.class, "account must not be blank, but was \"   \""),
                bad("negative amount", () -> DealValue.of(Money.of("-0.01", "EUR"), ValueKind.TCV),
                        InvalidValueException.class, "value must not be negative, but was EUR -0.01"),
                bad("absurd amount", () -> DealValue.of(Money.of("1000000000000000.01", "EUR"), ValueKind.TCV),
                        InvalidValueException.class, "value must be at most 1000000000000000"),
                bad("astronomical amount", () -> Money.of("1e999999999", "EUR"), InvalidValueException.class,
                        "amount must have at most 30 digits before the decimal point, but was 1E+999999999"),
                bad("vanishing amount", () -> Money.of("1e-999999999", "EUR"), InvalidValueException.class,
                        "amount must have at most 2 decimal places in EUR, but was 1E-999999999"),
                bad("unknown currency", () -> Money.of("10", "EUX"), InvalidValueException.class,
                        "currencyCode must be an ISO 4217 currency code, but was \"EUX\""),
                bad("mixed currencies", () -> Money.of("1", "EUR").plus(Money.of("1", "IDR")),
                        CurrencyMismatchException.class, "Cannot combine amounts in EUR and IDR."),
                bad("unknown stage", () -> SERVICE.advance(DEAL, StageId.of("demo"), Deals.REP),
                        UnknownStageException.class, "Pipeline 'evidence-based' has no stage 'demo'"),
                bad("unknown pipeline", () -> DefaultPipelines.catalog().get("partner"), UnknownPipelineException.class,
                        "No pipeline 'partner' in the catalogue"),
                bad("evidence of another deal in a history", () -> Opportunity.restore(Deals.PIPELINE, foreignEvidence),
                        InvalidEventException.class, "it belongs to opportunity 'opp-2', not to 'opp-1'"),
                bad("withdrawing evidence this deal does not have",
                        () -> SERVICE.withdrawEvidence(DEAL, EvidenceId.of("ev-3"), Deals.MANAGER, "not ours"),
                        UnknownEvidenceException.class, "Opportunity 'opp-1' has no active evidence 'ev-3'"),
                bad("activity before creation", () -> SERVICE.logActivity(DEAL, new Activity(ActivityType.CALL,
                                ActivityDirection.TO_BUYER, TestClock.START.minus(Duration.ofDays(400)), Deals.REP, "")),
                        InvalidEventException.class, "is before the opportunity was created"),
                bad("activity far in the future", () -> SERVICE.logActivity(DEAL, new Activity(ActivityType.CALL,
                                ActivityDirection.TO_BUYER, TestClock.START.plus(Duration.ofDays(36_500)), Deals.REP, "")),
                        InvalidEventException.class, "is in the future"),
                bad("duplicate ids in a bulk advance", () -> SERVICE.advanceAll(List.of(
                                new AdvanceRequest(DEAL, DefaultPipelines.QUALIFICATION),
                                new AdvanceRequest(DEAL, DefaultPipelines.PROPOSAL)), Deals.REP),
                        InvalidValueException.class, "requests must name each opportunity at most once"),
                bad("duplicate stage ids", () -> PipelineDefinition.builder("p", "P").openStage("a", "A", s -> s)
                                .openStage("a", "A", s -> s).wonStage("w", "W").build(),
                        InvalidPipelineDefinitionException.class, "stage id 'a' is used more than once"),
                bad("duplicate pipeline ids", () -> PipelineCatalog.of(DefaultPipelines.classic(), DefaultPipelines.classic()),
                        InvalidValueException.class, "pipelines must have unique ids, but was classic"),
                bad("enormous account name", () -> Deals.completeDetails().toBuilder().account(huge).build(),
                        InvalidValueException.class, "account must be at most 200 characters long (it has 1000000)"),
                bad("half a surrogate pair in an account name",
                        () -> Deals.completeDetails().toBuilder().account("Acme \uDC00Ltd").build(),
                        InvalidValueException.class, "account must be well-formed Unicode text, but has half of a"
                                + " surrogate pair (\\uDC00) at index 5"),
                bad("a high surrogate ending an evidence note", () -> SERVICE.recordEvidence(DEAL, new NewEvidence(
                                EvidenceTypes.LEGAL_REVIEW_STARTED, EvidenceSource.EMAIL, "", "signed \uD83D"), Deals.REP),
                        InvalidValueException.class, "note must be well-formed Unicode text, but has half of a"
                                + " surrogate pair (\\uD83D) at index 7"),
                bad("enormous evidence note", () -> SERVICE.recordEvidence(DEAL, new NewEvidence(
                                EvidenceTypes.LEGAL_REVIEW_STARTED, EvidenceSource.EMAIL, "", huge), Deals.REP),
                        InvalidValueException.class, "note must be at most 10000 characters long (it has 1000000)"),
                bad("enormous collection", () -> Deals.completeDetails().toBuilder().products(tooMany).build(),
                        InvalidValueException.class, "products must hold at most 10000 elements, but was 10001"),
                bad("null inside a collection", () -> Deals.completeDetails().toBuilder()
                                .products(new HashSet<>(java.util.Arrays.asList("a", null))).build(),
                        NullPointerException.class, "products must not contain null"),
                bad("blank regression reason", () -> SERVICE.regress(SERVICE.overrideGate(DEAL,
                                DefaultPipelines.QUALIFICATION, Deals.MANAGER, "placed"), DefaultPipelines.DISCOVERY, Deals.REP, "\t"),
                        InvalidValueException.class, "reason must not be blank"),
                bad("an illegal move", () -> SERVICE.reopen(DEAL, DefaultPipelines.DISCOVERY, Deals.REP, "why"),
                        IllegalStageTransitionException.class, "a deal in a OPEN stage cannot reopen"),
                bad("probability above one", () -> Probability.of("1.5"), InvalidValueException.class,
                        "probability must be between 0 and 1, but was 1.5"),
                bad("malformed evidence type", () -> EvidenceType.of("Budget Confirmed"), InvalidValueException.class,
                        "evidenceType must be 1 to 80 lower-case letters"),
                bad("opportunity id with spaces", () -> OpportunityId.of("opp 1"), InvalidValueException.class,
                        "opportunityId must be 1 to 128 visible characters without spaces, but was \"opp 1\""),
                bad("opportunity id too long", () -> OpportunityId.of("o".repeat(129)), InvalidValueException.class,
                        "opportunityId must be 1 to 128 visible characters without spaces"),
                bad("blank actor", () -> Actor.of(""), InvalidValueException.class, "actor must not be blank"),
                bad("a gate request at the end of time", () -> new GateRequest(DEAL,
                                Deals.PIPELINE.gateAfter(DEAL.stageId()), Instant.MAX), InvalidValueException.class,
                        "now must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999999Z, but was "
                                + "+1000000000-12-31T23:59:59.999999999Z"),
                bad("a gate request for stages that are not a gate", () -> new GateRequest(DEAL,
                                new Gate(DEAL.stage(), Deals.PIPELINE.stage(DefaultPipelines.PROPOSAL)), CLOCK.instant()),
                        InvalidValueException.class, "gate must be a gate of the deal's pipeline"
                                + " 'evidence-based': an open stage and the stage after it on the track, but was"
                                + " \"discovery -> proposal\""),
                bad("a gate request for another pipeline's stages", () -> new GateRequest(DEAL,
                                new Gate(DefaultPipelines.classic().openStages().get(0),
                                        Deals.PIPELINE.nextOnTrack(DEAL.stageId())), CLOCK.instant()),
                        InvalidValueException.class, "must be a gate of the deal's pipeline 'evidence-based'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void eachBadInputIsRefusedWithASpecificMessageAndNothingChanges(String input, ThrowingCallable call,
                                                                   Class<? extends Throwable> type, String message) {
        List<OpportunityEvent> before = List.copyOf(DEAL.history());

        Throwable thrown = catchThrowable(call);

        assertThat(thrown).as(input).isInstanceOf(type);
        assertThat(thrown.getMessage()).as(input).contains(message);
        assertThat(DEAL.history()).isEqualTo(before);
        assertThat(Opportunity.restore(Deals.PIPELINE, DEAL.history())).isEqualTo(DEAL);
    }

    /** The exceptions the library documents for bad input; anything else escaping is a bug. */
    private static final List<Class<? extends Throwable>> DOCUMENTED = List.of(InvalidValueException.class,
            NullPointerException.class, CurrencyMismatchException.class, UnknownStageException.class,
            IllegalStageTransitionException.class, InvalidEventException.class, UnknownEvidenceException.class);

    private static final Gen<String> TEXT = Generate.oneOf(strings().allPossible().ofLengthBetween(0, 40),
            strings().basicLatinAlphabet().ofLengthBetween(0, 12), Generate.pick(List.of("", " ", "\t\n", "x".repeat(300),
                    "1,000.00", "1e999999999", "-1", "0.001", "NaN", "€10", "12.5", "999999999999999999999999999999.99")));

    /** One generated call: texts, a currency code, a stage id and which entry point to call with them. */
    private record Input(String text, String number, String currency, String stage, int operation) {
    }

    @Test
    void arbitraryInputIsAcceptedOrRefusedCleanlyNeverWithAnUnexpectedExceptionOrChangedState() {
        Gen<String> currencies = Generate.oneOf(Generate.pick(List.of("EUR", "IDR", "JPY", "USD", "XXX", "eur", "")),
                strings().basicLatinAlphabet().ofLength(3));
        Gen<String> stages = Generate.oneOf(Generate.pick(Deals.PIPELINE.stages().stream().map(s -> s.id().value()).toList()),
                TEXT);
        Gen<Input> inputs = TEXT.zip(TEXT, currencies, stages, integers().between(0, 6), Input::new);
        qt().withExamples(500).forAll(inputs).checkAssert(input -> {
                    String account = input.text();
                    String amount = input.number();
                    String currency = input.currency();
                    String stage = input.stage();
                    int operation = input.operation();
                    List<OpportunityEvent> before = List.copyOf(DEAL.history());
                    Throwable thrown = catchThrowable(() -> {
                        switch (operation) {
                            case 0 -> Deals.completeDetails().toBuilder().account(account)
                                    .value(DealValue.of(Money.of(amount, currency), ValueKind.ACV)).build();
                            case 1 -> SERVICE.advance(DEAL, StageId.of(stage), Actor.of(account));
                            case 2 -> SERVICE.regress(DEAL, StageId.of(stage), Deals.REP, account);
                            case 3 -> SERVICE.recordEvidence(DEAL, new NewEvidence(EvidenceType.of(stage),
                                    EvidenceSource.DOCUMENT, amount, account), Deals.REP);
                            case 4 -> SERVICE.withdrawEvidence(DEAL, EvidenceId.of(stage), Deals.MANAGER, account);
                            case 5 -> SERVICE.changeDetails(DEAL, OpportunityDetails.builder().account(account)
                                    .owner(currency).value(DealValue.of(Money.of(amount, "EUR"), ValueKind.TCV))
                                    .expectedCloseDate(java.time.LocalDate.of(2026, 6, 30)).build(), Deals.REP, amount);
                            default -> Probability.of(amount);
                        }
                    });
                    if (thrown != null) {
                        assertThat(DOCUMENTED).as("unexpected %s", thrown).anyMatch(type -> type.isInstance(thrown));
                        assertThat(thrown.getMessage()).as("message of %s", thrown).isNotBlank();
                    }
                    assertThat(DEAL.history()).isEqualTo(before);
                });
    }
}
