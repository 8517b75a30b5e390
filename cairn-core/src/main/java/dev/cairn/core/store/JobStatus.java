package dev.cairn.core.store;

import java.util.Locale;

/** Where a background job is: waiting (or waiting to retry), being executed, finished, or given up. */
public enum JobStatus {
    PENDING, RUNNING, DONE, FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobStatus parse(String name) {
        for (JobStatus status : values()) {
            if (status.wireName().equals(name)) {
                return status;
            }
        }
        throw new IllegalArgumentException("not a job status: '" + name + "'");
    }
}
