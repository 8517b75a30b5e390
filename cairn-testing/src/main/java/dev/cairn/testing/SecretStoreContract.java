package dev.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.NotFoundException;
import dev.cairn.core.secret.MissingSecretException;
import dev.cairn.core.secret.SecretInfo;
import dev.cairn.core.secret.SecretUnreadableException;
import dev.cairn.core.secret.Secrets;
import dev.cairn.core.secret.SecretsKey;
import dev.cairn.core.store.SecretRecord;
import dev.cairn.core.store.SecretStore;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SecretStore} must do, and what {@link Secrets} makes of it: values stored only
 * sealed, found per tenant and name, replaced in place, and refused when the sealed row was altered,
 * moved, or sealed with another key.
 */
public abstract class SecretStoreContract extends StoreContract {

    private static final String VALUE = "sk_live_4f9a7c0e2b1d";
    private static final SecretsKey KEY = SecretsKey.of(bytes(1));
    private static final SecretsKey OTHER_KEY = SecretsKey.of(bytes(2));

    private Secrets secrets(SecretsKey key) {
        return Secrets.create(store.secrets(), key, new SecureRandom(), clock);
    }

    private static byte[] bytes(int seed) {
        byte[] key = new byte[SecretsKey.BYTES];
        Arrays.fill(key, (byte) seed);
        return key;
    }

