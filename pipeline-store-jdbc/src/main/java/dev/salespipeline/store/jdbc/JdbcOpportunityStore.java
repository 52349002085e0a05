package dev.salespipeline.store.jdbc;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.events.PipelineEvents;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityEvent;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.pipeline.PipelineCatalog;
import dev.salespipeline.core.pipeline.PipelineDefinition;
import dev.salespipeline.core.transition.OpportunityCursor;
import dev.salespipeline.core.transition.OpportunityStorage;
import dev.salespipeline.core.transition.VersionConflictException;
import dev.salespipeline.events.json.HistoryFormatException;
import dev.salespipeline.events.json.HistoryJson;

import org.flywaydb.core.Flyway;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import javax.sql.DataSource;

/**
 * Opportunity histories in a relational database: PostgreSQL in production, H2 in a file as the
 * embedded default ({@link #h2(Path)}). Implements {@link OpportunityStorage}, so a host moves from the
 * in-memory {@code OpportunityStore} by changing the line that makes the store.
 *
 * <p><b>What it keeps.</b> Every event of every deal, append-only, as {@link HistoryJson} documents (one
 * row each, with its type and schema version), and one row per deal with the version its history has
 * reached. A deal is read back by replaying its events, so what is stored is exactly what happened.
 *
 * <p><b>Guarantees.</b>
 * <ul>
 *   <li>Each change is one transaction: its events and the deal's version are stored together or not at
 *       all. A crash, or a database that stops in the middle, leaves no deal holding part of a change.</li>
 *   <li>Optimistic concurrency: {@link #save} stores a change only if it builds on the stored version,
 *       and throws {@link VersionConflictException} otherwise; the unique (deal, sequence) key makes it so
 *       between processes too. {@link #update} locks the deal's row: changes to one deal run one after the
 *       other, in any number of processes.</li>
 *   <li>One global order: every event gets a global position, handed out in commit order, which
 *       {@link #subscribe subscriptions} follow from a stored checkpoint.</li>
 *   <li>A store built with a {@link PipelineEvents} bus reports each committed change to it once, after the
 *       commit (in this process; subscriptions are for every process).</li>
 * </ul>
 *
 * <p>Errors of the database are {@link StoreException}s naming the operation and the deal; a stored row
 * that cannot be read is a {@link HistoryFormatException} naming the deal, the event and the problem.
 * Thread-safe, and safe to use from several processes on one database. Give it a pooled
 * {@link DataSource} in production: it takes a connection per operation.
 */
public final class JdbcOpportunityStore implements OpportunityStorage {

    private static final System.Logger LOG = System.getLogger(JdbcOpportunityStore.class.getName());

    /** Where the migrations are, for hosts that run Flyway themselves: add it to their locations. */
    public static final String MIGRATIONS = "classpath:dev/salespipeline/store/jdbc/migration";
    /** The table in which Flyway records our migrations, apart from the host's own. */
    public static final String SCHEMA_HISTORY_TABLE = "sp_schema_history";

    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final PipelineCatalog pipelines;
    private final PipelineEvents events;
    private final Clock clock;
    private final HistoryJson codec = HistoryJson.current();
    private final Consumer<RuntimeException> onUnreadable;
    /** The deals this thread is changing inside {@link #update}: writing them again from inside is refused. */
    private final ThreadLocal<Set<OpportunityId>> changing = ThreadLocal.withInitial(HashSet::new);

    private JdbcOpportunityStore(Builder builder) {
        this.dataSource = builder.dataSource;
        this.pipelines = builder.pipelines;
        this.events = builder.events;
        this.clock = builder.clock;
        this.onUnreadable = builder.onUnreadable;
    }

