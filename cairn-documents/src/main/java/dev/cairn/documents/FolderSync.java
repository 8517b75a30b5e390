package dev.cairn.documents;

import dev.cairn.core.ConflictException;
import dev.cairn.core.documents.DocumentCollection;
import dev.cairn.core.documents.DocumentStore;
import dev.cairn.core.documents.StoredDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors a folder of the server into a collection: every file of a supported type under it
 * (hidden files and folders left out) is a document named by its path relative to the folder,
 * with '/' between names. A file that cannot be taken in is stored as a failed document with why,
 * so the listing shows it and it is not read again until it changes.
 *
 * <p>Thread-safe: refreshes run one at a time.
 */
final class FolderSync {

    private static final Logger LOG = LoggerFactory.getLogger(FolderSync.class);

    private final DocumentLibrary library;
    private final DocumentStore store;
    private final long maxBytes;
    private final Object refreshing = new Object();

    FolderSync(DocumentLibrary library, DocumentStore store, long maxBytes) {
        this.library = library;
        this.store = store;
        this.maxBytes = maxBytes;
    }

    RefreshReport refresh(DocumentCollection collection) {
        Path root = Path.of(collection.folder());
        if (!Files.isDirectory(root)) {
            throw new ConflictException("the folder " + root + " of collection '" + collection.name()
                    + "' does not exist or is not a folder");
        }
        synchronized (refreshing) {
            List<String> added = new ArrayList<>();
            List<String> replaced = new ArrayList<>();
            List<String> unchanged = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (Path file : files(root)) {
                String name = name(root, file);
                seen.add(name);
                DocumentType type = DocumentType.byName(name).orElseThrow();
                byte[] content = new byte[0];
                try {
                    library.checkSize(name, Files.size(file));
                    content = Files.readAllBytes(file);
                    Ingested ingested = library.ingest(collection, name, type, content);
                    (switch (ingested.outcome()) {
                        case Ingested.CREATED -> added;
                        case Ingested.REPLACED -> replaced;
                        default -> unchanged;
                    }).add(name);
                } catch (DocumentRejectedException | IOException e) {
                    String error = e instanceof IOException ? "'" + name + "' could not be read: " + e.getMessage()
                            : e.getMessage();
                    if (!alreadyFailed(collection, name, content)) {
                        library.storeFailed(collection, name, type.mediaType(), content, error);
                    }
                    failed.add(name + ": " + error);
                    LOG.warn("collection '{}': {}", collection.name(), error);
                }
            }
            List<String> removed = new ArrayList<>();
            for (StoredDocument document : store.listDocuments(collection.id())) {
                if (!seen.contains(document.name())) {
                    store.deleteDocument(collection.id(), document.id());
                    removed.add(document.name());
                }
            }
            if (!removed.isEmpty()) {
                library.indexedChunks(); // brings the index up to the removals
            }
            return new RefreshReport(added, replaced, unchanged, removed, failed);
        }
    }

    private boolean alreadyFailed(DocumentCollection collection, String name, byte[] content) {
        Optional<StoredDocument> previous = store.findDocument(collection.id(), name);
        return previous.isPresent() && StoredDocument.FAILED.equals(previous.get().status())
                && previous.get().contentHash().equals(DocumentLibrary.sha256(content));
    }

    /** The supported, visible regular files under {@code root}, by path. */
    private static List<Path> files(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .filter(file -> !hidden(root.relativize(file)))
                    .filter(file -> DocumentType.byName(file.getFileName().toString()).isPresent())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the folder " + root, e);
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("cannot list the folder " + root, e.getCause());
        }
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static String name(Path root, Path file) {
        List<String> parts = new ArrayList<>();
        root.relativize(file).forEach(part -> parts.add(part.toString()));
        return String.join("/", parts);
    }
}
