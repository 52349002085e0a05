package dev.salespipeline.store.jdbc;

import static dev.salespipeline.store.jdbc.Calls.CLOCK;
import static dev.salespipeline.store.jdbc.Calls.NOW;
import static dev.salespipeline.store.jdbc.Calls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salespipeline.core.opportunity.Activity;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.transition.OpportunityCursor;
import dev.salespipeline.core.transition.VersionConflictException;
import dev.salespipeline.events.json.HistoryFormatException;
import dev.salespipeline.testkit.SamplePortfolio;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The store under the failures a production database sees: conflicting writers, a server that stops in
 * the middle of a write, rows that cannot be read.
 */
class StoreReliabilityTest {

    @TempDir
    Path directory;

    private static List<String> notes(Opportunity deal) {
        return deal.activities().stream().map(Activity::summary).filter(note -> note.startsWith("w")).toList();
    }

    @ParameterizedTest
    @EnumSource(Databases.Kind.class)
    void eightThreadsMakingConflictingChangesLoseNoUpdateAndEveryConflictIsReported(Databases.Kind kind)
            throws Exception {
        JdbcOpportunityStore store = JdbcOpportunityStore.builder(kind.fresh(directory)).clock(CLOCK).build();
        List<Opportunity> deals = SamplePortfolio.generate(4, 3, NOW);
        store.addAll(deals);
        Map<OpportunityId, List<String>> saved = new ConcurrentHashMap<>();
        AtomicInteger conflicts = new AtomicInteger();
        int threads = 8;
        int attempts = 40;

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int thread = 0; thread < threads; thread++) {
            int writer = thread;
            done.add(pool.submit(() -> {
                start.await();
                for (int attempt = 0; attempt < attempts; attempt++) {
                    OpportunityId id = deals.get((writer + attempt) % deals.size()).id();
                    String note = "w" + writer + "-" + attempt;
                    if (attempt % 2 == 0) {
                        // Optimistic: read, change, save; a conflict is reported and nothing stored.
                        Opportunity read = store.get(id);
                        try {
                            store.save(call(read, note));
                            saved.computeIfAbsent(id, key -> Collections.synchronizedList(new ArrayList<>())).add(note);
                        } catch (VersionConflictException conflict) {
                            conflicts.incrementAndGet();
                        }
                    } else {
                        // Serialised: never a conflict.
                        store.update(id, stored -> call(stored, note));
                        saved.computeIfAbsent(id, key -> Collections.synchronizedList(new ArrayList<>())).add(note);
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> writer : done) {
            writer.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();

        int stored = 0;
        for (Opportunity deal : deals) {
            Opportunity now = store.get(deal.id());
            List<String> notes = notes(now);
            assertThat(notes).as("every stored change of %s, and only those", deal.id())
                    .containsExactlyInAnyOrderElementsOf(saved.getOrDefault(deal.id(), List.of()));
            assertThat(now.version()).isEqualTo(deal.version() + notes.size());
            stored += notes.size();
        }
        assertThat(stored + conflicts.get()).as("each attempt stored or reported").isEqualTo(threads * attempts);
        assertThat(stored).isGreaterThanOrEqualTo(threads * attempts / 2);
        assertThat(conflicts.get()).as("the optimistic writers met").isPositive();
    }

    @Test
    void aServerThatStopsInTheMiddleOfWritesLeavesNothingHalfWrittenAndTheStoreWorksWhenItIsBack() throws Exception {
        Path data = directory.resolve("pgdata");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        EmbeddedPostgres server = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
                .setPort(port).start();
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL("jdbc:postgresql://localhost:" + port + "/postgres");
        dataSource.setUser("postgres");
        JdbcOpportunityStore store = JdbcOpportunityStore.builder(dataSource).clock(CLOCK).build();
        List<Opportunity> deals = SamplePortfolio.generate(5, 8, NOW);
        store.addAll(deals);
        List<String> committed = Collections.synchronizedList(new ArrayList<>());
        List<RuntimeException> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            int round = 0;
            while (writing.get()) {
                OpportunityId id = deals.get(round % deals.size()).id();
                String note = "w" + round++;
                try {
                    // Many events in one transaction, so that the stop is likely to fall inside one.
                    store.update(id, stored -> {
                        Opportunity changed = stored;
                        for (int step = 0; step < 20; step++) {
                            changed = call(changed, note + "." + step);
                        }
                        return changed;
                    });
                    committed.add(note);
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
        });
        writer.start();
        while (committed.size() < 20) {
            Thread.sleep(10);
        }

        server.close();
        Thread.sleep(500);
        writing.set(false);
        writer.join(60_000);

        assertThat(failures).isNotEmpty().allSatisfy(failure -> assertThat(failure).isInstanceOf(StoreException.class)
                .hasMessageStartingWith("Updating opportunity '"));
        assertThatThrownBy(() -> store.get(deals.get(0).id())).isInstanceOf(StoreException.class)
                .hasMessageStartingWith("Reading opportunity '" + deals.get(0).id() + "' failed: ");

        try (EmbeddedPostgres back = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
                .setPort(port).start()) {
            Map<OpportunityId, Opportunity> now = new HashMap<>();
            try (OpportunityCursor cursor = store.allDeals()) {
                cursor.forEachRemaining(deal -> now.put(deal.id(), deal));
            }
            int changes = 0;
            for (Opportunity deal : deals) {
                Opportunity stored = now.get(deal.id());
                // Whole changes only: twenty events each, never part of one.
                assertThat((stored.version() - deal.version()) % 20).as("%s holds whole changes", deal.id()).isZero();
                changes += (int) (stored.version() - deal.version()) / 20;
            }
            assertThat(changes).as("every committed change is there; at most the one in flight besides")
                    .isBetween(committed.size(), committed.size() + 1);
            Opportunity again = store.update(deals.get(0).id(), stored -> call(stored, "after the restart"));
            assertThat(store.get(deals.get(0).id())).isEqualTo(again);
        }
    }

    @ParameterizedTest
    @EnumSource(Databases.Kind.class)
    void aRowThatCannotBeReadIsNamedAndTheOtherDealsStillLoad(Databases.Kind kind) throws Exception {
        DataSource dataSource = kind.fresh(directory);
        List<RuntimeException> skipped = new ArrayList<>();
        JdbcOpportunityStore store = JdbcOpportunityStore.builder(dataSource).clock(CLOCK).onUnreadable(skipped::add)
                .build();
        List<Opportunity> deals = SamplePortfolio.generate(6, 5, NOW).stream()
                .filter(deal -> deal.version() >= 3).limit(4).toList();
        store.addAll(deals);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE sp_event SET payload = '{\"opportunityId\":' WHERE opportunity_id = '"
                    + deals.get(0).id() + "' AND sequence_number = 2");
            statement.executeUpdate("UPDATE sp_event SET event_type = 'meeting-held' WHERE opportunity_id = '"
                    + deals.get(1).id() + "' AND sequence_number = 3");
            statement.executeUpdate("DELETE FROM sp_event WHERE opportunity_id = '" + deals.get(2).id()
                    + "' AND sequence_number = 2");
        }

        assertThatThrownBy(() -> store.find(deals.get(0).id())).isInstanceOf(HistoryFormatException.class)
                .hasMessageStartingWith("Event 2 of opportunity '" + deals.get(0).id() + "' cannot be read: the document"
                        + " is not JSON");
        assertThatThrownBy(() -> store.find(deals.get(1).id())).isInstanceOf(HistoryFormatException.class)
                .hasMessageStartingWith("Event 3 of opportunity '" + deals.get(1).id() + "' cannot be read: unknown event"
                        + " type 'meeting-held'");
        assertThatThrownBy(() -> store.find(deals.get(2).id())).isInstanceOf(HistoryFormatException.class)
                .hasMessage("Event 2 of opportunity '" + deals.get(2).id() + "' cannot be read: the event is missing:"
                        + " the history goes from event 1 to event 3");
        assertThat(store.find(deals.get(3).id())).contains(deals.get(3));

        List<Opportunity> readable = new ArrayList<>();
        try (OpportunityCursor cursor = store.allDeals()) {
            cursor.forEachRemaining(readable::add);
        }
        assertThat(readable).containsExactly(deals.get(3));
        assertThat(skipped).hasSize(3).allSatisfy(problem -> assertThat(problem).isInstanceOf(HistoryFormatException.class));
        try (Connection connection = dataSource.getConnection();
             PreparedStatement head = connection.prepareStatement("SELECT version FROM sp_opportunity")) {
            assertThat(head.executeQuery().next()).isTrue();
        }
    }
}
