package dev.salespipeline.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.events.PipelineEvent;
import dev.salespipeline.core.events.PipelineEvents;
import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.opportunity.Activity;
import dev.salespipeline.core.opportunity.ActivityDirection;
import dev.salespipeline.core.opportunity.ActivityType;
import dev.salespipeline.core.opportunity.Actor;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.transition.OpportunityCursor;
import dev.salespipeline.core.transition.TransitionService;
import dev.salespipeline.core.transition.VersionConflictException;
import dev.salespipeline.testkit.SamplePortfolio;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The store's contract, on PostgreSQL and on H2 alike: what is stored comes back exactly, changes are
 * optimistic or serialised as asked, cursors stream, subscriptions deliver in order from their checkpoint.
 */
class JdbcOpportunityStoreTest {

    private static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Actor REP = Actor.of("rep-ana");
    private static final List<Opportunity> PORTFOLIO = SamplePortfolio.generate(60, 11, NOW);

    @TempDir
    Path directory;

    private final TransitionService service = new TransitionService(request -> GateDecision.allowed("test"), CLOCK);

    private static Activity call() {
        return new Activity(ActivityType.CALL, ActivityDirection.FROM_BUYER, NOW, REP, "a call");
    }

    private JdbcOpportunityStore store(Databases.Kind kind) {
        return JdbcOpportunityStore.builder(kind.fresh(directory)).clock(CLOCK).build();
    }

    @ParameterizedTest
    @EnumSource(Databases.Kind.class)
    void whatIsStoredComesBackExactlyAndAnIdIsStoredOnce(Databases.Kind kind) {
        JdbcOpportunityStore store = store(kind);
        store.addAll(PORTFOLIO.subList(0, 30));
        PORTFOLIO.subList(30, 60).forEach(store::add);

        for (Opportunity deal : PORTFOLIO) {
            assertThat(store.find(deal.id())).contains(deal);
        }
        assertThat(store.count()).isEqualTo(60);
        assertThat(store.find(OpportunityId.of("no-such-deal"))).isEmpty();
        assertThatThrownBy(() -> store.add(PORTFOLIO.get(0))).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining(PORTFOLIO.get(0).id().value()).hasMessageContaining("not yet in the store");
        assertThat(store.count()).isEqualTo(60);
    }

    @ParameterizedTest
    @EnumSource(Databases.Kind.class)
    void aSaveMustBuildOnTheStoredVersionAndAConflictStoresNothing(Databases.Kind kind) {
        JdbcOpportunityStore store = store(kind);
        Opportunity deal = PORTFOLIO.get(0);
        store.add(deal);
        Opportunity first = service.logActivity(deal, call());
        Opportunity rival = service.logActivity(deal, new Activity(ActivityType.EMAIL, ActivityDirection.TO_BUYER, NOW,
                REP, "the rival's email"));

        store.save(first);

        assertThatThrownBy(() -> store.save(rival)).isInstanceOf(VersionConflictException.class);
        assertThatThrownBy(() -> store.save(deal)).isInstanceOf(VersionConflictException.class);
        Opportunity twoMore = service.logActivity(service.logActivity(first, call()), call());
        assertThat(store.save(twoMore)).isEqualTo(twoMore);
        assertThat(store.find(deal.id())).contains(twoMore);
        assertThatThrownBy(() -> store.save(PORTFOLIO.get(1))).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("must be added before it is saved");
    }

