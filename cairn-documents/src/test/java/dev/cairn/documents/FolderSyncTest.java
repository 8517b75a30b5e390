package dev.cairn.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.ConflictException;
import dev.cairn.core.documents.StoredDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderSyncTest {

    private static final String TENANT = "t_acme";

    @TempDir
    Path data;
    @TempDir
    Path handbook;
    private LibraryFixture fixture;

    @BeforeEach
    void open() throws Exception {
        fixture = new LibraryFixture(data);
        Files.writeString(handbook.resolve("leave.md"), "# Leave\n\nParental leave lasts sixteen weeks.\n");
        Files.createDirectories(handbook.resolve("it"));
        Files.write(handbook.resolve("it/vpn.docx"), DocumentFixtures.docx(List.of("Connect to the VPN before opening the wiki.")));
        Files.writeString(handbook.resolve("photo.png"), "not a document"); // not a supported type: left out
        Files.writeString(handbook.resolve(".draft.md"), "a hidden draft about parental leave"); // hidden: left out
        fixture.library.declareFolder(TENANT, "handbook", "The handbook folder", handbook);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aRefreshTakesInNewFilesReplacesChangedOnesAndRemovesDeletedOnes() throws Exception {
        RefreshReport first = fixture.library.refresh(TENANT, "handbook");
        assertThat(first.added()).containsExactly("it/vpn.docx", "leave.md");
        assertThat(fixture.library.search(TENANT, List.of("handbook"), "VPN wiki", 1))
                .extracting(match -> match.chunk().documentName()).containsExactly("it/vpn.docx");

        Files.writeString(handbook.resolve("leave.md"), "# Leave\n\nParental leave now lasts twenty weeks.\n");
        Files.delete(handbook.resolve("it/vpn.docx"));
        Files.writeString(handbook.resolve("expenses.txt"), "Receipts are required above fifty euros.");
        RefreshReport second = fixture.library.refresh(TENANT, "handbook");

        assertThat(second.added()).containsExactly("expenses.txt");
        assertThat(second.replaced()).containsExactly("leave.md");
        assertThat(second.removed()).containsExactly("it/vpn.docx");
        assertThat(fixture.library.documents(TENANT, "handbook")).extracting(StoredDocument::name)
                .containsExactly("expenses.txt", "leave.md");
        assertThat(fixture.library.search(TENANT, List.of("handbook"), "parental leave weeks", 5))
                .extracting(match -> match.chunk().text()).contains("# Leave\n\nParental leave now lasts twenty weeks.")
                .noneMatch(text -> text.contains("sixteen"));

        RefreshReport third = fixture.library.refresh(TENANT, "handbook");
        assertThat(third.unchanged()).containsExactly("expenses.txt", "leave.md");
        assertThat(third.added()).isEmpty();
        assertThat(third.replaced()).isEmpty();
    }

    @Test
    void aBrokenFileIsStoredAsFailedWithWhyAndTheOthersAreTakenIn() throws Exception {
        Files.write(handbook.resolve("broken.pdf"), DocumentFixtures.brokenPdf());

        RefreshReport report = fixture.library.refresh(TENANT, "handbook");

        assertThat(report.failed()).singleElement().asString().startsWith("broken.pdf: 'broken.pdf' could not be read");
        assertThat(report.added()).containsExactly("it/vpn.docx", "leave.md");
        StoredDocument broken = fixture.library.documents(TENANT, "handbook").getFirst();
        assertThat(broken.name()).isEqualTo("broken.pdf");
        assertThat(broken.status()).isEqualTo(StoredDocument.FAILED);
        assertThat(broken.error()).contains("could not be read as application/pdf");
        assertThat(fixture.library.collection(TENANT, "handbook").failed()).isEqualTo(1);
    }

    @Test
    void aFolderCollectionTakesNoUploadsAndAnUploadCollectionNoRefresh() {
        assertThatThrownBy(() -> fixture.library.upload(TENANT, "handbook", "x.txt", "text/plain", DocumentFixtures.utf8("x")))
                .isInstanceOf(ConflictException.class).hasMessageContaining("mirrors the folder");
        fixture.library.createCollection(TENANT, "uploads", "");
        assertThatThrownBy(() -> fixture.library.refresh(TENANT, "uploads"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("takes uploads");
    }

    @Test
    void declaringTheSameFolderAgainKeepsTheCollectionAndAnotherFolderIsRefused() {
        String id = fixture.library.collection(TENANT, "handbook").collection().id();

        assertThat(fixture.library.declareFolder(TENANT, "handbook", "", handbook).id()).isEqualTo(id);
        assertThatThrownBy(() -> fixture.library.declareFolder(TENANT, "handbook", "", data))
                .isInstanceOf(ConflictException.class).hasMessageContaining("mirrors " + handbook.toAbsolutePath());
    }

    @Test
    void aMissingFolderIsReportedByName() throws Exception {
        Path gone = data.resolve("gone");
        fixture.library.declareFolder(TENANT, "gone", "", gone);

        assertThatThrownBy(() -> fixture.library.refresh(TENANT, "gone"))
                .isInstanceOf(ConflictException.class).hasMessageContaining(gone.toString());
    }
}
