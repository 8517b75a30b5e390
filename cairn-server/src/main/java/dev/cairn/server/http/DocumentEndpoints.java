package dev.cairn.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.documents.DocumentCollection;
import dev.cairn.core.documents.StoredDocument;
import dev.cairn.core.json.Json;
import dev.cairn.core.store.Role;
import dev.cairn.documents.CollectionSummary;
import dev.cairn.documents.DocumentLibrary;
import dev.cairn.documents.DocumentRejectedException;
import dev.cairn.documents.Ingested;
import dev.cairn.documents.RefreshReport;
import java.util.List;

/**
 * {@code /v1/collections}: the caller's tenant's document collections. Create, list, read and
 * delete collections; upload a document as the raw request body ({@code Content-Type} says its
 * format, {@code ?name=} its name; up to the library's size limit, 20 MiB by default), list and
 * delete documents; refresh a collection that mirrors a server folder. An upload is answered once
 * the document is searchable. Another tenant's collections are not found; a document that is too
 * large (413), of an unsupported type (415) or unreadable (422) changes nothing.
 */
final class DocumentEndpoints {

    private final DocumentLibrary library;

    DocumentEndpoints(DocumentLibrary library) {
        this.library = library;
    }

    void register(ApiRouter router) {
        router.post("/v1/collections", Role.USER, this::create)
                .get("/v1/collections", Role.USER, this::list)
                .get("/v1/collections/{name}", Role.USER, this::read)
                .delete("/v1/collections/{name}", Role.USER, this::delete)
                .post("/v1/collections/{name}/documents", Role.USER, this::upload)
                .get("/v1/collections/{name}/documents", Role.USER, this::documents)
                .delete("/v1/collections/{name}/documents/{id}", Role.USER, this::deleteDocument)
                .post("/v1/collections/{name}/refresh", Role.USER, this::refresh);
    }

    /** {@code {name, description?}} -> 201 with the collection. */
    private void create(Call call) {
        JsonFields body = call.json("name", "description");
        DocumentCollection created = library.createCollection(call.tenantId(), body.requiredText("name"),
                body.text("description"));
        call.reply(201, collection(new CollectionSummary(created, 0, 0, 0)));
    }

    private void list(Call call) {
        ObjectNode answer = Json.object();
        ArrayNode collections = answer.putArray("collections");
        library.collections(call.tenantId()).forEach(summary -> collections.add(collection(summary)));
        call.reply(200, answer);
    }

    private void read(Call call) {
        call.reply(200, collection(library.collection(call.tenantId(), call.path("name"))));
    }

    private void delete(Call call) {
        library.deleteCollection(call.tenantId(), call.path("name"));
        call.replyNoContent();
    }

    /** Raw body, {@code ?name=}: 201 with the document when stored, 200 when it was there unchanged. */
    private void upload(Call call) {
        String name = call.query("name").filter(text -> !text.isBlank()).orElseThrow(() -> HttpProblem.badRequest(
                "query parameter 'name' is required: the document's name, for example ?name=handbook.pdf"));
        try {
            RequestBody body = RequestBody.read(call.request(), library.options().maxDocumentBytes());
            if (body.isEmpty()) {
                throw HttpProblem.badRequest("the request body is empty: send the document's bytes as the body");
            }
            Ingested ingested = library.upload(call.tenantId(), call.path("name"), name, body.mediaType(), body.bytes());
            ObjectNode answer = Json.object();
            answer.put("outcome", ingested.outcome());
            answer.set("document", document(ingested.document()));
            call.reply(ingested.changed() ? 201 : 200, answer);
        } catch (DocumentRejectedException e) {
            throw new HttpProblem(switch (e.reason()) {
                case UNSUPPORTED -> 415;
                case TOO_LARGE -> 413;
                case UNREADABLE -> 422;
            }, e.type(), e.getMessage());
        }
    }

    private void documents(Call call) {
        ObjectNode answer = Json.object();
        ArrayNode documents = answer.putArray("documents");
        library.documents(call.tenantId(), call.path("name")).forEach(document -> documents.add(document(document)));
        call.reply(200, answer);
    }

    private void deleteDocument(Call call) {
        library.deleteDocument(call.tenantId(), call.path("name"), call.path("id"));
        call.replyNoContent();
    }

    private void refresh(Call call) {
        RefreshReport report = library.refresh(call.tenantId(), call.path("name"));
        ObjectNode answer = Json.object();
        names(answer, "added", report.added());
        names(answer, "replaced", report.replaced());
        names(answer, "unchanged", report.unchanged());
        names(answer, "removed", report.removed());
        names(answer, "failed", report.failed());
        call.reply(200, answer);
    }

    private static void names(ObjectNode answer, String field, List<String> names) {
        ArrayNode array = answer.putArray(field);
        names.forEach(array::add);
    }

    private static ObjectNode collection(CollectionSummary summary) {
        DocumentCollection collection = summary.collection();
        ObjectNode node = Json.object();
        node.put("name", collection.name());
        node.put("description", collection.description());
        node.put("folder", collection.folder());
        node.put("documents", summary.documents());
        node.put("failed_documents", summary.failed());
        node.put("chunks", summary.chunks());
        node.put("created_at", collection.createdAt().toString());
        return node;
    }

    private static ObjectNode document(StoredDocument document) {
        ObjectNode node = Json.object();
        node.put("id", document.id());
        node.put("name", document.name());
        node.put("media_type", document.mediaType());
        node.put("size_bytes", document.sizeBytes());
        node.put("content_hash", document.contentHash());
        node.put("status", document.status());
        node.put("error", document.error());
        node.put("pages", document.pages());
        node.put("chunks", document.chunkCount());
        node.put("created_at", document.createdAt().toString());
        return node;
    }
}
