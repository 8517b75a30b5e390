package dev.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.CairnException;
import dev.cairn.core.store.ApiKey;
import dev.cairn.core.store.Role;
import dev.cairn.core.store.Tenant;
import dev.cairn.core.store.TenantStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What every {@link TenantStore} must do: idempotent tenants, keys found by hash only. */
public abstract class TenantStoreContract extends StoreContract {

    private static final String HASH_A = "a".repeat(64);
    private static final String HASH_B = "b".repeat(64);

    private TenantStore tenants() {
        return store.tenants();
    }

    @Test
    void createdTenantsAreFoundAndListed() {
        Tenant first = tenants().createTenant(new Tenant(TENANT, "Acme", clock.instant()));
        Tenant second = tenants().createTenant(new Tenant(OTHER_TENANT, "Globex", clock.advance(Duration.ofSeconds(1))));

        assertThat(tenants().findTenant(TENANT)).contains(first);
        assertThat(tenants().findTenant("tenant_c")).isEmpty();
        assertThat(tenants().tenants()).containsExactly(first, second);
    }

    @Test
    void creatingAnExistingTenantReturnsItUnchanged() {
        Tenant first = tenants().createTenant(new Tenant(TENANT, "Acme", clock.instant()));

        Tenant again = tenants().createTenant(new Tenant(TENANT, "Renamed", clock.advance(Duration.ofHours(1))));

        assertThat(again).isEqualTo(first);
        assertThat(tenants().tenants()).containsExactly(first);
    }

    @Test
    void keysAreFoundByHashAndListedByTenant() {
        tenants().createTenant(new Tenant(TENANT, "Acme", clock.instant()));
        tenants().createTenant(new Tenant(OTHER_TENANT, "Globex", clock.instant()));
        ApiKey admin = new ApiKey("key_1", TENANT, Role.ADMIN, "ops", HASH_A, clock.instant());
        ApiKey user = new ApiKey("key_2", OTHER_TENANT, Role.USER, "", HASH_B, clock.instant());
        tenants().addKey(admin);
        tenants().addKey(user);

        assertThat(tenants().findKeyByHash(HASH_A)).contains(admin);
        assertThat(tenants().findKeyByHash(HASH_B)).contains(user);
        assertThat(tenants().findKeyByHash("c".repeat(64))).isEmpty();
        assertThat(tenants().keys(TENANT)).containsExactly(admin);
    }

    @Test
    void aSecondKeyWithTheSameHashIsRefused() {
        tenants().createTenant(new Tenant(TENANT, "Acme", clock.instant()));
        ApiKey first = new ApiKey("key_1", TENANT, Role.OPERATOR, "one", HASH_A, clock.instant());
        tenants().addKey(first);

        assertThatThrownBy(() -> tenants().addKey(new ApiKey("key_2", TENANT, Role.ADMIN, "two", HASH_A,
                clock.instant()))).isInstanceOf(CairnException.class);

        assertThat(tenants().findKeyByHash(HASH_A)).contains(first);
        assertThat(tenants().keys(TENANT)).containsExactly(first);
    }

    @Test
    void tenantsAndKeysSurviveReopen() {
        Tenant tenant = tenants().createTenant(new Tenant(TENANT, "Acme", clock.instant()));
        ApiKey key = new ApiKey("key_1", TENANT, Role.USER, "app", HASH_A, clock.instant());
        tenants().addKey(key);

        reopenStore();

        assertThat(tenants().findTenant(TENANT)).contains(tenant);
        assertThat(tenants().findKeyByHash(HASH_A)).contains(key);
    }
}
