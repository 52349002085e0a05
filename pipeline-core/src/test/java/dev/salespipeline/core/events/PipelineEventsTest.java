package dev.salespipeline.core.events;

import static dev.salespipeline.core.testing.Deals.REP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.gate.RequiredEvidenceGateEvaluator;
import dev.salespipeline.core.opportunity.Activity;
import dev.salespipeline.core.opportunity.ActivityDirection;
import dev.salespipeline.core.opportunity.ActivityType;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityEvent;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.pipeline.Probability;
import dev.salespipeline.core.testing.Deals;
import dev.salespipeline.core.testing.TestClock;
import dev.salespipeline.core.transition.OpportunityStore;
import dev.salespipeline.core.transition.TransitionService;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class PipelineEventsTest {

    private final TestClock clock = new TestClock();
    private final PipelineEvents events = new PipelineEvents();
    private final List<PipelineEvent> heard = Collections.synchronizedList(new ArrayList<>());
    private final TransitionService permissive = new TransitionService(request -> GateDecision.allowed("test"), clock);

    private Activity call() {
        return new Activity(ActivityType.CALL, ActivityDirection.FROM_BUYER, clock.instant(), REP, "");
    }

    @Test
    void listenersHearEveryCommittedChangeOnceInOrderWithTheDealAsItStoodAfterIt() throws Exception {
        events.register(heard::add);
        OpportunityStore store = new OpportunityStore(events);
        Opportunity deal = Deals.open(permissive, "opp-1", Deals.completeDetails());
        store.add(deal);
        clock.advance(Duration.ofHours(1));
        Opportunity advanced = permissive.advance(deal, DefaultPipelines.QUALIFICATION, REP).opportunity();
        Opportunity called = permissive.logActivity(advanced, call());
        // Saved in one go: both events are delivered, each with its own "after".
        store.save(called);
        store.update(deal.id(), stored -> permissive.lose(stored, REP, "chose a competitor"));

        assertThat(heard).extracting(PipelineEvent::type).containsExactly("created", "advanced", "activity-logged", "lost");
        assertThat(heard).map(event -> ((PipelineEvent.Changed) event).after().version()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(((PipelineEvent.Changed) heard.get(1)).after().stageId()).isEqualTo(DefaultPipelines.QUALIFICATION);
        assertThat(((PipelineEvent.Changed) heard.get(3)).after()).isEqualTo(store.get(deal.id()));
        // Reporting the same commit again delivers nothing new.
        events.committed(store.get(deal.id()));
        assertThat(heard).hasSize(4);
    }

    @Test
    void concurrentChangesToOneDealAreHeardInHistoryOrderAndNeverTwice() throws Exception {
        Map<OpportunityId, List<Long>> sequences = new ConcurrentHashMap<>();
        events.register(event -> sequences.computeIfAbsent(event.opportunityId(), id -> Collections.synchronizedList(
                new ArrayList<>())).add(((PipelineEvent.Changed) event).event().sequence()));
        OpportunityStore store = new OpportunityStore(events);
        List<OpportunityId> ids = List.of(OpportunityId.of("a"), OpportunityId.of("b"));
        for (OpportunityId id : ids) {
            store.add(Deals.open(permissive, id.value(), Deals.completeDetails()));
        }
        int perThread = 1000;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        for (int thread = 0; thread < 8; thread++) {
            OpportunityId id = ids.get(thread % 2);
            pool.submit(() -> {
                start.await();
                for (int change = 0; change < perThread; change++) {
                    store.update(id, stored -> permissive.logActivity(stored, new Activity(ActivityType.EMAIL,
                            ActivityDirection.TO_BUYER, stored.createdAt(), REP, "")));
                }
                return null;
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        for (OpportunityId id : ids) {
            List<Long> expected = new ArrayList<>();
            for (long sequence = 1; sequence <= 1 + 4L * perThread; sequence++) {
                expected.add(sequence);
            }
            assertThat(sequences.get(id)).as(id.value()).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void aFailingListenerNeitherStopsTheOthersNorTouchesTheDeal() {
        List<String> errors = new ArrayList<>();
        PipelineEvents guarded = new PipelineEvents((event, error) -> errors.add(event.type() + ": " + error.getMessage()));
        guarded.register(event -> {
            throw new IllegalStateException("webhook down");
        });
        guarded.register(heard::add);
        OpportunityStore store = new OpportunityStore(guarded);
        Opportunity deal = Deals.open(permissive, "opp-1", Deals.completeDetails());

        store.add(deal);
        store.update(deal.id(), stored -> permissive.logActivity(stored, call()));

        assertThat(heard).extracting(PipelineEvent::type).containsExactly("created", "activity-logged");
        assertThat(errors).containsExactly("created: webhook down", "activity-logged: webhook down");
        assertThat(store.get(deal.id()).version()).isEqualTo(2);
    }

    @Test
    void aRefusedAdvanceIsPublishedAndAClosedHandleStopsDelivery() throws Exception {
        AutoCloseable handle = events.register(heard::add);
        TransitionService strict = new TransitionService(RequiredEvidenceGateEvaluator.defaults(), clock, events);
        Opportunity deal = Deals.open(strict, "opp-1", Deals.completeDetails());

        strict.advance(deal, DefaultPipelines.PROPOSAL, REP);

        assertThat(heard).singleElement().isInstanceOfSatisfying(PipelineEvent.AdvanceBlocked.class, blocked -> {
            assertThat(blocked.type()).isEqualTo("advance-blocked");
            assertThat(blocked.from()).isEqualTo(DefaultPipelines.DISCOVERY);
            assertThat(blocked.target()).isEqualTo(DefaultPipelines.PROPOSAL);
            assertThat(blocked.unmetCriteria()).isNotEmpty();
        });
        handle.close();
        strict.advance(deal, DefaultPipelines.PROPOSAL, REP);
        assertThat(heard).hasSize(1);
    }

    @Test
    void dealsLoadedFromStorageAreNotReplayedToListeners() {
        events.register(heard::add);
        Opportunity existing = permissive.logActivity(Deals.open(permissive, "opp-1", Deals.completeDetails()), call());
        events.known(existing);
        OpportunityStore store = new OpportunityStore(events);

        store.add(existing);
        store.update(existing.id(), stored -> permissive.logActivity(stored, call()));

        assertThat(heard).extracting(event -> ((PipelineEvent.Changed) event).event().sequence()).containsExactly(3L);
        assertThat(((PipelineEvent.Changed) heard.get(0)).event()).isInstanceOf(OpportunityEvent.ActivityLogged.class);
    }

    @Test
    void aProbabilityIsPublishedOnlyWhenARecalculationChangesIt() {
        events.register(heard::add);
        ProbabilityWatch watch = new ProbabilityWatch(events);
        List<Opportunity> deals = List.of(Deals.open(permissive, "a", Deals.completeDetails()),
                Deals.open(permissive, "b", Deals.completeDetails()));

        watch.recalculate(deals, deal -> Probability.of("0.10"), clock.instant());
        watch.recalculate(deals, deal -> deal.id().value().equals("a") ? Probability.of("0.25") : Probability.of("0.1"),
                clock.instant());

        assertThat(heard).singleElement().isInstanceOfSatisfying(PipelineEvent.ProbabilityRecalculated.class, changed -> {
            assertThat(changed.opportunityId().value()).isEqualTo("a");
            assertThat(changed.before()).isEqualTo(Probability.of("0.10"));
            assertThat(changed.after()).isEqualTo(Probability.of("0.25"));
        });
    }
}
