package dev.salespipeline.store.jdbc;

import static dev.salespipeline.store.jdbc.Calls.CLOCK;
import static dev.salespipeline.store.jdbc.Calls.NOW;
import static dev.salespipeline.store.jdbc.Calls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.opportunity.Activity;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.transition.VersionConflictException;
import dev.salespipeline.events.json.HistoryFormatException;
import dev.salespipeline.testkit.SamplePortfolio;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a red team that had only the docs broke in the store, each as it found it: a history that
 * branched off earlier saved over the stored one, text PostgreSQL changed, a host's Flyway that found
 * our migration, one damaged row that stopped every subscription, an interrupted thread that shut H2
 * for every writer, and H2 failing a change that only had to wait.
 */
class RedTeamFindingsTest {

    @TempDir
    Path directory;

    @ParameterizedTest
    @EnumSource(Databases.Kind.class)
    void aHistoryThatBranchedOffEarlierIsRefusedEvenWhereItsLastStoredEventMatches(Databases.Kind kind) {
        JdbcOpportunityStore store = JdbcOpportunityStore.builder(kind.fresh(directory)).clock(CLOCK).build();
        Opportunity base = SamplePortfolio.generate(1, 1, NOW).get(0);
        store.add(base);
        // Every event at the same instant: the stored third event and the caller's are equal.
        store.save(call(call(base, "A"), "same"));
        Opportunity mine = call(call(call(base, "B differs"), "same"), "mine");

        assertThatThrownBy(() -> store.save(mine)).isInstanceOf(VersionConflictException.class);
        assertThat(store.get(base.id()).activities()).extracting(Activity::summary).endsWith("A", "same");
    }

    @Test
    void textThatIsNotWellFormedUnicodeIsRefusedBeforeAnyStoreCanChangeIt() {
        Opportunity base = SamplePortfolio.generate(1, 1, NOW).get(0);
        assertThatThrownBy(() -> call(base, "lone\uD800surrogate")).isInstanceOf(InvalidValueException.class)
                .hasMessage("summary must be well-formed Unicode text, but has half of a surrogate pair (\\uD800) at"
                        + " index 4, but was \"lone\uD800surrogate\"");
    }

    @ParameterizedTest
    @EnumSource(Databases.Kind.class)
    void textOutsideTheBasicPlaneComesBackExactly(Databases.Kind kind) {
        JdbcOpportunityStore store = JdbcOpportunityStore.builder(kind.fresh(directory)).clock(CLOCK).build();
        Opportunity base = SamplePortfolio.generate(1, 1, NOW).get(0);
        store.add(base);
        Opportunity emoji = store.save(call(base, "signed \uD83D\uDE80 \u0000 \u2028 \uFFFF"));

        assertThat(store.get(base.id())).isEqualTo(emoji);
    }

    @ParameterizedTest
    @EnumSource(Databases.Kind.class)
    void aHostsFlywayWithItsOwnFirstMigrationRunsBesideTheStores(Databases.Kind kind) {
        DataSource dataSource = kind.fresh(directory);
        // The host's Flyway, on its default location (src/test/resources/db/migration holds its V1).
        Flyway.configure().dataSource(dataSource).load().migrate();
        JdbcOpportunityStore store = JdbcOpportunityStore.builder(dataSource).clock(CLOCK).build();
        Flyway.configure().dataSource(dataSource).load().migrate();

        Opportunity deal = SamplePortfolio.generate(1, 1, NOW).get(0);
        store.add(deal);
        assertThat(store.get(deal.id())).isEqualTo(deal);
        assertThat(Flyway.configure().dataSource(dataSource).load().info().applied()).extracting(
                info -> info.getScript()).containsExactly("V1__host_init.sql");
    }

