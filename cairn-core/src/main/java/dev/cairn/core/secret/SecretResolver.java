package dev.cairn.core.secret;

/**
 * Gives a tool the value of a tenant's secret at the moment a call leaves the process. Only the
 * code that puts the value on the wire may ask. Implementations are thread-safe.
 */
@FunctionalInterface
public interface SecretResolver {

    /** Resolves nothing: every name is missing. */
    SecretResolver NONE = (tenantId, name) -> {
        throw new MissingSecretException(name);
    };

    /**
     * The value of secret {@code name} of {@code tenantId}.
     *
     * @throws MissingSecretException     when the tenant has no secret of that name
     * @throws SecretUnreadableException  when it is stored but cannot be opened with this server's key
     */
    String resolve(String tenantId, String name);
}
