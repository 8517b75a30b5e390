package dev.cairn.core.approval;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where a request for a person's approval is: waiting, or decided one way or another. Every status
 * but {@link #PENDING} is final.
 */
public enum ApprovalStatus {
    /** Waiting for a person; the tool has not been called for it. */
    PENDING,
    /** A person approved the call. */
    APPROVED,
    /** A person denied the call. */
    DENIED,
    /** Nobody decided before it expired; it counts as denied. */
    EXPIRED,
    /** Its run ended (cancelled, say) before anybody decided. */
    CANCELLED;

    /** The status's name on the wire and in storage: {@code pending}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for the outcomes that let the call go ahead. */
    public boolean allows() {
        return this == APPROVED;
    }

    /**
     * Parses a wire name.
     *
     * @throws IllegalArgumentException naming the known statuses when {@code wireName} is not one
     */
    public static ApprovalStatus parse(String wireName) {
        for (ApprovalStatus status : values()) {
            if (status.wireName().equals(wireName)) {
                return status;
            }
        }
        throw new IllegalArgumentException("approval status '" + wireName + "' is not one of " + known());
    }

    /** Every wire name, comma-separated, for messages. */
    public static String known() {
        return Arrays.stream(values()).map(ApprovalStatus::wireName).collect(Collectors.joining(", "));
    }
}
