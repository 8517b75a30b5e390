package dev.cairn.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.ConflictException;
import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.NotFoundException;
import dev.cairn.core.documents.StoredDocument;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentLibraryTest {

    private static final String TENANT = "t_acme";
    private static final String OTHER_TENANT = "t_globex";

    @TempDir
    Path folder;
    private LibraryFixture fixture;
    private DocumentLibrary library;

    @BeforeEach
    void open() {
        fixture = new LibraryFixture(folder);
        library = fixture.library;
        library.createCollection(TENANT, "handbook", "Company handbook");
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private static byte[] policyPdf() {
        return DocumentFixtures.pdf(List.of(
                List.of("Welcome to the company handbook.", "It explains how we work together."),
                List.of("Expenses: receipts are required for every purchase above fifty euros.",
                        "Submit them within thirty days of the purchase."),
                List.of("Parental leave lasts sixteen weeks at full pay.", "Tell your manager three months ahead.")));
    }

    @Test
    void aSearchAfterAnUploadFindsTheDocumentWithItsPageAndOffset() {
        Ingested ingested = library.upload(TENANT, "handbook", "policies.pdf", "application/pdf", policyPdf());

        assertThat(ingested.outcome()).isEqualTo(Ingested.CREATED);
        assertThat(ingested.document().pages()).isEqualTo(3);
        assertThat(ingested.document().status()).isEqualTo(StoredDocument.INDEXED);
        List<ChunkMatch> matches = library.search(TENANT, List.of("handbook"), "how long is parental leave?", 3);

        assertThat(matches).isNotEmpty();
        ChunkMatch best = matches.getFirst();
        assertThat(best.collection()).isEqualTo("handbook");
        assertThat(best.chunk().documentName()).isEqualTo("policies.pdf");
        assertThat(best.chunk().text()).contains("Parental leave lasts sixteen weeks");
        assertThat(best.chunk().page()).isNotNull();
        assertThat(best.score()).isPositive();
    }

    @Test
    void theSameContentUploadedAgainIsNotIngestedAgain() {
        byte[] pdf = policyPdf();
        StoredDocument first = library.upload(TENANT, "handbook", "policies.pdf", "application/pdf", pdf).document();

        Ingested again = library.upload(TENANT, "handbook", "policies.pdf", "application/pdf", pdf.clone());

        assertThat(again.outcome()).isEqualTo(Ingested.UNCHANGED);
        assertThat(again.document().id()).isEqualTo(first.id());
        assertThat(library.indexedChunks()).isEqualTo(first.chunkCount());
    }

    @Test
    void newContentUnderTheSameNameReplacesTheOldChunks() {
        library.upload(TENANT, "handbook", "leave.txt", "text/plain", DocumentFixtures.utf8("Parental leave lasts sixteen weeks."));

        Ingested replaced = library.upload(TENANT, "handbook", "leave.txt", "text/plain",
                DocumentFixtures.utf8("Parental leave now lasts twenty weeks."));

        assertThat(replaced.outcome()).isEqualTo(Ingested.REPLACED);
        assertThat(library.documents(TENANT, "handbook")).extracting(StoredDocument::id).containsExactly(replaced.document().id());
        List<ChunkMatch> matches = library.search(TENANT, List.of("handbook"), "parental leave weeks", 5);
        assertThat(matches).extracting(match -> match.chunk().text()).containsExactly("Parental leave now lasts twenty weeks.");
        assertThat(library.indexedChunks()).isEqualTo(1);
    }

    @Test
    void aBrokenPdfIsRefusedAndLeavesTheEarlierVersionInPlace() {
        StoredDocument good = library.upload(TENANT, "handbook", "policies.pdf", "application/pdf", policyPdf()).document();

        assertThatThrownBy(() -> library.upload(TENANT, "handbook", "policies.pdf", "application/pdf", DocumentFixtures.brokenPdf()))
                .isInstanceOfSatisfying(DocumentRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(DocumentRejectedException.Reason.UNREADABLE));

        assertThat(library.documents(TENANT, "handbook")).containsExactly(good);
        assertThat(library.search(TENANT, List.of("handbook"), "parental leave", 1)).isNotEmpty();
    }

    @Test
    void unsupportedAndOversizedDocumentsAreRefusedAndNothingIsStored() {
        DocumentLibrary small = fixture.library;
        assertThatThrownBy(() -> small.upload(TENANT, "handbook", "photo.png", "image/png", new byte[] {1, 2, 3}))
                .isInstanceOfSatisfying(DocumentRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(DocumentRejectedException.Reason.UNSUPPORTED))
                .hasMessageContaining("image/png");
        byte[] tooLarge = new byte[(int) DocumentLibrary.Options.DEFAULT.maxDocumentBytes() + 1];
        assertThatThrownBy(() -> small.upload(TENANT, "handbook", "huge.txt", "text/plain", tooLarge))
                .isInstanceOfSatisfying(DocumentRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(DocumentRejectedException.Reason.TOO_LARGE));

        assertThat(library.documents(TENANT, "handbook")).isEmpty();
    }

    @Test
    void anotherTenantCanNeitherSeeNorSearchNorChangeTheCollection() {
        library.upload(TENANT, "handbook", "leave.txt", "text/plain", DocumentFixtures.utf8("Parental leave lasts sixteen weeks."));
        String documentId = library.documents(TENANT, "handbook").getFirst().id();

        assertThat(library.collections(OTHER_TENANT)).isEmpty();
        assertThatThrownBy(() -> library.search(OTHER_TENANT, List.of("handbook"), "parental leave", 5))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("collection 'handbook' does not exist");
        assertThatThrownBy(() -> library.documents(OTHER_TENANT, "handbook")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> library.deleteDocument(OTHER_TENANT, "handbook", documentId)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> library.deleteCollection(OTHER_TENANT, "handbook")).isInstanceOf(NotFoundException.class);

        // the other tenant's own collection of the same name holds only its own documents
        library.createCollection(OTHER_TENANT, "handbook", "");
        assertThat(library.search(OTHER_TENANT, List.of("handbook"), "parental leave", 5)).isEmpty();
        assertThat(library.search(TENANT, List.of("handbook"), "parental leave", 5)).hasSize(1);
    }

    @Test
    void aSearchOfSeveralCollectionsRanksThemTogether() {
        library.createCollection(TENANT, "it", "IT guides");
        library.upload(TENANT, "handbook", "leave.txt", "text/plain", DocumentFixtures.utf8("Parental leave lasts sixteen weeks."));
        library.upload(TENANT, "it", "vpn.md", "text/markdown", DocumentFixtures.utf8("Connect to the VPN before opening the wiki."));

        List<ChunkMatch> matches = library.search(TENANT, List.of("handbook", "it"), "how do I connect to the VPN", 2);

        assertThat(matches).extracting(ChunkMatch::collection).containsExactly("it", "handbook");
        assertThat(library.search(TENANT, List.of("handbook"), "VPN", 5)).extracting(ChunkMatch::collection)
                .containsOnly("handbook");
    }

    @Test
    void deletedDocumentsAndCollectionsAreNoLongerFound() {
        StoredDocument leave = library.upload(TENANT, "handbook", "leave.txt", "text/plain",
                DocumentFixtures.utf8("Parental leave lasts sixteen weeks.")).document();
        library.upload(TENANT, "handbook", "expenses.txt", "text/plain", DocumentFixtures.utf8("Receipts above fifty euros."));

        library.deleteDocument(TENANT, "handbook", leave.id());

        assertThat(library.search(TENANT, List.of("handbook"), "parental leave", 5))
                .extracting(match -> match.chunk().documentName()).containsExactly("expenses.txt");
        assertThatThrownBy(() -> library.deleteDocument(TENANT, "handbook", leave.id()))
                .isInstanceOf(NotFoundException.class).hasMessageContaining(leave.id());

        library.deleteCollection(TENANT, "handbook");
        assertThat(library.indexedChunks()).isZero();
        assertThatThrownBy(() -> library.collection(TENANT, "handbook")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void badCollectionNamesAndDuplicatesAreRefused() {
        assertThatThrownBy(() -> library.createCollection(TENANT, "../etc", "")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("'../etc'");
        assertThatThrownBy(() -> library.createCollection(TENANT, "handbook", "again")).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> library.upload(TENANT, "handbook", " ", "text/plain", DocumentFixtures.utf8("x")))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(library.collections(TENANT)).hasSize(1);
    }

    @Test
    void anIndexFolderThatIsGoneIsRebuiltFromTheStore() throws Exception {
        library.upload(TENANT, "handbook", "policies.pdf", "application/pdf", policyPdf());
        long chunks = library.indexedChunks();
        library.close();
        try (var files = java.nio.file.Files.walk(fixture.indexFolder())) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }

        fixture.library = fixture.open(DocumentLibrary.Options.DEFAULT);
        library = fixture.library;

        assertThat(library.indexedChunks()).isEqualTo(chunks);
        assertThat(library.search(TENANT, List.of("handbook"), "parental leave", 1)).isNotEmpty();
    }

    @Test
    void aSecondLibraryOnTheSameDatabaseSeesAnUploadAtItsNextSearch() {
        DocumentLibrary second = DocumentLibrary.open(fixture.store.documents(), DocumentFixtures.embedder(),
                dev.cairn.memory.LuceneMemoryIndex.builder(folder.resolve("index/documents-2"),
                        DocumentFixtures.embedder().model(), DocumentFixtures.embedder().dimensions()).open(),
                dev.cairn.core.IdGenerator.random(), java.time.Clock.systemUTC(), DocumentLibrary.Options.DEFAULT);
        try {
            assertThat(second.search(TENANT, List.of("handbook"), "parental leave", 5)).isEmpty();

            library.upload(TENANT, "handbook", "leave.txt", "text/plain",
                    DocumentFixtures.utf8("Parental leave lasts sixteen weeks."));

            assertThat(second.search(TENANT, List.of("handbook"), "parental leave", 5))
                    .extracting(match -> match.chunk().documentName()).containsExactly("leave.txt");
        } finally {
            second.close();
        }
    }

    @Test
    void aReopenedIndexCatchesUpWithWritesMadeWhileItWasClosed() {
        library.upload(TENANT, "handbook", "leave.txt", "text/plain", DocumentFixtures.utf8("Parental leave lasts sixteen weeks."));
        fixture.reopen();
        library = fixture.library;

        assertThat(library.search(TENANT, List.of("handbook"), "parental leave", 5)).hasSize(1);
    }
}
