package dev.cairn.core.store;

import dev.cairn.core.CairnException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** The store itself failed (disk, database, corruption). Nothing of the failed operation was stored. */
public final class StoreException extends CairnException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String type() {
        return "store_failed";
    }

    /** Waits for a store future, rethrowing a {@link CairnException} cause as itself. */
    public static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException | CancellationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof CairnException cairn) {
                throw cairn;
            }
            throw new StoreException("store operation failed: " + cause.getMessage(), cause);
        }
    }
}
