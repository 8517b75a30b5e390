package dev.cairn.server.auth;

import dev.cairn.core.store.Role;
import java.util.Objects;

/**
 * Who a request acts as: the API key that authenticated it, the key's tenant and its role.
 *
 * @param keyId    the public id of the key (never the key itself)
 * @param tenantId the tenant every object the request touches must belong to
 * @param role     what the key may do
 */
public record Principal(String keyId, String tenantId, Role role) {

    public Principal {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(role, "role");
    }

    /**
     * Checks that this principal's role includes {@code required}.
     *
     * @throws ForbiddenException when it does not
     */
    public void require(Role required, String action) {
        if (!role.includes(required)) {
            throw new ForbiddenException(action + " needs a key with role " + required.wireName()
                    + " or higher; this key's role is " + role.wireName());
        }
    }
}
