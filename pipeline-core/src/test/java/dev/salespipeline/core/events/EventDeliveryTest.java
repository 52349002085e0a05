package dev.salespipeline.core.events;

import static dev.salespipeline.core.testing.Deals.REP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.gate.RequiredEvidenceGateEvaluator;
import dev.salespipeline.core.opportunity.Activity;
import dev.salespipeline.core.opportunity.ActivityDirection;
import dev.salespipeline.core.opportunity.ActivityType;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.pipeline.Probability;
import dev.salespipeline.core.testing.Deals;
import dev.salespipeline.core.testing.TestClock;
import dev.salespipeline.core.transition.OpportunityStore;
import dev.salespipeline.core.transition.TransitionService;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/**
 * Delivery as a multi-user host leans on it: listeners that write to deals, slow listeners, listeners
 * that fail in every way, deals created again, and concurrent recalculation. One test per defect found
 * from outside (issue "events and views"), and a stress test of listeners writing across deals.
 */
class EventDeliveryTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final TestClock clock = new TestClock();
    private final TransitionService permissive = new TransitionService(request -> GateDecision.allowed("test"), clock);

    private Activity email(String note) {
        return new Activity(ActivityType.EMAIL, ActivityDirection.TO_BUYER, clock.instant(), REP, note);
    }

    private static long sequenceOf(PipelineEvent event) {
        return ((PipelineEvent.Changed) event).event().sequence();
    }

    private static String noteOf(PipelineEvent event) {
        return ((PipelineEvent.Changed) event).after().activities().isEmpty() ? ""
                : ((PipelineEvent.Changed) event).after().activities().get(
                        ((PipelineEvent.Changed) event).after().activities().size() - 1).summary();
    }

    @Test
    void listenersThatUpdateALinkedDealDoNotDeadlockEachOther() {
        PipelineEvents events = new PipelineEvents();
        OpportunityStore store = new OpportunityStore(events);
        OpportunityId parent = OpportunityId.of("parent");
        OpportunityId child = OpportunityId.of("child");
        store.add(Deals.open(permissive, "parent", Deals.completeDetails()));
        store.add(Deals.open(permissive, "child", Deals.completeDetails()));
        // A roll-up each way: a rep's email on one deal is noted on the linked one.
        events.register(event -> {
            if (event instanceof PipelineEvent.Changed changed && noteOf(changed).startsWith("rep")) {
                OpportunityId linked = event.opportunityId().equals(parent) ? child : parent;
                store.update(linked, deal -> permissive.logActivity(deal, email("rolled up from " + event.opportunityId())));
            }
        });
        int perWriter = 400;

        assertTimeoutPreemptively(DEADLINE, () -> {
            ExecutorService writers = Executors.newFixedThreadPool(2);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (OpportunityId id : List.of(parent, child)) {
                done.add(writers.submit(() -> {
                    start.await();
                    for (int change = 0; change < perWriter; change++) {
                        store.update(id, deal -> permissive.logActivity(deal, email("rep " + id)));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> writer : done) {
                writer.get();
            }
            writers.shutdown();
        }, "two listeners writing to each other's deals hung their writers");

        assertThat(store.get(parent).activities()).hasSize(2 * perWriter);
        assertThat(store.get(child).activities()).hasSize(2 * perWriter);
    }

    @Test
    void underStressWithListenersWritingAcrossDealsEveryEventIsHeardOnceInOrderAndNothingHangs() {
        PipelineEvents events = new PipelineEvents();
        OpportunityStore store = new OpportunityStore(events);
        int dealCount = 20;
        List<OpportunityId> ids = new ArrayList<>();
        Map<OpportunityId, List<Long>> firstHeard = new ConcurrentHashMap<>();
        Map<OpportunityId, List<Long>> lastHeard = new ConcurrentHashMap<>();
        events.register(event -> firstHeard.computeIfAbsent(event.opportunityId(), id -> new ArrayList<>())
                .add(sequenceOf(event)));
        // Each rep email is rolled up onto the next deal, and every seventh onto the one after that too.
        events.register(event -> {
            if (noteOf(event).startsWith("rep")) {
                int index = ids.indexOf(event.opportunityId());
                store.update(ids.get((index + 1) % dealCount), deal -> permissive.logActivity(deal, email("roll-up")));
                if (sequenceOf(event) % 7 == 0) {
                    store.update(ids.get((index + 2) % dealCount), deal -> permissive.logActivity(deal, email("roll-up")));
                }
            }
        });
        events.register(event -> lastHeard.computeIfAbsent(event.opportunityId(), id -> new ArrayList<>())
                .add(sequenceOf(event)));
        for (int index = 0; index < dealCount; index++) {
            ids.add(OpportunityId.of("deal-" + index));
            store.add(Deals.open(permissive, "deal-" + index, Deals.completeDetails()));
        }
        int threads = 8;
        int perThread = 500;

        assertTimeoutPreemptively(DEADLINE, () -> {
            ExecutorService writers = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int thread = 0; thread < threads; thread++) {
                int seed = thread;
                done.add(writers.submit(() -> {
                    start.await();
                    for (int change = 0; change < perThread; change++) {
                        OpportunityId id = ids.get((seed * 31 + change * 7) % dealCount);
                        store.update(id, deal -> permissive.logActivity(deal, email("rep " + seed)));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> writer : done) {
                writer.get();
            }
            writers.shutdown();
        }, "listeners writing across deals hung their writers");

        long repEmails = threads * perThread;
        long stored = 0;
        for (OpportunityId id : ids) {
            long version = store.get(id).version();
            stored += version;
            List<Long> expected = new ArrayList<>();
            for (long sequence = 1; sequence <= version; sequence++) {
                expected.add(sequence);
            }
            assertThat(firstHeard.get(id)).as(id.value()).containsExactlyElementsOf(expected);
            assertThat(lastHeard.get(id)).as(id.value()).containsExactlyElementsOf(expected);
        }
        assertThat(stored).as("created, rep emails and their roll-ups").isGreaterThan(dealCount + 2 * repEmails);
    }

    @Test
    void aRefusedAdvanceInsideAnUpdateIsDeliveredAfterTheStoresLockIsReleased() throws Exception {
        PipelineEvents events = new PipelineEvents();
        OpportunityStore store = new OpportunityStore(events);
        TransitionService strict = new TransitionService(RequiredEvidenceGateEvaluator.defaults(), clock, events);
        Opportunity deal = Deals.open(strict, "opp-1", Deals.completeDetails());
        AtomicReference<Throwable> fromListener = new AtomicReference<>();
        List<PipelineEvent> heard = Collections.synchronizedList(new ArrayList<>());
        events.register(heard::add);
        store.add(deal);
        events.register(event -> {
            if (event instanceof PipelineEvent.AdvanceBlocked) {
                try {
                    // Another thread writes this very deal while the listener runs: it waits for no lock.
                    CompletableFuture.runAsync(() -> store.update(deal.id(), stored -> permissive.logActivity(stored,
                            email("from another thread")))).get(10, TimeUnit.SECONDS);
                    // And the listener itself writes to the deal it hears about.
                    store.update(deal.id(), stored -> permissive.logActivity(stored, email("follow up on the gate")));
                } catch (Exception | Error e) {
                    fromListener.set(e);
                }
            }
        });

        Opportunity unchanged = store.update(deal.id(), stored -> strict.advance(stored, DefaultPipelines.PROPOSAL, REP)
                .opportunity());
        store.update(deal.id(), stored -> permissive.logActivity(stored, email("the next real change")));

        assertThat(fromListener.get()).isNull();
        assertThat(unchanged.version()).isEqualTo(1);
        assertThat(store.get(deal.id()).activities()).extracting(Activity::summary)
                .containsExactly("from another thread", "follow up on the gate", "the next real change");
        assertThat(heard).extracting(PipelineEvent::type).containsExactly("created", "advance-blocked",
                "activity-logged", "activity-logged", "activity-logged");
        assertThat(heard.subList(2, 5)).extracting(EventDeliveryTest::sequenceOf).containsExactly(2L, 3L, 4L);
    }

    @Test
    void aSlowListenerDoesNotDelayWritersOfOtherDeals() throws Exception {
        PipelineEvents events = new PipelineEvents();
        OpportunityStore store = new OpportunityStore(events);
        TransitionService strict = new TransitionService(RequiredEvidenceGateEvaluator.defaults(), clock, events);
        store.add(Deals.open(strict, "slow", Deals.completeDetails()));
        List<OpportunityId> others = new ArrayList<>();
        for (int index = 0; index < 64; index++) {
            others.add(OpportunityId.of("other-" + index));
            store.add(Deals.open(permissive, "other-" + index, Deals.completeDetails()));
        }
        CountDownLatch listenerStarted = new CountDownLatch(1);
        CountDownLatch releaseListener = new CountDownLatch(1);
        events.register(event -> {
            if (event instanceof PipelineEvent.AdvanceBlocked) {
                listenerStarted.countDown();
                try {
                    releaseListener.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });

        CompletableFuture<Void> slowWriter = CompletableFuture.runAsync(() -> store.update(OpportunityId.of("slow"),
                stored -> strict.advance(stored, DefaultPipelines.PROPOSAL, REP).opportunity()));
        assertThat(listenerStarted.await(10, TimeUnit.SECONDS)).isTrue();
        try {
            // Every other deal, whatever map bin it shares with the slow one, can be written meanwhile.
            CompletableFuture.runAsync(() -> others.forEach(id -> store.update(id,
                    stored -> permissive.logActivity(stored, email("meanwhile"))))).get(10, TimeUnit.SECONDS);
        } finally {
            releaseListener.countDown();
        }
        slowWriter.get(10, TimeUnit.SECONDS);
        assertThat(others).allSatisfy(id -> assertThat(store.get(id).activities()).hasSize(1));
    }

    @Test
    void everyThrowableOfAListenerGoesToTheHandlerAndNeverToTheWriter() {
        List<String> handled = Collections.synchronizedList(new ArrayList<>());
        PipelineEvents events = new PipelineEvents((event, error) -> handled.add(event.type() + ": "
                + error.getClass().getSimpleName()));
        List<Throwable> failures = List.of(new AssertionError("assertion"), new StackOverflowError(),
                new IOException("a checked exception thrown sneakily"), new IllegalStateException("runtime"));
        AtomicInteger next = new AtomicInteger();
        events.register(event -> sneakyThrow(failures.get(next.getAndIncrement() % failures.size())));
        events.register(event -> {
            throw new OutOfMemoryError("the handler that fails too");
        });
        List<PipelineEvent> later = new ArrayList<>();
        events.register(later::add);
        PipelineEvents failingHandler = new PipelineEvents((event, error) -> {
            throw new AssertionError("a failing error handler");
        });
        failingHandler.register(event -> {
            throw new IllegalStateException("listener");
        });
        List<PipelineEvent> afterFailingHandler = new ArrayList<>();
        failingHandler.register(afterFailingHandler::add);
        OpportunityStore store = new OpportunityStore(events);
        OpportunityStore other = new OpportunityStore(failingHandler);

        assertThatCode(() -> {
            Opportunity deal = Deals.open(permissive, "opp-1", Deals.completeDetails());
            store.add(deal);
            for (int change = 0; change < 3; change++) {
                store.update(deal.id(), stored -> permissive.logActivity(stored, email("change")));
            }
            other.add(deal);
        }).doesNotThrowAnyException();

        assertThat(later).extracting(EventDeliveryTest::sequenceOf).containsExactly(1L, 2L, 3L, 4L);
        assertThat(handled).containsExactly("created: AssertionError", "created: OutOfMemoryError",
                "activity-logged: StackOverflowError", "activity-logged: OutOfMemoryError",
                "activity-logged: IOException", "activity-logged: OutOfMemoryError",
                "activity-logged: IllegalStateException", "activity-logged: OutOfMemoryError");
        assertThat(afterFailingHandler).hasSize(1);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(Throwable failure) throws T {
        throw (T) failure;
    }

    @Test
    void aListenerThatChangesTheDealItHearsAboutKeepsEveryListenersOrder() {
        PipelineEvents events = new PipelineEvents();
        OpportunityStore store = new OpportunityStore(events);
        List<Long> first = new ArrayList<>();
        List<Long> second = new ArrayList<>();
        events.register(event -> first.add(sequenceOf(event)));
        events.register(event -> {
            if (sequenceOf(event) == 2) {
                store.update(event.opportunityId(), deal -> permissive.logActivity(deal, email("answer to 2")));
            }
        });
        events.register(event -> second.add(sequenceOf(event)));
        Opportunity deal = Deals.open(permissive, "opp-1", Deals.completeDetails());

        store.add(deal);
        store.update(deal.id(), stored -> permissive.logActivity(stored, email("2")));

        assertThat(first).containsExactly(1L, 2L, 3L);
        assertThat(second).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aListenerThatLoopsIsStoppedWithAClearErrorAndNothingIsLost() {
        List<Throwable> handled = Collections.synchronizedList(new ArrayList<>());
        PipelineEvents events = new PipelineEvents((event, error) -> handled.add(error));
        OpportunityStore store = new OpportunityStore(events);
        List<Long> heard = new ArrayList<>();
        events.register(event -> heard.add(sequenceOf(event)));
        // Answers every activity with another: without a stop, forever.
        events.register(event -> {
            if (((PipelineEvent.Changed) event).event() instanceof dev.salespipeline.core.opportunity.OpportunityEvent.ActivityLogged) {
                store.update(event.opportunityId(), deal -> permissive.logActivity(deal, email("again")));
            }
        });
        Opportunity deal = Deals.open(permissive, "opp-1", Deals.completeDetails());
        store.add(deal);

        assertTimeoutPreemptively(DEADLINE, () -> store.update(deal.id(),
                stored -> permissive.logActivity(stored, email("first"))));

        long stored = store.get(deal.id()).version();
        assertThat(stored).isEqualTo(2 + PipelineEvents.MAX_CASCADE);
        List<Long> expected = new ArrayList<>();
        for (long sequence = 1; sequence <= stored; sequence++) {
            expected.add(sequence);
        }
        assertThat(heard).as("every stored change heard once, in order").containsExactlyElementsOf(expected);
        assertThat(handled).singleElement().isInstanceOfSatisfying(IllegalStateException.class, refused ->
                assertThat(refused).hasMessageContaining("'activity-logged' of opportunity 'opp-1'")
                        .hasMessageContaining("a listener loops"));
    }

    @Test
    void aDealCreatedAgainUnderTheSameIdIsDeliveredFromItsBeginning() {
        PipelineEvents events = new PipelineEvents();
        List<PipelineEvent> heard = new ArrayList<>();
        events.register(heard::add);
        Opportunity first = permissive.logActivity(Deals.open(permissive, "opp-1", Deals.completeDetails()),
                email("first life"));
        events.committed(first);
        clock.advance(Duration.ofDays(1));
        Opportunity again = Deals.open(permissive, "opp-1", Deals.completeDetails());

        events.committed(again);
        events.committed(permissive.logActivity(again, email("second life")));
        events.committed(first);

        assertThat(heard).extracting(EventDeliveryTest::sequenceOf).containsExactly(1L, 2L, 1L, 2L);
        assertThat(heard.get(3)).extracting(EventDeliveryTest::noteOf).isEqualTo("second life");
    }

    @Test
    void concurrentRecalculationsOfOneDealPublishAnUnbrokenChain() throws Exception {
        PipelineEvents events = new PipelineEvents();
        Map<OpportunityId, List<PipelineEvent.ProbabilityRecalculated>> chains = new ConcurrentHashMap<>();
        events.register(event -> chains.computeIfAbsent(event.opportunityId(), id -> new ArrayList<>())
                .add((PipelineEvent.ProbabilityRecalculated) event));
        ProbabilityWatch watch = new ProbabilityWatch(events);
        List<Opportunity> deals = List.of(Deals.open(permissive, "a", Deals.completeDetails()),
                Deals.open(permissive, "b", Deals.completeDetails()));
        AtomicInteger counter = new AtomicInteger();
        int threads = 4;
        int rounds = 2_000;

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int thread = 0; thread < threads; thread++) {
            done.add(pool.submit(() -> {
                start.await();
                for (int round = 0; round < rounds; round++) {
                    // Every call a new value, so every recalculation after the first publishes.
                    watch.recalculate(deals, deal -> Probability.of(BigDecimal.valueOf(counter.incrementAndGet() % 997 + 1,
                            3).toPlainString()), clock.instant());
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : done) {
            future.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        for (List<PipelineEvent.ProbabilityRecalculated> chain : chains.values()) {
            assertThat(chain).hasSizeGreaterThan(threads * rounds / 2);
            for (int index = 1; index < chain.size(); index++) {
                assertThat(chain.get(index).before()).as("event %d", index).isEqualByComparingTo(chain.get(index - 1).after());
            }
        }
    }
}
