package dev.salespipeline.store.jdbc;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.events.PipelineEvent;
import dev.salespipeline.core.events.PipelineListener;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityEvent;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.events.json.HistoryFormatException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A named reader of everything committed to a {@link JdbcOpportunityStore}, in any process: each event,
 * as a {@link PipelineEvent.Changed} with the deal as it stood right after it, in global order (so in
 * order per deal), from a checkpoint stored in the database.
 *
 * <p><b>At least once.</b> The checkpoint moves past an event only after the listener returned from it.
 * A process that crashes after the listener and before the checkpoint hears that event again when it
 * resumes; listeners that forward to a broker make their messages idempotent by deal and sequence. A
 * listener that throws loses nothing: the event is offered again on the next poll, and nothing after it
 * is delivered before it (so one deal's order holds). Its exception is logged.
 *
 * <p><b>A row it cannot read</b> stops it there: {@link #poll()} throws the {@link HistoryFormatException}
 * naming the deal and the event, on every poll, and nothing after the row is delivered, since a consumer
 * that silently missed an event would go on with a wrong picture. Repair the row, or let the subscription
 * pass such rows with {@link #skipUnreadable}.
 *
 * <p>Drive it with {@link #poll()} from a scheduler of the host's, or with {@link #start(Duration)} on a
 * thread of its own; {@link #close()} stops that thread. One process should run a given subscription at a
 * time (two would each deliver every event); a store refuses to start a second one of the same name. Not
 * for concurrent {@code poll} calls.
 */
public final class Subscription implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Subscription.class.getName());
    private static final int BATCH = 500;

    private final JdbcOpportunityStore store;
    private final String name;
    private final PipelineListener listener;
    private ScheduledExecutorService poller;
    private volatile Consumer<HistoryFormatException> unreadable;

    Subscription(JdbcOpportunityStore store, String name, PipelineListener listener) {
        this.store = store;
        this.name = name;
        this.listener = Objects.requireNonNull(listener, "listener");
        if (name == null || name.isBlank() || name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidValueException("name", name, "must be a subscriber name of 1 to 200 characters, none of"
                    + " them a control character");
        }
    }

    /**
     * Passes the rows this subscription cannot read instead of stopping at them: each is handed to
     * {@code report} (which should alert someone: the deal's history is damaged) and the checkpoint moves
     * past it. The deal's later events are passed too, as its history cannot be read past the damage.
     */
    public Subscription skipUnreadable(Consumer<HistoryFormatException> report) {
        this.unreadable = Objects.requireNonNull(report, "report");
        return this;
    }

    public String name() {
        return name;
    }

    /** The global position of the last event this subscription handled; 0 before the first. */
    public long checkpoint() {
        return store.inTransaction("reading the checkpoint of subscription '" + name + "'", this::checkpoint);
    }

    private long checkpoint(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT last_position FROM sp_subscription WHERE subscriber_name = ?")) {
            select.setString(1, name);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

    /**
     * Delivers the events committed after the checkpoint, up to a batch of 500, moving the checkpoint past
     * each one the listener accepts.
     *
     * @return how many events the listener accepted
     */
    public int poll() {
        long from = checkpoint();
        List<Row> rows = store.inTransaction("reading events for subscription '" + name + "'", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT global_position, opportunity_id,"
                    + " sequence_number FROM sp_event WHERE global_position > ? ORDER BY global_position")) {
                select.setLong(1, from);
                select.setMaxRows(BATCH);
                List<Row> read = new ArrayList<>();
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        read.add(new Row(result.getLong(1), OpportunityId.of(result.getString(2)), result.getLong(3)));
                    }
                }
                return read;
            }
        });
        Map<OpportunityId, Opportunity> deals = new HashMap<>();
        int delivered = 0;
        for (Row row : rows) {
            OpportunityId id = row.opportunityId();
            Opportunity deal = deals.get(id);
            if (deal == null || deal.version() < row.sequence()) {
                try {
                    deal = store.find(id).orElseThrow();
                } catch (HistoryFormatException damaged) {
                    Consumer<HistoryFormatException> report = unreadable;
                    if (report == null) {
                        throw damaged;
                    }
                    report.accept(damaged);
                    advance(row.position());
                    continue;
                }
                deals.put(id, deal);
            }
            int index = (int) row.sequence();
            OpportunityEvent event = deal.history().get(index - 1);
            Opportunity after = index == deal.version() ? deal
                    : Opportunity.restore(deal.pipeline(), deal.history().subList(0, index));
            try {
                listener.on(new PipelineEvent.Changed(event, after));
            } catch (Throwable e) {
                LOG.log(System.Logger.Level.WARNING, "Subscription '" + name + "' failed on event " + index + " of '"
                        + id + "'; it is offered again on the next poll", e);
                return delivered;
            }
            advance(row.position());
            delivered++;
        }
        return delivered;
    }

    private void advance(long position) {
        store.inTransaction("moving the checkpoint of subscription '" + name + "'", connection -> {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            try (PreparedStatement update = connection.prepareStatement("UPDATE sp_subscription SET last_position = ?,"
                    + " updated_at = ? WHERE subscriber_name = ?")) {
                update.setLong(1, position);
                update.setObject(2, now);
                update.setString(3, name);
                if (update.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO sp_subscription (subscriber_name,"
                    + " last_position, updated_at) VALUES (?, ?, ?)")) {
                insert.setString(1, name);
                insert.setLong(2, position);
                insert.setObject(3, now);
                insert.executeUpdate();
            }
            return null;
        });
    }

    /** Polls every {@code interval} on a daemon thread of its own until {@link #close()}. */
    public synchronized Subscription start(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (poller != null) {
            throw new IllegalStateException("subscription '" + name + "' is running already");
        }
        if (!store.startRunning(name)) {
            throw new IllegalStateException("a subscription named '" + name + "' is running on this store already:"
                    + " two would each deliver every event");
        }
        poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sales-pipeline subscription " + name);
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(() -> {
            try {
                while (poll() == BATCH) {
                    // A full batch: more is waiting.
                }
            } catch (RuntimeException e) {
                // The database may be away; the next tick tries again.
                LOG.log(System.Logger.Level.WARNING, "Subscription '" + name + "' could not poll", e);
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Stops the thread {@link #start} began, after the poll under way. */
    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.shutdown();
            try {
                poller.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            poller = null;
            store.stopRunning(name);
        }
    }

    private record Row(long position, OpportunityId opportunityId, long sequence) {
    }
}
