package dev.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.documents.DocumentFixtures;
import dev.cairn.server.auth.ApiKeys;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /v1/collections} over a real server, store, Tika, Lucene index and embedding model. */
class DocumentsApiTest extends ApiServerTest {

    private static final String PDF = "application/pdf";
    private static int created;
    private String collection;

    @BeforeEach
    void createCollection() {
        collection = "handbook-" + ++created;
        api.post("/v1/collections", "{\"name\": \"" + collection + "\", \"description\": \"Company handbook\"}").expect(201);
    }

    private String documents() {
        return "/v1/collections/" + collection + "/documents";
    }

    private static byte[] handbookPdf() {
        return DocumentFixtures.pdf(List.of(List.of("Expenses: receipts are required above fifty euros."),
                List.of("Parental leave lasts sixteen weeks at full pay.")));
    }

    @Test
    void collectionsAreCreatedListedReadAndDeleted() {
        JsonNode read = api.get("/v1/collections/" + collection).expect(200).json();
        assertThat(read.get("name").asText()).isEqualTo(collection);
        assertThat(read.get("description").asText()).isEqualTo("Company handbook");
        assertThat(read.get("folder").isNull()).isTrue();
        assertThat(read.get("documents").asInt()).isZero();
        assertThat(api.get("/v1/collections").expect(200).json().get("collections").findValuesAsText("name"))
                .contains(collection);

        api.post("/v1/collections", "{\"name\": \"" + collection + "\"}").error(409, "conflict");
        assertThat(api.post("/v1/collections", "{\"name\": \"a/b\"}").error(400, "invalid_request")).contains("'a/b'");
        api.method("DELETE", "/v1/collections/" + collection).expect(204);
        api.get("/v1/collections/" + collection).error(404, "not_found");
    }

    @Test
    void anUploadIsSearchableWhenAnsweredAndTheSameContentAgainIsNotIngested() {
        byte[] pdf = handbookPdf();
        JsonNode uploaded = api.post(documents() + "?name=policies.pdf", PDF, pdf).expect(201).json();

        assertThat(uploaded.get("outcome").asText()).isEqualTo("created");
        JsonNode document = uploaded.get("document");
        assertThat(document.get("name").asText()).isEqualTo("policies.pdf");
        assertThat(document.get("media_type").asText()).isEqualTo(PDF);
        assertThat(document.get("size_bytes").asLong()).isEqualTo(pdf.length);
        assertThat(document.get("content_hash").asText()).hasSize(64);
        assertThat(document.get("status").asText()).isEqualTo("indexed");
        assertThat(document.get("pages").asInt()).isEqualTo(2);
        assertThat(document.get("chunks").asInt()).isEqualTo(2);
        assertThat(fixture.documents.search(ApiKeys.DEFAULT_TENANT, List.of(collection), "parental leave", 1))
                .singleElement().satisfies(match -> assertThat(match.chunk().page()).isEqualTo(2));

        JsonNode again = api.post(documents() + "?name=policies.pdf", PDF, pdf).expect(200).json();
        assertThat(again.get("outcome").asText()).isEqualTo("unchanged");
        assertThat(again.get("document").get("id").asText()).isEqualTo(document.get("id").asText());
        assertThat(api.get(documents()).expect(200).json().get("documents")).hasSize(1);
        assertThat(api.get("/v1/collections/" + collection).json().get("chunks").asInt()).isEqualTo(2);
    }

    @Test
    void aTypeUnsaidIsTakenFromTheNameAndDeletedDocumentsAreGone() {
        String id = api.post(documents() + "?name=notes.md", "application/octet-stream",
                DocumentFixtures.utf8("# Notes\n\nThe VPN must be on.")).expect(201).json().get("document").get("id").asText();
        assertThat(api.get(documents()).json().get("documents").get(0).get("media_type").asText()).isEqualTo("text/markdown");

        api.method("DELETE", documents() + "/" + id).expect(204);

        assertThat(api.get(documents()).json().get("documents")).isEmpty();
        api.method("DELETE", documents() + "/" + id).error(404, "not_found");
    }

    @Test
    void anUploadLargerThanOtherRequestBodiesIsTaken() {
        byte[] text = new byte[3 * 1024 * 1024]; // three times the limit of other bodies
        java.util.Arrays.fill(text, (byte) ' ');
        byte[] words = DocumentFixtures.utf8("The archive room is on the third floor.");
        System.arraycopy(words, 0, text, text.length - words.length, words.length);

        JsonNode uploaded = api.post(documents() + "?name=archive.txt", "text/plain", text).expect(201).json();

        assertThat(uploaded.get("document").get("size_bytes").asLong()).isEqualTo(text.length);
        assertThat(uploaded.get("document").get("chunks").asInt()).isEqualTo(1);
    }

    @Test
    void badUploadsAreRefusedClearlyAndChangeNothing() {
        api.post(documents() + "?name=policies.pdf", PDF, handbookPdf()).expect(201);
        JsonNode before = api.get(documents()).json();

        String tooLarge = api.post(documents() + "?name=huge.txt", "text/plain", new byte[20 * 1024 * 1024 + 1])
                .error(413, "payload_too_large");
        assertThat(tooLarge).contains("20 MiB");
        assertThat(api.post(documents() + "?name=photo.png", "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G'})
                .error(415, "unsupported_media_type")).contains("'image/png'").contains(PDF);
        assertThat(api.post(documents() + "?name=policies.pdf", PDF, DocumentFixtures.brokenPdf())
                .error(422, "unreadable_document")).contains("'policies.pdf' could not be read as application/pdf");
        assertThat(api.post(documents(), PDF, handbookPdf()).error(400, "invalid_request")).contains("'name'");
        assertThat(api.post(documents() + "?name=empty.txt", "text/plain", new byte[0]).error(400, "invalid_request"))
                .contains("empty");
        api.post("/v1/collections/no-such/documents?name=a.txt", "text/plain", DocumentFixtures.utf8("a"))
                .error(404, "not_found");
        api.post("/v1/collections/" + collection + "/refresh", "{}").error(409, "conflict");

        assertThat(api.get(documents()).json()).isEqualTo(before);
    }

    @Test
    void anotherTenantFindsNoneOfTheCollection() {
        api.post(documents() + "?name=policies.pdf", PDF, handbookPdf()).expect(201);
        HttpApi other = api.as(fixture.otherTenantKey());

        assertThat(other.get("/v1/collections").expect(200).json().get("collections")).isEmpty();
        other.get("/v1/collections/" + collection).error(404, "not_found");
        other.get(documents()).error(404, "not_found");
        other.post(documents() + "?name=x.txt", "text/plain", DocumentFixtures.utf8("x")).error(404, "not_found");
        other.method("DELETE", "/v1/collections/" + collection).error(404, "not_found");

        assertThat(api.get(documents()).json().get("documents")).hasSize(1);
    }
}
