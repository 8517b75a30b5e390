package dev.cairn.core.gateway.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cairn.core.gateway.CallSubject;
import dev.cairn.core.gateway.CallTarget;
import dev.cairn.core.gateway.ModelPolicy;
import dev.cairn.core.gateway.PolicyDecision;
import dev.cairn.core.store.PolicyStore;
import dev.cairn.core.store.PolicyVersion;
import dev.cairn.core.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The model-call policy kept in a {@link PolicyStore}: the policy in force is the latest stored
 * version, and every stored version can still be asked ({@link #decideAt}).
 *
 * <p><b>Freshness.</b> The version in force is cached. At most once per refresh interval (by the
 * injected clock) a decision asks the store for the latest version number, a cheap query, and
 * loads and compiles the version only when the number changed; so a version another process
 * stores is in force here within about one interval. A version stored through this object
 * ({@link #install}, {@link #put}) is in force here at once. Compiled past versions are kept
 * in a bounded cache.
 *
 * <p><b>Failures.</b> A store that cannot be read fails the decision that was checking it with
 * {@link StoreException}; the next decision checks again. A stored version that does not read as a
 * policy fails with {@link StoreException} naming it.
 *
 * <p>Thread-safe.
 */
public final class StoredModelPolicy implements ModelPolicy {

    /** How often a decision looks for a newer version by default. */
    public static final Duration DEFAULT_REFRESH = Duration.ofMillis(500);
    private static final int CACHED_VERSIONS = 64;

    /**
     * The version in force as the API shows it.
     *
     * @param version   its number, or 0 when no version is stored (then every call is allowed)
     * @param document  its rules
     * @param sha256    the hash of its canonical JSON, or an empty string for version 0
     * @param createdAt when it was stored, or null for version 0
     * @param source    where it came from, or an empty string for version 0
     */
    public record InForce(long version, PolicyDocument document, String sha256, Instant createdAt, String source) {
        public InForce {
            Objects.requireNonNull(document, "document");
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(source, "source");
        }
    }

    private final PolicyStore store;
    private final Set<String> providers;
    private final Clock clock;
    private final long refreshMillis;
    private final AtomicLong nextCheck = new AtomicLong(Long.MIN_VALUE);
    private final Cache<Long, PolicyEvaluator> versions = Caffeine.newBuilder().maximumSize(CACHED_VERSIONS).build();
    private volatile PolicyEvaluator inForce = new PolicyEvaluator(0, PolicyDocument.EMPTY);

    private StoredModelPolicy(PolicyStore store, Set<String> providers, Clock clock, Duration refresh) {
        this.store = store;
        this.providers = Set.copyOf(providers);
        this.clock = clock;
        this.refreshMillis = refresh.toMillis();
    }

    /**
     * A policy over {@code store}'s versions.
     *
     * @param providers the configured providers, which documents given to {@link #put} may require
     * @param refresh   how often to look for a version stored by another process; positive
     */
    public static StoredModelPolicy create(PolicyStore store, Set<String> providers, Clock clock, Duration refresh) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(providers, "providers");
        Objects.requireNonNull(clock, "clock");
        if (refresh == null || refresh.isNegative() || refresh.isZero()) {
            throw new IllegalArgumentException("the policy refresh interval must be positive, got " + refresh);
        }
        return new StoredModelPolicy(store, providers, clock, refresh);
    }

    /**
     * Stores {@code document} as the next version unless the latest stored version is the same
     * document (then nothing is stored), and puts the latest in force here.
     *
     * @param source where the document came from ({@code config:PATH}, {@code api:KEY_ID})
     */
    public PolicyStore.Written install(PolicyDocument document, String source) {
        Objects.requireNonNull(document, "document");
        PolicyStore.Written written = store.put(document.canonicalJson(), source);
        PolicyEvaluator evaluator = new PolicyEvaluator(written.version().version(), document);
        versions.put(evaluator.version(), evaluator);
        advanceTo(evaluator);
        return written;
    }

    /**
     * Reads {@code document} ({@code {"default": ..., "rules": [...]}}) and {@link #install}s it.
     *
     * @throws dev.cairn.core.ValidationException naming every bad rule; nothing is stored then
     */
    public PolicyStore.Written put(JsonNode document, String source) {
        return install(PolicyDocuments.parse(document, providers), source);
    }

    /** The version in force now. */
    public InForce inForce() {
        PolicyEvaluator current = current();
        if (current.version() == 0) {
            return new InForce(0, current.document(), "", null, "");
        }
        PolicyVersion stored = store.version(current.version())
                .orElseThrow(() -> new StoreException("policy version " + current.version() + " is no longer stored", null));
        return new InForce(stored.version(), current.document(), stored.sha256(), stored.createdAt(), stored.source());
    }

    /** Every stored version, oldest first. */
    public List<PolicyVersion> history() {
        return store.versions();
    }

    @Override
    public PolicyDecision decide(CallSubject subject, CallTarget target) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(target, "target");
        return current().decide(subject, target);
    }

    /**
     * {@inheritDoc} Version 0 is the policy in force before any was stored: every call allowed.
     */
    @Override
    public PolicyDecision decideAt(long version, CallSubject subject, CallTarget target) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(target, "target");
        return at(version).decide(subject, target);
    }

    @Override
    public PolicyDecision passThrough(String tenantId, String userId) {
        Objects.requireNonNull(tenantId, "tenantId");
        return current().passThrough(tenantId, userId == null ? "" : userId);
    }

    private PolicyEvaluator current() {
        long now = clock.millis();
        long due = nextCheck.get();
        if (now >= due && nextCheck.compareAndSet(due, now + refreshMillis)) {
            long latest = store.latestVersion();
            if (latest != inForce.version()) {
                advanceTo(at(latest));
            }
        }
        return inForce;
    }

    /** Puts {@code evaluator} in force unless a newer version already is. */
    private synchronized void advanceTo(PolicyEvaluator evaluator) {
        if (evaluator.version() >= inForce.version()) {
            inForce = evaluator;
        }
    }

    private PolicyEvaluator at(long version) {
        if (version == 0) {
            return new PolicyEvaluator(0, PolicyDocument.EMPTY);
        }
        if (version < 0) {
            throw new IllegalArgumentException("policy version " + version + " does not exist; versions count from 1");
        }
        return versions.get(version, number -> {
            PolicyVersion stored = store.version(number).orElseThrow(() -> new IllegalArgumentException(
                    "policy version " + number + " is not stored (the latest is " + store.latestVersion() + ")"));
            try {
                return new PolicyEvaluator(number, PolicyDocuments.parseStored(stored.document()));
            } catch (IllegalArgumentException e) {
                throw new StoreException("policy version " + number + " does not read: " + e.getMessage(), e);
            }
        });
    }
}
