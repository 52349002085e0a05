package dev.salespipeline.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.transition.OpportunityCursor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A child JVM saves changes in a loop and is killed with SIGKILL at a random moment, twenty times on each
 * database. After each kill: every save the child reported committed is there, no deal holds part of a
 * change (the deal's row counts exactly the events it has), and every history replays.
 */
@Tag("slow")
class CrashTest {

    private static final int KILLS = 20;

    @TempDir
    Path directory;

    @ParameterizedTest
    @EnumSource(Databases.Kind.class)
    void everyReportedCommitSurvivesASigkillAndNothingIsHalfWritten(Databases.Kind kind) throws Exception {
        String target;
        DataSource dataSource;
        if (kind == Databases.Kind.POSTGRESQL) {
            String name = "crash_" + System.nanoTime();
            try (Connection connection = Databases.server().getPostgresDatabase().getConnection()) {
                connection.createStatement().execute("CREATE DATABASE " + name);
            }
            target = Databases.server().getJdbcUrl("postgres", name);
            dataSource = Databases.pooled(target);
        } else {
            target = directory.resolve("crash").toString();
            dataSource = null;
        }
        if (dataSource != null) {
            JdbcOpportunityStore.migrate(dataSource);
        } else {
            DataSource setup = JdbcOpportunityStore.h2(Path.of(target));
            JdbcOpportunityStore.migrate(setup);
            ((org.h2.jdbcx.JdbcConnectionPool) setup).dispose();
        }
        Random random = new Random(20261129);
        Map<OpportunityId, Long> reported = new HashMap<>();
        int commits = 0;

        for (int kill = 0; kill < KILLS; kill++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), CrashingWriter.class.getName(),
                    kind == Databases.Kind.POSTGRESQL ? "postgres" : "h2", target, String.valueOf(kill))
                    .redirectError(directory.resolve("child-" + kill + ".err").toFile()).start();
            List<String> lines = new ArrayList<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        synchronized (lines) {
                            lines.add(line);
                            lines.notifyAll();
                        }
                    }
                } catch (IOException ended) {
                    // The child is dead; its pipe with it.
                }
            });
            reader.start();
            synchronized (lines) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!lines.contains("READY") && child.isAlive() && System.nanoTime() < deadline) {
                    lines.wait(100);
                }
            }
            assertThat(lines).as("the child started; its errors: %s", Files.readString(
                    directory.resolve("child-" + kill + ".err"))).contains("READY");
            Thread.sleep(200 + random.nextInt(1_300));
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
            reader.join(10_000);

            synchronized (lines) {
                for (String line : lines) {
                    String[] parts = line.split(" ");
                    // A line cut by the kill is not a report: only whole lines with both numbers count.
                    if (parts.length == 3 && parts[0].equals("COMMITTED") && parts[2].matches("\\d+")) {
                        reported.merge(OpportunityId.of(parts[1]), Long.parseLong(parts[2]), Math::max);
                        commits++;
                    }
                }
            }
            DataSource check = dataSource != null ? dataSource : JdbcOpportunityStore.h2(Path.of(target));
            verify(check, reported);
            if (dataSource == null) {
                ((org.h2.jdbcx.JdbcConnectionPool) check).dispose();
            }
        }
        assertThat(commits).as("commits reported over %d kills", KILLS).isGreaterThan(KILLS);
    }

    private static void verify(DataSource dataSource, Map<OpportunityId, Long> reported) throws Exception {
        List<RuntimeException> unreadable = new ArrayList<>();
        JdbcOpportunityStore store = JdbcOpportunityStore.builder(dataSource).migrate(false)
                .onUnreadable(unreadable::add).build();
        Map<OpportunityId, Opportunity> stored = new HashMap<>();
        try (OpportunityCursor cursor = store.allDeals()) {
            cursor.forEachRemaining(deal -> stored.put(deal.id(), deal));
        }
        assertThat(unreadable).as("every history replays").isEmpty();
        reported.forEach((id, version) -> {
            assertThat(stored).as("reported committed: %s", id).containsKey(id);
            assertThat(stored.get(id).version()).as("%s reported at version %d", id, version)
                    .isGreaterThanOrEqualTo(version);
        });
        try (Connection connection = dataSource.getConnection();
             PreparedStatement heads = connection.prepareStatement("SELECT o.opportunity_id, o.version,"
                     + " (SELECT COUNT(*) FROM sp_event e WHERE e.opportunity_id = o.opportunity_id),"
                     + " (SELECT MAX(sequence_number) FROM sp_event e WHERE e.opportunity_id = o.opportunity_id)"
                     + " FROM sp_opportunity o");
             ResultSet rows = heads.executeQuery()) {
            int deals = 0;
            while (rows.next()) {
                deals++;
                String id = rows.getString(1);
                assertThat(rows.getLong(3)).as("events of %s", id).isEqualTo(rows.getLong(2));
                assertThat(rows.getLong(4)).as("last event of %s", id).isEqualTo(rows.getLong(2));
                assertThat(stored.get(OpportunityId.of(id)).version()).isEqualTo(rows.getLong(2));
            }
            assertThat(deals).isEqualTo(stored.size());
        }
    }
}
