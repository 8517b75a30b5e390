package dev.cairn.server;

import dev.cairn.core.gateway.ModelPolicy;
import dev.cairn.core.gateway.policy.StoredModelPolicy;
import dev.cairn.core.store.Store;
import java.time.Clock;
import java.util.Set;

/**
 * The model policy {@code cairn ledger verify} checks past calls with: the versions stored in the
 * data's store, the same ones the server decided each call by.
 */
public final class ModelPolicies {

    private ModelPolicies() {
    }

    /** The stored model policy of {@code store}'s data; {@link ModelPolicy#decideAt} reads any stored version. */
    public static ModelPolicy of(Store store) {
        return StoredModelPolicy.create(store.policies(), Set.of(), Clock.systemUTC(), StoredModelPolicy.DEFAULT_REFRESH);
    }
}
