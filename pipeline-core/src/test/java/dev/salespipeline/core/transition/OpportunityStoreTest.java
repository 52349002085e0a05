package dev.salespipeline.core.transition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.evidence.EvidenceTypes;
import dev.salespipeline.core.gate.RequiredEvidenceGateEvaluator;
import dev.salespipeline.core.opportunity.Activity;
import dev.salespipeline.core.opportunity.ActivityDirection;
import dev.salespipeline.core.opportunity.ActivityType;
import dev.salespipeline.core.opportunity.EvidenceSource;
import dev.salespipeline.core.opportunity.NewEvidence;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.testing.Deals;
import dev.salespipeline.core.testing.TestClock;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class OpportunityStoreTest {

    private static final NewEvidence NOTE = NewEvidence.of(EvidenceTypes.BUDGET_RANGE_CONFIRMED, EvidenceSource.EMAIL);

    // A clock that does not move is thread-safe and keeps history times non-decreasing.
    private final TransitionService service = new TransitionService(RequiredEvidenceGateEvaluator.defaults(),
            Clock.fixed(TestClock.START, ZoneOffset.UTC));
    private final OpportunityStore store = new OpportunityStore();

    @Test
    void aSaveOverAChangeMadeInBetweenIsAConflictAndStoresNothing() {
        Opportunity base = Deals.open(service, "opp-1", Deals.completeDetails());
        store.add(base);
        Opportunity first = service.recordEvidence(base, NOTE, Deals.REP);
        Opportunity second = service.logActivity(base, new Activity(ActivityType.CALL, ActivityDirection.FROM_BUYER,
                TestClock.START, Deals.REP, "call"));

        store.save(first);

        assertThatThrownBy(() -> store.save(second))
                .isInstanceOfSatisfying(VersionConflictException.class, e -> {
                    assertThat(e.opportunityId()).isEqualTo(OpportunityId.of("opp-1"));
                    assertThat(e.storedVersion()).isEqualTo(2);
                    assertThat(e.attemptedVersion()).isEqualTo(2);
                })
                .hasMessageStartingWith("Opportunity 'opp-1' was changed concurrently: the store holds version 2,"
                        + " and the change to save (version 2) does not build on it.");
        assertThat(store.get(base.id())).isSameAs(first);
        assertThatThrownBy(() -> store.save(base)).isInstanceOf(VersionConflictException.class);
    }

    @Test
    void misuseIsNamed() {
        Opportunity deal = Deals.open(service, "opp-1", Deals.completeDetails());
        store.add(deal);
        assertThatThrownBy(() -> store.add(deal)).isInstanceOf(InvalidValueException.class)
                .hasMessage("opportunity must have an id not yet in the store, but was opp-1");
        assertThatThrownBy(() -> store.get(OpportunityId.of("opp-9"))).isInstanceOf(InvalidValueException.class)
                .hasMessage("id must name an opportunity in the store, but was opp-9");
        Opportunity unknown = Deals.open(service, "opp-2", Deals.completeDetails());
        assertThatThrownBy(() -> store.save(unknown)).hasMessage("changed must be added before it is saved, but was opp-2");
        assertThatThrownBy(() -> store.update(deal.id(), current -> unknown))
                .isInstanceOf(VersionConflictException.class);
    }

    @Test
    void aChangeThatWritesToItsOwnDealIsRefusedAndNothingIsStored() {
        Opportunity deal = Deals.open(service, "opp-1", Deals.completeDetails());
        store.add(deal);

        assertThatThrownBy(() -> store.update(deal.id(), current -> store.update(deal.id(),
                inner -> Deals.withEvidence(service, inner, List.of(EvidenceTypes.BUDGET_RANGE_CONFIRMED)))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("update of opportunity 'opp-1' from inside a change to it passed to update: return the new"
                        + " opportunity from the change instead");
        assertThatThrownBy(() -> store.update(deal.id(), current -> store.save(
                Deals.withEvidence(service, current, List.of(EvidenceTypes.BUDGET_RANGE_CONFIRMED)))))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("save of opportunity 'opp-1'");
        assertThat(store.get(deal.id())).isSameAs(deal);
        // Another deal may be written from inside the change, and the store is usable afterwards.
        Opportunity other = Deals.open(service, "opp-2", Deals.completeDetails());
        store.add(other);
        store.update(deal.id(), current -> {
            store.update(other.id(), inner -> Deals.withEvidence(service, inner, List.of(EvidenceTypes.TIMELINE_COMMITTED)));
            return current;
        });
        assertThat(store.get(other.id()).version()).isEqualTo(other.version() + 1);
    }

    @Test
    void concurrentUpdatesOfOneDealAreSerialisedAndNoneIsLost() throws Exception {
        store.add(Deals.open(service, "opp-1", Deals.completeDetails()));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> workers = new ArrayList<>();
        for (int thread = 0; thread < 8; thread++) {
            workers.add(pool.submit(() -> {
                for (int change = 0; change < 50; change++) {
                    store.update(OpportunityId.of("opp-1"), current -> service.recordEvidence(current, NOTE, Deals.REP));
                }
            }));
        }
        for (Future<?> worker : workers) {
            worker.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        Opportunity result = store.get(OpportunityId.of("opp-1"));
        assertThat(result.version()).isEqualTo(1 + 8 * 50);
        assertThat(result.evidence()).hasSize(8 * 50);
        assertThat(Opportunity.restore(result.pipeline(), result.history())).isEqualTo(result);
    }

    @Test
    void optimisticSavesWithRetriesLoseNoUpdate() throws Exception {
        store.add(Deals.open(service, "opp-1", Deals.completeDetails()));
        AtomicInteger conflicts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> workers = new ArrayList<>();
        for (int thread = 0; thread < 8; thread++) {
            workers.add(pool.submit(() -> {
                for (int change = 0; change < 50; change++) {
                    while (true) {
                        Opportunity read = store.get(OpportunityId.of("opp-1"));
                        try {
                            store.save(service.recordEvidence(read, NOTE, Deals.REP));
                            break;
                        } catch (VersionConflictException conflict) {
                            conflicts.incrementAndGet();
                        }
                    }
                }
            }));
        }
        for (Future<?> worker : workers) {
            worker.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(store.get(OpportunityId.of("opp-1")).version()).isEqualTo(1 + 8 * 50);
    }
}
