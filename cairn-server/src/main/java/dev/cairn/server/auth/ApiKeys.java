package dev.cairn.server.auth;

import dev.cairn.core.ConflictException;
import dev.cairn.core.IdGenerator;
import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.NotFoundException;
import dev.cairn.core.store.ApiKey;
import dev.cairn.core.store.Role;
import dev.cairn.core.store.Tenant;
import dev.cairn.core.store.TenantStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * Issues and checks API keys, and makes the tenants they act for. A key is {@code cairn_sk_} followed by 40 random characters; only
 * its SHA-256 hash is stored, so a stolen database does not yield usable keys.
 *
 * <p>Thread-safe. Every write goes to the {@link TenantStore} and is durable when the method returns.
 */
public final class ApiKeys {

    /** The tenant made on first start, which the first admin key belongs to. */
    public static final String DEFAULT_TENANT = "default";

    static final String KEY_PREFIX = "cairn_sk_";
    private static final int KEY_RANDOM_CHARS = 40;
    private static final int MIN_CONFIGURED_KEY_CHARS = 16;
    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private final TenantStore tenants;
    private final IdGenerator ids;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    private ApiKeys(TenantStore tenants, IdGenerator ids, Clock clock) {
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Keys and tenants with random ids. */
    public static ApiKeys create(TenantStore tenants, Clock clock) {
        return new ApiKeys(tenants, IdGenerator.random(), clock);
    }

    public static ApiKeys create(TenantStore tenants, IdGenerator ids, Clock clock) {
        return new ApiKeys(tenants, ids, clock);
    }

    /** What {@link #ensureAdminKey} found or made: the default tenant, and the admin key made now, if any. */
    public static final class Bootstrap {

        private final String tenantId;
        private final String newKey;

        private Bootstrap(String tenantId, String newKey) {
            this.tenantId = tenantId;
            this.newKey = newKey;
        }

        /** The tenant the first admin key belongs to ({@value ApiKeys#DEFAULT_TENANT}). */
        public String tenantId() {
            return tenantId;
        }

        /** The admin key generated at this start, to be shown once; empty when one was configured or existed. */
        public Optional<String> newKey() {
            return Optional.ofNullable(newKey);
        }

        @Override
        public String toString() {
            return "Bootstrap[tenant " + tenantId + (newKey == null ? ", no new key]" : ", a new admin key]");
        }
    }

    /**
     * Makes sure the {@value #DEFAULT_TENANT} tenant exists and has an admin key. Call once at start.
     *
     * <p>A configured key ({@code CAIRN_ADMIN_KEY}) is stored (by hash) as an admin key of the
     * default tenant unless it is already known (or another node starting at the same moment
     * stores it first). Without one, a random admin key is made the
     * first time, when the default tenant has no admin key yet.
     *
     * @param configuredKey the admin key from configuration, if any (blank counts as none)
     * @return the default tenant and the key just generated (to be shown once), if one was
     * @throws IllegalArgumentException when the configured key is shorter than 16 characters or
     *     is known with a role other than admin
     */
    public Bootstrap ensureAdminKey(Optional<String> configuredKey) {
        tenants.createTenant(new Tenant(DEFAULT_TENANT, DEFAULT_TENANT, clock.instant()));
        Optional<String> configured = configuredKey.map(String::strip).filter(key -> !key.isEmpty());
        if (configured.isPresent()) {
            String key = configured.get();
            if (key.length() < MIN_CONFIGURED_KEY_CHARS) {
                throw new IllegalArgumentException("the configured admin key (CAIRN_ADMIN_KEY) has " + key.length()
                        + " characters; use at least " + MIN_CONFIGURED_KEY_CHARS);
            }
            Optional<ApiKey> known = tenants.findKeyByHash(hash(key));
            if (known.isEmpty()) {
                try {
                    tenants.addKey(new ApiKey(ids.newId("key"), DEFAULT_TENANT, Role.ADMIN, "configured admin key",
                            hash(key), clock.instant()));
                } catch (ConflictException e) { // another node sharing the store stored it since the read above
                    known = Optional.of(tenants.findKeyByHash(hash(key)).orElseThrow(() -> e));
                }
            }
            if (known.isPresent() && known.get().role() != Role.ADMIN) {
                throw new IllegalArgumentException("the configured admin key (CAIRN_ADMIN_KEY) is already stored as key '"
                        + known.get().id() + "' with role " + known.get().role().wireName());
            }
            return new Bootstrap(DEFAULT_TENANT, null);
        }
        boolean hasAdmin = tenants.keys(DEFAULT_TENANT).stream().anyMatch(key -> key.role() == Role.ADMIN);
        if (hasAdmin) {
            return new Bootstrap(DEFAULT_TENANT, null);
        }
        return new Bootstrap(DEFAULT_TENANT, issue(DEFAULT_TENANT, Role.ADMIN, "initial admin key").key());
    }

    /**
     * Makes a new tenant with a generated id.
     *
     * @throws InvalidRequestException when the name is blank or longer than 200 characters
     */
    public Tenant createTenant(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidRequestException("'name' is required and must not be blank");
        }
        if (name.length() > 200) {
            throw new InvalidRequestException("'name' has " + name.length() + " characters; the limit is 200");
        }
        return tenants.createTenant(new Tenant(ids.newId("ten"), name.strip(), clock.instant()));
    }

    /**
     * Makes a new key for a tenant.
     *
     * @throws NotFoundException       when the tenant does not exist
     * @throws InvalidRequestException when the name is longer than 200 characters
     */
    public IssuedKey issue(String tenantId, Role role, String name) {
        Objects.requireNonNull(role, "role");
        tenants.findTenant(tenantId).orElseThrow(() -> new NotFoundException("tenant", tenantId));
        String label = name == null ? "" : name;
        if (label.length() > 200) {
            throw new InvalidRequestException("'name' has " + label.length() + " characters; the limit is 200");
        }
        String key = newKey();
        ApiKey record = new ApiKey(ids.newId("key"), tenantId, role, label, hash(key), clock.instant());
        tenants.addKey(record);
        return new IssuedKey(record, key);
    }

    /**
     * The principal a bearer key acts as.
     *
     * @throws UnauthorizedException when the key is missing or unknown
     */
    public Principal authenticate(String key) {
        if (key == null || key.isBlank()) {
            throw new UnauthorizedException("an API key is required: send 'Authorization: Bearer KEY'");
        }
        ApiKey record = tenants.findKeyByHash(hash(key.strip()))
                .orElseThrow(() -> new UnauthorizedException("the API key is not valid"));
        return new Principal(record.id(), record.tenantId(), record.role());
    }

    /** Lowercase hex SHA-256 of the key's UTF-8 bytes, as stored. */
    public static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private String newKey() {
        StringBuilder key = new StringBuilder(KEY_PREFIX);
        for (int i = 0; i < KEY_RANDOM_CHARS; i++) {
            key.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return key.toString();
    }
}
