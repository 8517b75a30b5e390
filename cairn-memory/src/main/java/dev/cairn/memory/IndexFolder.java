package dev.cairn.memory;

import dev.cairn.core.memory.MemoryIndexException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexWriterConfig.OpenMode;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.Lock;
import org.apache.lucene.store.LockObtainFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the index held in a folder, or starts an empty one there when what the folder holds
 * cannot serve: missing, unreadable, damaged, or made with another embedding model or document
 * layout. An empty
 * index has applied nothing (sequence 0), which tells its owner to rebuild it from the store.
 * A folder locked by another open index is never emptied: opening it fails.
 */
final class IndexFolder {

    static final String APPLIED_THROUGH = "cairn.applied_through";
    static final String VECTOR_MODEL = "cairn.vector_model";
    static final String VECTOR_DIMENSIONS = "cairn.vector_dimensions";
    static final String LAYOUT = "cairn.index_layout";
    /** The version of the document layout ({@link MemoryDocuments}); an index of another layout is rebuilt. */
    static final String LAYOUT_VERSION = "1";

    private static final Logger LOG = LoggerFactory.getLogger(IndexFolder.class);

    /** An open writer over the folder, its NRT searchers, and the store sequence its last commit reflects. */
    record Opened(Directory directory, IndexWriter writer, SearcherManager searchers, long appliedThrough) {
    }

    private IndexFolder() {
    }

    static Opened open(Path folder, String model, int dimensions, Analyzer analyzer) {
        Directory directory;
        try {
            Files.createDirectories(folder);
            directory = FSDirectory.open(folder);
        } catch (IOException e) {
            throw new MemoryIndexException("cannot use " + folder + " as the memory index folder: " + e, e);
        }
        String reason;
        try {
            Opened existing = openExisting(directory, model, dimensions, analyzer);
            if (existing != null) {
                return existing;
            }
            reason = "it was made for another embedding model or index layout (this one: " + model + ", "
                    + dimensions + " dimensions, layout " + LAYOUT_VERSION + ")";
        } catch (LockObtainFailedException e) {
            closeQuietly(directory);
            throw new MemoryIndexException("the memory index in " + folder + " is in use by another open index", e);
        } catch (IOException | RuntimeException e) {
            reason = "it cannot be read (" + e + ")";
        }
        LOG.warn("Starting an empty memory index in {} because {}; it is to be rebuilt from the store", folder, reason);
        try {
            return openEmpty(folder, directory, model, dimensions, analyzer);
        } catch (IOException | RuntimeException e) {
            closeQuietly(directory);
            throw new MemoryIndexException("cannot create a memory index in " + folder + ": " + e, e);
        }
    }

    /** The folder's index, or null when it was made for other vectors; an empty folder opens as a new index. */
    private static Opened openExisting(Directory directory, String model, int dimensions, Analyzer analyzer)
            throws IOException {
        IndexWriter writer = new IndexWriter(directory, config(analyzer, OpenMode.CREATE_OR_APPEND));
        try {
            Map<String, String> userData = new HashMap<>();
            Iterable<Map.Entry<String, String>> committed = writer.getLiveCommitData();
            if (committed != null) {
                committed.forEach(entry -> userData.put(entry.getKey(), entry.getValue()));
            }
            boolean fresh = userData.isEmpty() && writer.getDocStats().maxDoc == 0;
            if (!fresh && !(model.equals(userData.get(VECTOR_MODEL))
                    && String.valueOf(dimensions).equals(userData.get(VECTOR_DIMENSIONS))
                    && LAYOUT_VERSION.equals(userData.get(LAYOUT)))) {
                writer.rollback();
                return null;
            }
            long appliedThrough = fresh ? 0 : Long.parseLong(userData.getOrDefault(APPLIED_THROUGH, "0"));
            return new Opened(directory, writer, new SearcherManager(writer, true, false, null), appliedThrough);
        } catch (IOException | RuntimeException e) {
            rollbackQuietly(writer);
            throw e;
        }
    }

    private static Opened openEmpty(Path folder, Directory directory, String model, int dimensions, Analyzer analyzer)
            throws IOException {
        deleteIndexFiles(folder, directory);
        IndexWriter writer = new IndexWriter(directory, config(analyzer, OpenMode.CREATE));
        try {
            writer.setLiveCommitData(userData(model, dimensions, 0).entrySet());
            writer.commit();
            return new Opened(directory, writer, new SearcherManager(writer, true, false, null), 0);
        } catch (IOException | RuntimeException e) {
            rollbackQuietly(writer);
            throw e;
        }
    }

    /**
     * Deletes what Lucene would read of the folder, under the index's write lock, so a damaged
     * commit cannot stop a new index; files that are not Lucene's are left alone. A lock file
     * with content (Lucene's are empty) is damaged too; it is deleted once no index holds it.
     */
    private static void deleteIndexFiles(Path folder, Directory directory) throws IOException {
        try (Lock lock = directory.obtainLock(IndexWriter.WRITE_LOCK_NAME)) {
            for (String file : directory.listAll()) {
                if (file.startsWith(IndexFileNames.SEGMENTS) || file.startsWith(IndexFileNames.PENDING_SEGMENTS)
                        || IndexFileNames.CODEC_FILE_PATTERN.matcher(file).matches()) {
                    directory.deleteFile(file);
                }
            }
        }
        Path lockFile = folder.resolve(IndexWriter.WRITE_LOCK_NAME);
        if (Files.exists(lockFile) && Files.size(lockFile) > 0) {
            Files.delete(lockFile);
        }
    }

    static Map<String, String> userData(String model, int dimensions, long appliedThrough) {
        return Map.of(VECTOR_MODEL, model, VECTOR_DIMENSIONS, String.valueOf(dimensions), LAYOUT, LAYOUT_VERSION,
                APPLIED_THROUGH, String.valueOf(appliedThrough));
    }

    private static IndexWriterConfig config(Analyzer analyzer, OpenMode mode) {
        return new IndexWriterConfig(analyzer)
                .setOpenMode(mode)
                // close() commits on purpose, after recording the applied sequence
                .setCommitOnClose(false);
    }

    private static void rollbackQuietly(IndexWriter writer) {
        try {
            writer.rollback();
        } catch (IOException | RuntimeException ignored) {
            // already failing; the first failure is the one reported
        }
    }

    private static void closeQuietly(Directory directory) {
        try {
            directory.close();
        } catch (IOException ignored) {
            // already failing; the first failure is the one reported
        }
    }
}
