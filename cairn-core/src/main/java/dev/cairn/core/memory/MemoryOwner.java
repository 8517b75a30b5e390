package dev.cairn.core.memory;

import java.util.Objects;

/**
 * The owner of a long-term memory within a tenant: a scope and the key it is scoped by (the
 * agent's name for {@link MemoryScope#AGENT}, the user id for {@link MemoryScope#USER}, the empty
 * string for {@link MemoryScope#TENANT}).
 */
public record MemoryOwner(MemoryScope scope, String key) {

    public MemoryOwner {
        Objects.requireNonNull(scope, "scope");
        key = key == null ? "" : key;
        if (scope == MemoryScope.TENANT && !key.isEmpty()) {
            throw new IllegalArgumentException("tenant-scoped memory has no key, got '" + key + "'");
        }
        if (scope != MemoryScope.TENANT && key.isEmpty()) {
            throw new IllegalArgumentException(scope.wireName() + "-scoped memory needs a key");
        }
    }

    public static MemoryOwner agent(String agent) {
        return new MemoryOwner(MemoryScope.AGENT, agent);
    }

    public static MemoryOwner user(String userId) {
        return new MemoryOwner(MemoryScope.USER, userId);
    }

    public static MemoryOwner tenant() {
        return new MemoryOwner(MemoryScope.TENANT, "");
    }

    /** One string naming the owner, {@code scope:key}; distinct owners have distinct terms. */
    public String term() {
        return scope.wireName() + ":" + key;
    }
}
