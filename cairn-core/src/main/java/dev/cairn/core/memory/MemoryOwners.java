package dev.cairn.core.memory;

import dev.cairn.core.InvalidRequestException;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which owners' memories a session of an agent may see and write. A session sees its user's
 * memories (when it has a user), its agent's and its tenant's, and never another user's: that is
 * what keeps one user's memories out of another user's context.
 */
public final class MemoryOwners {

    private MemoryOwners() {
    }

    /** The owners whose memories a session of {@code agent} for {@code userId} (null: no user) may see. */
    public static Set<MemoryOwner> visible(String agent, String userId) {
        Objects.requireNonNull(agent, "agent");
        Set<MemoryOwner> owners = new LinkedHashSet<>();
        if (userId != null && !userId.isEmpty()) {
            owners.add(MemoryOwner.user(userId));
        }
        owners.add(MemoryOwner.agent(agent));
        owners.add(MemoryOwner.tenant());
        return owners;
    }

    /**
     * The owner of what a session saves when its agent's long-term memory has {@code scope}.
     *
     * @throws InvalidRequestException for user scope in a session without a user
     */
    public static MemoryOwner writer(MemoryScope scope, String agent, String userId) {
        return switch (scope) {
            case AGENT -> MemoryOwner.agent(agent);
            case TENANT -> MemoryOwner.tenant();
            case USER -> {
                if (userId == null || userId.isEmpty()) {
                    throw new InvalidRequestException("agent '" + agent + "' keeps long-term memory per user, and this "
                            + "session has no user_id; start sessions with a user_id to use it");
                }
                yield MemoryOwner.user(userId);
            }
        };
    }
}
