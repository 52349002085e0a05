package dev.salespipeline.store.jdbc;

/**
 * The database failed an operation: it is unreachable, stopped in the middle, or refused a statement.
 * The message names the operation and the deal; the cause is the driver's exception. Nothing the
 * operation wrote is kept: each change is one transaction, rolled back when it fails. Retry when the
 * database is back.
 */
public final class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
