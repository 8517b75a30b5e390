package dev.cairn.core.documents;

import java.time.Instant;
import java.util.Objects;

/**
 * A named set of documents of one tenant, searched together.
 *
 * @param id          the collection's id
 * @param tenantId    the tenant it belongs to
 * @param name        its name, unique in the tenant
 * @param description what it holds, for people and agents ({@code ""} when unsaid)
 * @param folder      the server-side folder it mirrors, or null for a collection filled by uploads
 * @param createdAt   when it was created
 */
public record DocumentCollection(String id, String tenantId, String name, String description, String folder,
                                 Instant createdAt) {

    public DocumentCollection {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
        description = description == null ? "" : description;
    }

    /** True when the collection mirrors a folder of the server rather than taking uploads. */
    public boolean mirrorsFolder() {
        return folder != null;
    }
}
