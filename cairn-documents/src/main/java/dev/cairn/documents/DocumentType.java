package dev.cairn.documents;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The formats a collection takes, by media type and by file name extension. */
public enum DocumentType {

    TEXT("text/plain", List.of(".txt", ".text")),
    MARKDOWN("text/markdown", List.of(".md", ".markdown")),
    HTML("text/html", List.of(".html", ".htm")),
    PDF("application/pdf", List.of(".pdf")),
    DOCX("application/vnd.openxmlformats-officedocument.wordprocessingml.document", List.of(".docx"));

    /** Media types that say nothing about the format, so the name's extension decides. */
    private static final List<String> UNSPECIFIC = List.of("", "application/octet-stream");

    private final String mediaType;
    private final List<String> extensions;

    DocumentType(String mediaType, List<String> extensions) {
        this.mediaType = mediaType;
        this.extensions = extensions;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The type of a file by its name's extension (case-insensitive), if it is one of these. */
    public static Optional<DocumentType> byName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return Stream.of(values()).filter(type -> type.extensions.stream().anyMatch(lower::endsWith)).findFirst();
    }

    /**
     * The type of a document: by {@code mediaType} (without parameters) when it names one, by
     * {@code name}'s extension when it is empty or {@code application/octet-stream}.
     *
     * @throws DocumentRejectedException naming what is not supported and what is
     */
    public static DocumentType resolve(String mediaType, String name) {
        String type = mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT).split(";", 2)[0].strip();
        if (UNSPECIFIC.contains(type)) {
            return byName(name).orElseThrow(() -> new DocumentRejectedException(DocumentRejectedException.Reason.UNSUPPORTED,
                    "'" + name + "' has no Content-Type and its extension is not one of " + extensionList()
                            + "; supported types: " + mediaTypeList()));
        }
        return Stream.of(values()).filter(known -> known.mediaType.equals(type)).findFirst()
                .orElseThrow(() -> new DocumentRejectedException(DocumentRejectedException.Reason.UNSUPPORTED,
                        "media type '" + type + "' is not supported; supported types: " + mediaTypeList()));
    }

    static String mediaTypeList() {
        return Stream.of(values()).map(DocumentType::mediaType).collect(Collectors.joining(", "));
    }

    private static String extensionList() {
        return Stream.of(values()).flatMap(type -> type.extensions.stream()).collect(Collectors.joining(", "));
    }
}
