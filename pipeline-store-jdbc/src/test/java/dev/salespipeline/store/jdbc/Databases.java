package dev.salespipeline.store.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

/**
 * The two databases every store test runs on: a real PostgreSQL 17 server, started once for the test
 * JVM with an empty database per test, and H2 in a file of the test's own.
 */
final class Databases {

    private static final AtomicInteger NEXT = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private Databases() {
    }

    /** The kinds, for parameterized tests. */
    enum Kind {
        POSTGRESQL, H2;

        DataSource fresh(Path directory) {
            return this == POSTGRESQL ? postgresDatabase() : h2(directory);
        }
    }

    static synchronized EmbeddedPostgres server() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL server", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // The JVM is going; so is the server's directory.
                }
            }));
        }
        return postgres;
    }

    /** A new, empty database on the shared server, pooled. */
    static DataSource postgresDatabase() {
        String name = "store_test_" + NEXT.incrementAndGet();
        try (Connection connection = server().getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return pooled(server().getJdbcUrl("postgres", name));
    }

    static DataSource pooled(String postgresUrl) {
        org.postgresql.ds.PGConnectionPoolDataSource source = new org.postgresql.ds.PGConnectionPoolDataSource();
        source.setURL(postgresUrl);
        source.setUser("postgres");
        return org.h2.jdbcx.JdbcConnectionPool.create(source);
    }

    static DataSource h2(Path directory) {
        return JdbcOpportunityStore.h2(directory.resolve("store-" + NEXT.incrementAndGet()));
    }
}
