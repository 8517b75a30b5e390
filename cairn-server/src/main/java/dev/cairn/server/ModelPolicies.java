package dev.cairn.server;

import dev.cairn.core.gateway.ModelPolicy;
import dev.cairn.core.store.Store;

/**
 * Where the server and {@code cairn ledger verify} get the model policy: the one place that
 * chooses it, so both always decide with the same policy.
 */
public final class ModelPolicies {

    private ModelPolicies() {
    }

    /** The model policy in force for {@code store}'s data. */
    public static ModelPolicy of(Store store) {
        return ModelPolicy.DEFAULT;
    }
}
