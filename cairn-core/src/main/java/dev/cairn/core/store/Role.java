package dev.cairn.core.store;

import java.util.Locale;

/** What an API key may do. Each role includes the ones below it. */
public enum Role {
    /** Sessions, messages and runs of the tenant. */
    USER,
    /** Also agents and approvals. */
    OPERATOR,
    /** Also tenants, keys, secrets and policy. */
    ADMIN;

    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code admin}, {@code operator} or {@code user}. */
    public static Role parse(String name) {
        for (Role role : values()) {
            if (role.wireName().equals(name)) {
                return role;
            }
        }
        throw new IllegalArgumentException("role '" + name + "' is not one of admin, operator, user");
    }
}
