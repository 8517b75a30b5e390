package dev.cairn.server;

import dev.cairn.core.ConflictException;
import dev.cairn.core.store.DutyLock;
import dev.cairn.core.store.Store;
import dev.cairn.documents.DocumentLibrary;
import dev.cairn.documents.RefreshReport;
import dev.cairn.server.config.CollectionConfig;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Declares the document collections of {@code cairn.yaml} in the default tenant and reads their
 * folders at start: new and changed files are taken in, files that are gone removed. A file that
 * cannot be read is logged and listed as failed, and a folder that is missing is logged; neither
 * stops the start. A collection of that name that takes uploads or mirrors another folder does.
 *
 * <p>Nodes sharing a store start with the same collections; the one that holds the store's duty
 * {@value #DUTY} reads the folders, and a node that finds it held leaves them to that one, so two
 * nodes never declare a collection or take in a file at once (they would collide on its name).
 */
final class DocumentFolders {

    private static final Logger LOG = LoggerFactory.getLogger(DocumentFolders.class);
    static final String DUTY = "document-folders";

    private DocumentFolders() {
    }

    static void declare(Store store, DocumentLibrary library, String tenantId, Map<String, CollectionConfig> collections) {
        if (collections.isEmpty()) {
            return;
        }
        Optional<DutyLock> duty = store.exclusive(DUTY);
        if (duty.isEmpty()) {
            LOG.info("another node is reading the collections' folders; this one leaves them to it");
            return;
        }
        try (DutyLock held = duty.get()) {
            declareHeld(library, tenantId, collections);
        }
    }

    private static void declareHeld(DocumentLibrary library, String tenantId, Map<String, CollectionConfig> collections) {
        collections.forEach((name, collection) -> {
            library.declareFolder(tenantId, name, collection.description(), collection.folder());
            RefreshReport report;
            try {
                report = library.refresh(tenantId, name);
            } catch (ConflictException e) { // the folder is missing: the collection waits for a refresh
                LOG.warn("collection '{}' was not read: {}", name, e.getMessage());
                return;
            }
            LOG.info("collection '{}' from {}: {} added, {} replaced, {} unchanged, {} removed, {} failed", name,
                    collection.folder(), report.added().size(), report.replaced().size(), report.unchanged().size(),
                    report.removed().size(), report.failed().size());
        });
    }
}