    @ParameterizedTest
    @EnumSource(Databases.Kind.class)
    void anUpdateAppliesToTheStoredDealAndACallBackIntoTheSameDealIsRefused(Databases.Kind kind) {
        JdbcOpportunityStore store = store(kind);
        Opportunity deal = PORTFOLIO.get(0);
        store.add(deal);

        Opportunity updated = store.update(deal.id(), stored -> service.logActivity(stored, call()));

        assertThat(updated.version()).isEqualTo(deal.version() + 1);
        assertThat(store.get(deal.id())).isEqualTo(updated);
        assertThatThrownBy(() -> store.update(deal.id(), stored -> {
            store.update(deal.id(), inner -> service.logActivity(inner, call()));
            return stored;
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("from inside a change to it");
        assertThat(store.update(deal.id(), stored -> stored)).isEqualTo(updated);
        assertThatThrownBy(() -> store.update(deal.id(), stored -> {
            throw new IllegalArgumentException("the change failed");
        })).hasMessage("the change failed");
        assertThat(store.get(deal.id())).isEqualTo(updated);
    }

    @ParameterizedTest
    @EnumSource(Databases.Kind.class)
    void theCursorsStreamTheOpenDealsAndEveryDealAndAsOfReadsThePast(Databases.Kind kind) {
        JdbcOpportunityStore store = store(kind);
        store.addAll(PORTFOLIO);
        Map<OpportunityId, Opportunity> byId = PORTFOLIO.stream().collect(Collectors.toMap(Opportunity::id,
                Function.identity()));

        List<Opportunity> open = new ArrayList<>();
        try (OpportunityCursor cursor = store.openDeals()) {
            cursor.forEachRemaining(open::add);
        }
        List<Opportunity> all = new ArrayList<>();
        try (OpportunityCursor cursor = store.allDeals()) {
            cursor.forEachRemaining(all::add);
        }

        assertThat(open).containsExactlyInAnyOrderElementsOf(PORTFOLIO.stream().filter(Opportunity::isOpen).toList());
        assertThat(all).containsExactlyInAnyOrderElementsOf(PORTFOLIO);
        assertThat(all).isSortedAccordingTo(Comparator.comparing(deal -> deal.id().value()));
        Opportunity old = PORTFOLIO.stream().max(Comparator.comparing(Opportunity::version)).orElseThrow();
        Instant middle = old.history().get((int) old.version() / 2).occurredAt();
        assertThat(store.find(old.id(), middle)).isEqualTo(byId.get(old.id()).asOf(middle));
    }

    @ParameterizedTest
    @EnumSource(Databases.Kind.class)
    void aBusHearsEachCommittedChangeOnceAfterTheCommit(Databases.Kind kind) {
        PipelineEvents events = new PipelineEvents();
        JdbcOpportunityStore store = JdbcOpportunityStore.builder(kind.fresh(directory)).clock(CLOCK).events(events)
                .build();
        List<String> heard = new ArrayList<>();
        events.register(event -> {
            // Committed already: another read sees it.
            assertThat(store.get(event.opportunityId()).version()).isGreaterThanOrEqualTo(
                    ((PipelineEvent.Changed) event).event().sequence());
            heard.add(event.type() + " " + ((PipelineEvent.Changed) event).event().sequence());
        });
        Opportunity deal = service.open(OpportunityId.of("bus-1"), DefaultPipelines.evidenceBased(),
                PORTFOLIO.get(0).details(), REP);

        store.add(deal);
        store.update(deal.id(), stored -> service.logActivity(stored, call()));
        store.save(service.logActivity(store.get(deal.id()), call()));

        assertThat(heard).containsExactly("created 1", "activity-logged 2", "activity-logged 3");
    }

    @ParameterizedTest
    @EnumSource(Databases.Kind.class)
    void aSubscriptionDeliversEverythingInOrderFromItsCheckpointAndAFailingListenerLosesNothing(Databases.Kind kind) {
        DataSource dataSource = kind.fresh(directory);
        JdbcOpportunityStore store = JdbcOpportunityStore.builder(dataSource).clock(CLOCK).build();
        store.addAll(PORTFOLIO.subList(0, 10));
        long events = PORTFOLIO.subList(0, 10).stream().mapToLong(Opportunity::version).sum();
        List<String> delivered = new ArrayList<>();
        AtomicInteger failures = new AtomicInteger(1);

        Subscription broker = store.subscribe("broker", event -> {
            PipelineEvent.Changed changed = (PipelineEvent.Changed) event;
            if (delivered.size() == 7 && failures.getAndDecrement() > 0) {
                throw new IllegalStateException("the broker is down");
            }
            assertThat(changed.after().version()).isEqualTo(changed.event().sequence());
            delivered.add(event.opportunityId() + "#" + changed.event().sequence());
        });
        assertThat(broker.poll()).isEqualTo(7);
        assertThat(broker.checkpoint()).isEqualTo(7);
        assertThat(broker.poll()).isEqualTo(events - 7);

        // Every event once, in each deal's order; a new subscriber of the same name resumes, and adds nothing.
        assertThat(delivered).hasSize((int) events).doesNotHaveDuplicates();
        for (Opportunity deal : PORTFOLIO.subList(0, 10)) {
            List<String> own = delivered.stream().filter(entry -> entry.startsWith(deal.id() + "#")).toList();
            List<String> expected = new ArrayList<>();
            for (long sequence = 1; sequence <= deal.version(); sequence++) {
                expected.add(deal.id() + "#" + sequence);
            }
            assertThat(own).containsExactlyElementsOf(expected);
        }
        Subscription resumed = JdbcOpportunityStore.builder(dataSource).clock(CLOCK).build().subscribe("broker",
                event -> delivered.add("again"));
        assertThat(resumed.poll()).isZero();
        store.update(PORTFOLIO.get(0).id(), stored -> service.logActivity(stored, call()));
        assertThat(resumed.poll()).isEqualTo(1);
        assertThat(delivered).last().isEqualTo("again");
    }

    @ParameterizedTest
    @EnumSource(Databases.Kind.class)
    void theSchemaIsAppliedByFlywayInATableOfItsOwnOnceHoweverOftenAStoreIsBuilt(Databases.Kind kind) {
        DataSource dataSource = kind.fresh(directory);
        JdbcOpportunityStore.builder(dataSource).build();
        JdbcOpportunityStore.builder(dataSource).build();
        JdbcOpportunityStore.migrate(dataSource);

        org.flywaydb.core.api.MigrationInfo[] applied = org.flywaydb.core.Flyway.configure().dataSource(dataSource)
                .locations(JdbcOpportunityStore.MIGRATIONS).table(JdbcOpportunityStore.SCHEMA_HISTORY_TABLE).load()
                .info().applied();
        assertThat(applied).extracting(info -> info.getVersion().getVersion(), info -> info.getState().isApplied())
                .contains(org.assertj.core.groups.Tuple.tuple("1", true));
        assertThat(java.util.Arrays.stream(applied).filter(info -> info.getVersion().getVersion().equals("1")))
                .hasSize(1);
    }
}
