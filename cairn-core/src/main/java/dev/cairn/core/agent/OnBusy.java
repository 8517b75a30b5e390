package dev.cairn.core.agent;

import java.util.Locale;

/** What a new message does while the session already has an active run. */
public enum OnBusy {
    /** Queue a new run; runs of a session start in order. The default. */
    ENQUEUE,
    /** Refuse the message (409), naming the active run. */
    REJECT,
    /** Stop the active run at its next step boundary, then start the new one. */
    INTERRUPT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OnBusy parse(String wireName) {
        for (OnBusy value : values()) {
            if (value.wireName().equals(wireName)) {
                return value;
            }
        }
        throw new IllegalArgumentException("on_busy '" + wireName + "' is not one of enqueue, reject, interrupt");
    }
}
