package dev.cairn.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.IdGenerator;
import dev.cairn.core.NotFoundException;
import dev.cairn.core.store.ApiKey;
import dev.cairn.core.store.Role;
import dev.cairn.core.store.TenantStore;
import dev.cairn.store.sqlite.SqliteStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeysTest {

    @TempDir
    Path folder;
    SqliteStore store;
    ApiKeys keys;

    @BeforeEach
    void open() {
        store = SqliteStore.open(folder.resolve("cairn.db"), Clock.systemUTC());
        keys = ApiKeys.create(store.tenants(), IdGenerator.random(), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void theFirstStartGeneratesOneAdminKeyOfTheDefaultTenant() {
        String key = keys.ensureAdminKey(Optional.empty()).newKey().orElseThrow();
        assertThat(keys.ensureAdminKey(Optional.empty()).tenantId()).isEqualTo("default");
        assertThat(key).startsWith("cairn_sk_").hasSize("cairn_sk_".length() + 40);
        assertThat(store.tenants().findTenant("default")).isPresent();
        Principal admin = keys.authenticate(key);
        assertThat(admin.tenantId()).isEqualTo("default");
        assertThat(admin.role()).isEqualTo(Role.ADMIN);

        assertThat(keys.ensureAdminKey(Optional.empty()).newKey()).isEmpty();
        assertThat(store.tenants().keys("default")).hasSize(1);
    }

    @Test
    void onlyTheHashOfAKeyIsStored() {
        String key = keys.ensureAdminKey(Optional.empty()).newKey().orElseThrow();
        ApiKey stored = store.tenants().keys("default").getFirst();
        assertThat(stored.keyHash()).isEqualTo(ApiKeys.hash(key)).hasSize(64).doesNotContain(key);
        assertThat(ApiKeys.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void aConfiguredKeyAnotherNodeStoresBetweenTheCheckAndTheInsertStartsThisNodeToo() {
        String configured = "configured-admin-key-0123456789";
        ApiKeys otherNode = ApiKeys.create(store.tenants(), IdGenerator.random(), Clock.systemUTC());
        AtomicBoolean looked = new AtomicBoolean();
        // The first look finds nothing, then the other node stores the key before this one inserts it.
        TenantStore racing = (TenantStore) Proxy.newProxyInstance(TenantStore.class.getClassLoader(),
                new Class<?>[] {TenantStore.class}, (proxy, method, arguments) -> {
                    if (method.getName().equals("findKeyByHash") && looked.compareAndSet(false, true)) {
                        otherNode.ensureAdminKey(Optional.of(configured));
                        return Optional.empty();
                    }
                    try {
                        return method.invoke(store.tenants(), arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });

        ApiKeys.Bootstrap bootstrap = ApiKeys.create(racing, IdGenerator.random(), Clock.systemUTC())
                .ensureAdminKey(Optional.of(configured));

        assertThat(bootstrap.newKey()).isEmpty();
        assertThat(store.tenants().keys("default")).hasSize(1);
        assertThat(keys.authenticate(configured).role()).isEqualTo(Role.ADMIN);
    }

    @Test
    void aConfiguredKeyIsStoredOnceAndNothingIsGenerated() {
        String configured = "my-own-admin-key-0123456789";
        assertThat(keys.ensureAdminKey(Optional.of(configured)).newKey()).isEmpty();
        assertThat(keys.ensureAdminKey(Optional.of(configured)).newKey()).isEmpty();
        assertThat(store.tenants().keys("default")).hasSize(1);
        assertThat(keys.authenticate(configured).role()).isEqualTo(Role.ADMIN);
    }

    @Test
    void aShortConfiguredKeyIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> keys.ensureAdminKey(Optional.of("short")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CAIRN_ADMIN_KEY");
    }

    @Test
    void unknownAndMissingKeysAreUnauthorized() {
        keys.ensureAdminKey(Optional.empty());
        assertThatThrownBy(() -> keys.authenticate("cairn_sk_guess")).isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> keys.authenticate(null)).isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> keys.authenticate(" ")).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void keysAreIssuedOnlyForExistingTenants() {
        keys.ensureAdminKey(Optional.empty());
        String tenant = keys.createTenant("Acme").id();
        IssuedKey issued = keys.issue(tenant, Role.USER, "app");
        assertThat(keys.authenticate(issued.key())).isEqualTo(new Principal(issued.record().id(), tenant, Role.USER));
        assertThat(issued.toString()).doesNotContain(issued.key());
        assertThatThrownBy(() -> keys.issue("ten_missing", Role.USER, "x")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aPrincipalNeedsTheRoleAnActionAsksFor() {
        Principal user = new Principal("key_1", "default", Role.USER);
        user.require(Role.USER, "reading sessions");
        assertThatThrownBy(() -> user.require(Role.OPERATOR, "applying agents"))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("operator").hasMessageContaining("user");
        new Principal("key_2", "default", Role.ADMIN).require(Role.OPERATOR, "applying agents");
    }
}
