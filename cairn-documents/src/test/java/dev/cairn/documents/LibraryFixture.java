package dev.cairn.documents;

import dev.cairn.core.IdGenerator;
import dev.cairn.memory.LuceneMemoryIndex;
import dev.cairn.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;

/** A library on a real SQLite file and a real Lucene folder, with the real embedding model. */
final class LibraryFixture implements AutoCloseable {

    final Path folder;
    final SqliteStore store;
    DocumentLibrary library;

    LibraryFixture(Path folder, DocumentLibrary.Options options) {
        this.folder = folder;
        this.store = SqliteStore.open(folder.resolve("cairn.db"), Clock.systemUTC());
        this.library = open(options);
    }

    LibraryFixture(Path folder) {
        this(folder, DocumentLibrary.Options.DEFAULT);
    }

    Path indexFolder() {
        return folder.resolve("index/documents");
    }

    DocumentLibrary open(DocumentLibrary.Options options) {
        return DocumentLibrary.open(store.documents(), DocumentFixtures.embedder(),
                LuceneMemoryIndex.builder(indexFolder(), DocumentFixtures.embedder().model(), DocumentFixtures.embedder().dimensions()).open(),
                IdGenerator.random(), Clock.systemUTC(), options);
    }

    /** Closes the library (committing its index) and opens it again on the same store and folder. */
    void reopen() {
        library.close();
        library = open(library.options());
    }

    @Override
    public void close() {
        library.close();
        store.close();
    }
}