    @Test
    void aWrittenSecretResolvesInItsTenantOnlyAndIsStoredSealed() {
        Secrets secrets = secrets(KEY);
        Secrets.Written written = secrets.put(TENANT, "billing", VALUE);

        assertThat(written.created()).isTrue();
        assertThat(written.secret()).isEqualTo(new SecretInfo("billing", START, START));
        assertThat(secrets.resolve(TENANT, "billing")).isEqualTo(VALUE);
        assertThatThrownBy(() -> secrets.resolve(OTHER_TENANT, "billing")).isInstanceOf(MissingSecretException.class)
                .hasMessageContaining("secret 'billing' is not set");
        assertThat(secrets.list(OTHER_TENANT)).isEmpty();
        SecretRecord stored = store.secrets().find(TENANT, "billing").orElseThrow();
        assertThat(new String(stored.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain(VALUE);
        assertThat(stored.nonce()).hasSize(12);
        assertThat(stored.keyId()).isEqualTo(KEY.id());
    }

    @Test
    void aReplacementKeepsTheCreationTimeAndSealsWithAFreshNonce() {
        Secrets secrets = secrets(KEY);
        secrets.put(TENANT, "billing", VALUE);
        byte[] firstNonce = store.secrets().find(TENANT, "billing").orElseThrow().nonce();
        clock.advance(Duration.ofMinutes(5));

        Secrets.Written again = secrets.put(TENANT, "billing", VALUE);

        assertThat(again.created()).isFalse();
        assertThat(again.secret()).isEqualTo(new SecretInfo("billing", START, START.plus(Duration.ofMinutes(5))));
        assertThat(store.secrets().find(TENANT, "billing").orElseThrow().nonce()).isNotEqualTo(firstNonce);
        assertThat(secrets.list(TENANT)).containsExactly(again.secret());
    }

    @Test
    void secretsAreListedByNameAndDeletedPerTenant() {
        Secrets secrets = secrets(KEY);
        secrets.put(TENANT, "zeta", "z-value");
        secrets.put(TENANT, "alpha", "a-value");
        secrets.put(OTHER_TENANT, "alpha", "other-value");

        assertThat(secrets.list(TENANT)).extracting(SecretInfo::name).containsExactly("alpha", "zeta");
        assertThatThrownBy(() -> secrets.delete(OTHER_TENANT, "zeta")).isInstanceOf(NotFoundException.class);
        secrets.delete(TENANT, "alpha");

        assertThat(secrets.list(TENANT)).extracting(SecretInfo::name).containsExactly("zeta");
        assertThat(secrets.resolve(OTHER_TENANT, "alpha")).isEqualTo("other-value");
        assertThat(store.secrets().delete(TENANT, "alpha")).isFalse();
    }

    @Test
    void anAlteredCiphertextDoesNotOpen() {
        Secrets secrets = secrets(KEY);
        secrets.put(TENANT, "billing", VALUE);
        SecretRecord stored = store.secrets().find(TENANT, "billing").orElseThrow();
        byte[] altered = stored.ciphertext();
        altered[0] ^= 1;
        store.secrets().put(new SecretRecord(TENANT, "billing", stored.keyId(), stored.nonce(), altered,
                stored.createdAt(), stored.updatedAt()));

        assertThatThrownBy(() -> secrets.resolve(TENANT, "billing")).isInstanceOf(SecretUnreadableException.class)
                .hasMessageContaining("secret 'billing' does not open").hasMessageNotContaining(VALUE);
    }

    @Test
    void aSealedValueMovedToAnotherTenantOrNameDoesNotOpen() {
        Secrets secrets = secrets(KEY);
        secrets.put(TENANT, "billing", VALUE);
        SecretRecord stored = store.secrets().find(TENANT, "billing").orElseThrow();
        store.secrets().put(moved(stored, OTHER_TENANT, "billing"));
        store.secrets().put(moved(stored, TENANT, "shipping"));

        assertThatThrownBy(() -> secrets.resolve(OTHER_TENANT, "billing")).isInstanceOf(SecretUnreadableException.class);
        assertThatThrownBy(() -> secrets.resolve(TENANT, "shipping")).isInstanceOf(SecretUnreadableException.class);
        assertThat(secrets.resolve(TENANT, "billing")).isEqualTo(VALUE);
    }

    private static SecretRecord moved(SecretRecord record, String tenantId, String name) {
        return new SecretRecord(tenantId, name, record.keyId(), record.nonce(), record.ciphertext(), record.createdAt(),
                record.updatedAt());
    }

    @Test
    void anotherKeyIsToldApartClearly() {
        secrets(KEY).put(TENANT, "billing", VALUE);

        assertThatThrownBy(() -> secrets(OTHER_KEY).resolve(TENANT, "billing"))
                .isInstanceOf(SecretUnreadableException.class)
                .hasMessageContaining("sealed with key " + KEY.id())
                .hasMessageContaining("this server's secrets key is " + OTHER_KEY.id());
        SecretRecord stored = store.secrets().find(TENANT, "billing").orElseThrow();
        store.secrets().put(new SecretRecord(TENANT, "billing", OTHER_KEY.id(), stored.nonce(), stored.ciphertext(),
                stored.createdAt(), stored.updatedAt()));
        assertThatThrownBy(() -> secrets(OTHER_KEY).resolve(TENANT, "billing"))
                .isInstanceOf(SecretUnreadableException.class).hasMessageContaining("does not open");
    }

    @Test
    void badNamesAndValuesAreRefusedAndChangeNothing() {
        Secrets secrets = secrets(KEY);
        secrets.put(TENANT, "billing", VALUE);

        assertThatThrownBy(() -> secrets.put(TENANT, "9lives", "x")).hasMessageContaining("secret name '9lives' is not valid");
        assertThatThrownBy(() -> secrets.put(TENANT, "a.b", "x")).hasMessageContaining("is not valid");
        assertThatThrownBy(() -> secrets.put(TENANT, "x".repeat(65), "x")).hasMessageContaining("is not valid");
        assertThatThrownBy(() -> secrets.put(TENANT, "billing", "")).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> secrets.put(TENANT, "billing", "line\r\nX-Evil: 1"))
                .hasMessageContaining("control character at index 4").hasMessageNotContaining("X-Evil");
        assertThatThrownBy(() -> secrets.put(TENANT, "billing", "x".repeat(Secrets.MAX_VALUE_CHARS + 1)))
                .hasMessageContaining("the limit is " + Secrets.MAX_VALUE_CHARS);

        assertThat(secrets.resolve(TENANT, "billing")).isEqualTo(VALUE);
        assertThat(secrets.list(TENANT)).extracting(SecretInfo::name).containsExactly("billing");
    }

    @Test
    void secretsSurviveReopen() {
        secrets(KEY).put(TENANT, "billing", VALUE);

        reopenStore();

        assertThat(secrets(KEY).resolve(TENANT, "billing")).isEqualTo(VALUE);
    }
}