    /** A store on {@code dataSource}; {@link Builder#build()} applies the migrations first unless told not to. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(Objects.requireNonNull(dataSource, "dataSource"));
    }

    /**
     * A pooled data source for an H2 database in {@code file} (created if absent; H2 adds {@code .mv.db}):
     * the embedded default, for a first run, a demo or a single-process host. Each commit is written to
     * the file before the commit returns ({@code WRITE_DELAY=0}; H2 otherwise holds writes for half a
     * second), so a killed process loses nothing it reported committed; H2 does not force the file to the
     * disk, so a power cut can: keep production data in PostgreSQL. The file is written through H2's
     * {@code async:} file system, whose channel a thread's interrupt does not close (with the default one,
     * one interrupted thread shut the database for every other writer). A change waits up to a minute for
     * another change to the same deal ({@code LOCK_TIMEOUT}; H2's default of a second or two failed
     * changes that PostgreSQL would have queued).
     */
    public static DataSource h2(Path file) {
        Objects.requireNonNull(file, "file");
        org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
        h2.setURL("jdbc:h2:async:" + file.toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;LOCK_TIMEOUT=60000");
        return org.h2.jdbcx.JdbcConnectionPool.create(h2);
    }

    /**
     * A data source that opens a connection from the JDBC driver for every operation, with credentials in the
     * URL ({@code jdbc:postgresql://host/db?user=…&password=…}): for command-line tools, not for a server.
     */
    public static DataSource unpooled(String jdbcUrl) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:")) {
            throw new InvalidValueException("jdbcUrl", jdbcUrl, "must be a JDBC URL such as jdbc:postgresql://host/db");
        }
        return new UrlDataSource(jdbcUrl);
    }

    /** Applies the schema's migrations to {@code dataSource} with Flyway, in {@value #SCHEMA_HISTORY_TABLE}. */
    public static void migrate(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations(MIGRATIONS).table(SCHEMA_HISTORY_TABLE)
                .baselineOnMigrate(true).baselineVersion("0").load().migrate();
    }

    /** Builds a {@link JdbcOpportunityStore}. */
    public static final class Builder {
        private final DataSource dataSource;
        private PipelineCatalog pipelines = DefaultPipelines.catalog();
        private PipelineEvents events;
        private Clock clock = Clock.systemUTC();
        private boolean migrate = true;
        private Consumer<RuntimeException> onUnreadable = problem -> LOG.log(System.Logger.Level.WARNING,
                "A stored deal cannot be read and was skipped", problem);

        private Builder(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        /** The pipelines the stored deals run in (default: the default pipelines). */
        public Builder pipelines(PipelineCatalog pipelines) {
            this.pipelines = Objects.requireNonNull(pipelines, "pipelines");
            return this;
        }

        /** The bus to report committed changes to. */
        public Builder events(PipelineEvents events) {
            this.events = Objects.requireNonNull(events, "events");
            return this;
        }

        /** The clock of the recorded-at column (default UTC system time). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Whether to apply the migrations when the store is built (default yes). */
        public Builder migrate(boolean migrate) {
            this.migrate = migrate;
            return this;
        }

        /**
         * What to do with a stored deal that cannot be read while a cursor walks past it (default: log it
         * and skip it, so a sweep goes on). {@link #find} always throws instead.
         */
        public Builder onUnreadable(Consumer<RuntimeException> onUnreadable) {
            this.onUnreadable = Objects.requireNonNull(onUnreadable, "onUnreadable");
            return this;
        }

        public JdbcOpportunityStore build() {
            if (migrate) {
                JdbcOpportunityStore.migrate(dataSource);
            }
            return new JdbcOpportunityStore(this);
        }
    }

    // Writing.

    @Override
    public void add(Opportunity opportunity) {
        Objects.requireNonNull(opportunity, "opportunity");
        reporting(() -> {
            inTransaction("adding opportunity '" + opportunity.id() + "'", connection -> {
                insertHead(connection, opportunity);
                append(connection, opportunity.history());
                return null;
            });
            return committed(opportunity);
        });
    }

    /**
     * Adds many new opportunities, {@code batchSize} to a transaction (a batch is stored whole or not at
     * all): the bulk import of a CRM's history.
     *
     * @return how many were added
     */
    public long addAll(Iterator<Opportunity> opportunities, int batchSize) {
        Objects.requireNonNull(opportunities, "opportunities");
        if (batchSize < 1) {
            throw new InvalidValueException("batchSize", batchSize, "must be at least 1");
        }
        long added = 0;
        while (opportunities.hasNext()) {
            List<Opportunity> batch = new ArrayList<>(batchSize);
            while (opportunities.hasNext() && batch.size() < batchSize) {
                batch.add(Objects.requireNonNull(opportunities.next(), "opportunities must not contain null"));
            }
            reporting(() -> {
                inTransaction("adding " + batch.size() + " opportunities from '" + batch.get(0).id() + "'", connection -> {
                    List<OpportunityEvent> all = new ArrayList<>();
                    for (Opportunity opportunity : batch) {
                        insertHead(connection, opportunity);
                        all.addAll(opportunity.history());
                    }
                    append(connection, all);
                    return null;
                });
                batch.forEach(this::committed);
                return null;
            });
            added += batch.size();
        }
        return added;
    }

    /** Adds many new opportunities, 500 to a transaction. */
    public long addAll(Collection<Opportunity> opportunities) {
        return addAll(Objects.requireNonNull(opportunities, "opportunities").iterator(), 500);
    }

    @Override
    public Opportunity save(Opportunity changed) {
        Objects.requireNonNull(changed, "changed");
        refuseReentrance(changed.id(), "save");
        return reporting(() -> committed(inTransaction("saving opportunity '" + changed.id() + "'", connection -> {
            long version = lockedVersion(connection, changed.id())
                    .orElseThrow(() -> new InvalidValueException("changed", changed.id(), "must be added before it is saved"));
            // The whole stored history must be where the changed one starts: two histories can share their
            // last event (same event, same instant) and still differ before it.
            Opportunity stored = load(connection, changed.id()).orElseThrow();
            if (stored.version() != version) {
                throw new HistoryFormatException(changed.id(), version, "the deal's row says version " + version
                        + ", but its history holds " + stored.version() + " events");
            }
            if (changed.version() <= version || !changed.buildsOn(stored)) {
                throw new VersionConflictException(changed.id(), version, changed.version());
            }
            append(connection, changed.history().subList((int) version, (int) changed.version()));
            updateHead(connection, changed);
            return changed;
        })));
    }

    @Override
    public Opportunity update(OpportunityId id, UnaryOperator<Opportunity> change) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(change, "change");
        refuseReentrance(id, "update");
        return reporting(() -> committed(inTransaction("updating opportunity '" + id + "'", connection -> {
            long version = lockedVersion(connection, id)
                    .orElseThrow(() -> new InvalidValueException("id", id, "must name an opportunity in the store"));
            Opportunity stored = load(connection, id).orElseThrow();
            if (stored.version() != version) {
                throw new HistoryFormatException(id, version, "the deal's row says version " + version + ", but its"
                        + " history holds " + stored.version() + " events");
            }
            Opportunity changed;
            Set<OpportunityId> inChange = changing.get();
            inChange.add(id);
            try {
                changed = Objects.requireNonNull(change.apply(stored), "change returned null");
            } finally {
                inChange.remove(id);
            }
            if (changed == stored) {
                return stored;
            }
            if (!changed.buildsOn(stored)) {
                throw new VersionConflictException(id, stored.version(), changed.version());
            }
            append(connection, changed.history().subList((int) stored.version(), (int) changed.version()));
            updateHead(connection, changed);
            return changed;
        })));
    }

    private void refuseReentrance(OpportunityId id, String operation) {
        if (changing.get().contains(id)) {
            throw new IllegalStateException(operation + " of opportunity '" + id + "' from inside a change to it"
                    + " passed to update: return the new opportunity from the change instead");
        }
    }

    private Opportunity committed(Opportunity stored) {
        if (events != null) {
            events.committed(stored);
        }
        return stored;
    }

    private <T> T reporting(Supplier<T> operation) {
        return events == null ? operation.get() : events.deliverAfter(operation);
    }

    private void insertHead(Connection connection, Opportunity opportunity) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO sp_opportunity (opportunity_id,"
                + " pipeline_id, version, is_open, owner_id, updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, opportunity.id().value());
            insert.setString(2, opportunity.pipeline().id().value());
            insert.setLong(3, opportunity.version());
            insert.setBoolean(4, opportunity.isOpen());
            insert.setString(5, opportunity.details().owner());
            insert.setObject(6, now());
            insert.executeUpdate();
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new InvalidValueException("opportunity", opportunity.id(), "must have an id not yet in the store");
            }
            throw e;
        }
    }

    private void updateHead(Connection connection, Opportunity changed) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE sp_opportunity SET version = ?,"
                + " is_open = ?, owner_id = ?, updated_at = ? WHERE opportunity_id = ?")) {
            update.setLong(1, changed.version());
            update.setBoolean(2, changed.isOpen());
            update.setString(3, changed.details().owner());
            update.setObject(4, now());
            update.setString(5, changed.id().value());
            update.executeUpdate();
        }
    }

    /**
     * Appends events with the next global positions. The position row stays locked until the commit, so
     * positions are handed out in commit order; taken last, after the deals' rows, so that every writer
     * locks in the same order.
     */
    private void append(Connection connection, List<OpportunityEvent> history) throws SQLException {
        if (history.isEmpty()) {
            return;
        }
        long position;
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT last_position FROM sp_position WHERE id = 1 FOR UPDATE");
             ResultSet row = lock.executeQuery()) {
            if (!row.next()) {
                throw new SQLException("the position row is missing: was the schema migrated?");
            }
            position = row.getLong(1);
        }
        OffsetDateTime recordedAt = now();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO sp_event (global_position,"
                + " opportunity_id, sequence_number, event_type, schema_version, payload, occurred_at, recorded_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (OpportunityEvent event : history) {
                String type = HistoryJson.type(event);
                insert.setLong(1, ++position);
                insert.setString(2, event.opportunityId().value());
                insert.setLong(3, event.sequence());
                insert.setString(4, type);
                insert.setInt(5, codec.schemaVersion(type));
                insert.setString(6, codec.write(event));
                insert.setObject(7, event.occurredAt().atOffset(ZoneOffset.UTC));
                insert.setObject(8, recordedAt);
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState()) || e.getNextException() != null
                    && UNIQUE_VIOLATION.equals(e.getNextException().getSQLState())) {
                OpportunityEvent first = history.get(0);
                throw new VersionConflictException(first.opportunityId(), first.sequence() - 1,
                        history.get(history.size() - 1).sequence());
            }
            throw e;
        }
        try (PreparedStatement advance = connection.prepareStatement(
                "UPDATE sp_position SET last_position = ? WHERE id = 1")) {
            advance.setLong(1, position);
            advance.executeUpdate();
        }
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    /** The deal's stored version, its row locked until the transaction ends; empty when there is no such deal. */
    private static Optional<Long> lockedVersion(Connection connection, OpportunityId id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT version FROM sp_opportunity WHERE opportunity_id = ? FOR UPDATE")) {
            select.setString(1, id.value());
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getLong(1)) : Optional.empty();
            }
        }
    }

    // Reading.

    @Override
    public Optional<Opportunity> find(OpportunityId id) {
        Objects.requireNonNull(id, "id");
        return inTransaction("reading opportunity '" + id + "'", connection -> load(connection, id));
    }

    /** The opportunity as it stood at {@code instant}; empty if it did not exist yet, or at all. */
    public Optional<Opportunity> find(OpportunityId id, Instant instant) {
        Objects.requireNonNull(instant, "instant");
        return find(id).flatMap(opportunity -> opportunity.asOf(instant));
    }

    private Optional<Opportunity> load(Connection connection, OpportunityId id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT sequence_number, event_type,"
                + " schema_version, payload FROM sp_event WHERE opportunity_id = ? ORDER BY sequence_number")) {
            select.setString(1, id.value());
            try (ResultSet rows = select.executeQuery()) {
                List<HistoryJson.Stored> stored = new ArrayList<>();
                while (rows.next()) {
                    stored.add(new HistoryJson.Stored(id, rows.getLong(1), rows.getString(2), rows.getInt(3),
                            rows.getString(4)));
                }
                return stored.isEmpty() ? Optional.empty() : Optional.of(replay(id, stored));
            }
        }
    }

    /** A deal from its stored events: each read, the sequence checked for gaps, the whole replayed. */
    private Opportunity replay(OpportunityId id, List<HistoryJson.Stored> stored) {
        List<OpportunityEvent> history = new ArrayList<>(stored.size());
        for (HistoryJson.Stored row : stored) {
            if (row.sequence() != history.size() + 1) {
                throw new HistoryFormatException(id, history.size() + 1, "the event is missing: the history goes from"
                        + " event " + history.size() + " to event " + row.sequence());
            }
            history.add(codec.read(row));
        }
        if (!(history.get(0) instanceof OpportunityEvent.Created created)) {
            throw new HistoryFormatException(id, 1, "the first event is not 'created'");
        }
        PipelineDefinition pipeline;
        try {
            pipeline = pipelines.get(created.pipelineId().value());
        } catch (RuntimeException e) {
            throw new HistoryFormatException(id, 1, "the deal runs in pipeline '" + created.pipelineId() + "', which"
                    + " the store's catalog does not have");
        }
        try {
            return Opportunity.restore(pipeline, history);
        } catch (RuntimeException e) {
            throw new HistoryFormatException(id, history.size(), "the history does not replay: " + e.getMessage());
        }
    }

    @Override
    public long count() {
        return inTransaction("counting opportunities", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM sp_opportunity");
                 ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        });
    }

    /**
     * Every open deal, read through one database cursor in id order, one deal in memory at a time. A deal
     * that cannot be read goes to the builder's {@code onUnreadable} and is skipped. Close the cursor.
     */
    @Override
    public OpportunityCursor openDeals() {
        return new Cursor("SELECT e.opportunity_id, e.sequence_number, e.event_type, e.schema_version, e.payload"
                + " FROM sp_event e JOIN sp_opportunity o ON o.opportunity_id = e.opportunity_id WHERE o.is_open"
                + " ORDER BY e.opportunity_id, e.sequence_number");
    }

    /** Every deal, open or closed, as {@link #openDeals()} reads them. Close the cursor. */
    public OpportunityCursor allDeals() {
        return new Cursor("SELECT opportunity_id, sequence_number, event_type, schema_version, payload FROM sp_event"
                + " ORDER BY opportunity_id, sequence_number");
    }

    /** Rows of events in deal order, grouped into deals as they come. */
    private final class Cursor implements OpportunityCursor {
        private final Connection connection;
        private final PreparedStatement statement;
        private final ResultSet rows;
        private boolean rowPending;
        private Opportunity next;
        private boolean closed;

        Cursor(String sql) {
            try {
                connection = dataSource.getConnection();
                connection.setAutoCommit(false);
                statement = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
                statement.setFetchSize(500);
                rows = statement.executeQuery();
                rowPending = rows.next();
            } catch (SQLException e) {
                close();
                throw new StoreException("Reading the stored deals failed: " + e.getMessage(), e);
            }
        }

        @Override
        public boolean hasNext() {
            while (next == null && rowPending) {
                OpportunityId id = null;
                List<HistoryJson.Stored> stored = new ArrayList<>();
                try {
                    id = OpportunityId.of(rows.getString(1));
                    do {
                        stored.add(new HistoryJson.Stored(id, rows.getLong(2), rows.getString(3), rows.getInt(4),
                                rows.getString(5)));
                        rowPending = rows.next();
                    } while (rowPending && rows.getString(1).equals(id.value()));
                } catch (SQLException e) {
                    close();
                    throw new StoreException("Reading the stored deals failed after '" + id + "': " + e.getMessage(), e);
                }
                try {
                    next = replay(id, stored);
                } catch (RuntimeException unreadable) {
                    onUnreadable.accept(unreadable);
                }
            }
            if (next == null) {
                close();
            }
            return next != null;
        }

        @Override
        public Opportunity next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Opportunity deal = next;
            next = null;
            return deal;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (connection != null) {
                    connection.rollback();
                    connection.close();
                }
            } catch (SQLException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing a cursor", e);
            }
        }
    }

    // Subscriptions.

    /**
     * A subscription named {@code name} that hands {@code listener} every event committed to the store, in
     * global order, from where the subscription's stored checkpoint left off (from the beginning the first
     * time). See {@link Subscription}.
     */
    public Subscription subscribe(String name, dev.salespipeline.core.events.PipelineListener listener) {
        return new Subscription(this, name, listener);
    }

    /** The subscriptions {@link Subscription#start started} on this store and not yet closed, by name. */
    private final Set<String> running = java.util.concurrent.ConcurrentHashMap.newKeySet();

    boolean startRunning(String name) {
        return running.add(name);
    }

    void stopRunning(String name) {
        running.remove(name);
    }

    DataSource dataSource() {
        return dataSource;
    }

    HistoryJson codec() {
        return codec;
    }

    Opportunity replayOf(OpportunityId id, List<HistoryJson.Stored> stored) {
        return replay(id, stored);
    }

    // Transactions.

    /** Work in one transaction; SQLExceptions become a StoreException naming the operation. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    <T> T inTransaction(String operation, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    connection.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            } finally {
                try {
                    connection.setAutoCommit(autoCommit);
                } catch (SQLException ignored) {
                    // The connection is going back broken; the pool discards it.
                }
            }
        } catch (SQLException e) {
            throw new StoreException(Character.toUpperCase(operation.charAt(0)) + operation.substring(1) + " failed: "
                    + e.getMessage(), e);
        }
    }
}