    @ParameterizedTest
    @EnumSource(Databases.Kind.class)
    void aDamagedRowStopsASubscriptionNamingItUnlessItIsToldToPassSuchRows(Databases.Kind kind) throws Exception {
        DataSource dataSource = kind.fresh(directory);
        JdbcOpportunityStore store = JdbcOpportunityStore.builder(dataSource).clock(CLOCK).build();
        List<Opportunity> deals = SamplePortfolio.generate(3, 2, NOW).stream().filter(deal -> deal.version() >= 2)
                .limit(3).toList();
        store.addAll(deals);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE sp_event SET payload = '{}' WHERE opportunity_id = '" + deals.get(1).id()
                    + "' AND sequence_number = 2");
        }
        List<String> heard = new ArrayList<>();
        Subscription stopping = store.subscribe("stops", event -> heard.add(event.opportunityId().value()));

        assertThatThrownBy(stopping::poll).isInstanceOf(HistoryFormatException.class)
                .hasMessageStartingWith("Event 2 of opportunity '" + deals.get(1).id() + "' cannot be read");
        long stoppedAt = stopping.checkpoint();
        assertThatThrownBy(stopping::poll).isInstanceOf(HistoryFormatException.class);
        assertThat(stopping.checkpoint()).isEqualTo(stoppedAt);

        List<HistoryFormatException> reported = new ArrayList<>();
        List<String> passed = new ArrayList<>();
        Subscription passing = store.subscribe("passes", event -> passed.add(event.opportunityId().value()))
                .skipUnreadable(reported::add);
        passing.poll();
        assertThat(reported).hasSize(deals.get(1).history().size());
        assertThat(passed).doesNotContain(deals.get(1).id().value())
                .hasSize(deals.get(0).history().size() + deals.get(2).history().size());
        assertThat(passing.poll()).isZero();
    }

    @Test
    void aSubscriptionRunsOnceByNameAndItsNameHasNoControlCharacter() {
        JdbcOpportunityStore store = JdbcOpportunityStore.builder(Databases.h2(directory)).clock(CLOCK).build();
        try (Subscription first = store.subscribe("mirror", event -> { }).start(java.time.Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> store.subscribe("mirror", event -> { }).start(java.time.Duration.ofSeconds(5)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("a subscription named 'mirror' is running on this store already: two would each"
                            + " deliver every event");
        }
        store.subscribe("mirror", event -> { }).start(java.time.Duration.ofSeconds(5)).close();
        assertThatThrownBy(() -> store.subscribe("mir\u0000ror", event -> { })).isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("name must be a subscriber name of 1 to 200 characters, none of them a control"
                        + " character");
    }

    @Test
    void aThreadInterruptedDuringAChangeDoesNotShutH2ForTheOtherWriters() throws Exception {
        JdbcOpportunityStore store = JdbcOpportunityStore.builder(Databases.h2(directory)).clock(CLOCK).build();
        List<Opportunity> deals = SamplePortfolio.generate(4, 1, NOW).subList(0, 2);
        store.addAll(deals);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger writes = new AtomicInteger();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<?> writer = pool.submit(() -> {
            while (!stop.get()) {
                try {
                    store.update(deals.get(0).id(), stored -> call(stored, "steady"));
                    writes.incrementAndGet();
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                }
            }
        });
        for (int rude = 0; rude < 20; rude++) {
            Thread thread = new Thread(() -> {
                try {
                    store.update(deals.get(1).id(), stored -> {
                        Thread.currentThread().interrupt();
                        return call(stored, "rude");
                    });
                } catch (RuntimeException expected) {
                    // Its own change may fail; nobody else's may.
                }
            });
            thread.start();
            thread.join();
        }
        stop.set(true);
        writer.get();
        pool.shutdown();

        assertThat(failures).hasValue(0);
        assertThat(writes.get()).isPositive();
        assertThat(store.get(deals.get(0).id()).version()).isEqualTo(deals.get(0).version() + writes.get());
    }

    @Test
    void onH2AChangeWaitsForAnotherChangeToTheSameDealRatherThanFailAfterTwoSeconds() throws Exception {
        JdbcOpportunityStore store = JdbcOpportunityStore.builder(Databases.h2(directory)).clock(CLOCK).build();
        Opportunity deal = SamplePortfolio.generate(1, 1, NOW).get(0);
        store.add(deal);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Opportunity>> changes = new ArrayList<>();
        for (int thread = 0; thread < 2; thread++) {
            changes.add(pool.submit(() -> store.update(deal.id(), stored -> {
                try {
                    Thread.sleep(2_500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return call(stored, "slow");
            })));
        }
        for (Future<Opportunity> change : changes) {
            change.get();
        }
        pool.shutdown();

        assertThat(store.get(deal.id()).version()).isEqualTo(deal.version() + 2);
    }
}
