package dev.cairn.documents;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.tika.exception.TikaException;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.html.JSoupParser;
import org.apache.tika.parser.microsoft.ooxml.OOXMLParser;
import org.apache.tika.parser.pdf.PDFParser;
import org.apache.tika.parser.txt.TXTParser;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Extracts the plain text of a document with Apache Tika, with the parser of its declared
 * {@link DocumentType} (no guessing from content): paragraphs, headings, list items and table
 * rows end with a blank line, and each PDF page's start is recorded. Embedded files (attachments,
 * images) are not read.
 *
 * <p>Thread-safe: Tika's parsers are, and each call has its own handler.
 */
public final class TextExtractor {

    /** Elements of Tika's XHTML output after which a paragraph ends. */
    private static final Set<String> BLOCKS = Set.of("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre",
            "blockquote", "tr", "table", "ul", "ol", "dt", "dd");

    private final Map<DocumentType, Parser> parsers;
    private final int maxChars;

    /** An extractor that refuses documents whose text is longer than {@code maxChars}. */
    public TextExtractor(int maxChars) {
        if (maxChars < 1) {
            throw new IllegalArgumentException("the text limit must be at least 1 character, got " + maxChars);
        }
        this.maxChars = maxChars;
        Parser text = new TXTParser();
        this.parsers = Map.of(DocumentType.TEXT, text, DocumentType.MARKDOWN, text, DocumentType.HTML, new JSoupParser(),
                DocumentType.PDF, new PDFParser(), DocumentType.DOCX, new OOXMLParser());
    }

    /**
     * The text of {@code content} read as {@code type}.
     *
     * @throws DocumentRejectedException when it does not parse as that type, holds no text, or
     *     holds more text than the limit
     */
    public ExtractedText extract(String name, DocumentType type, byte[] content) {
        Collector collector = new Collector(maxChars);
        Metadata metadata = new Metadata();
        metadata.set(Metadata.CONTENT_TYPE, type.mediaType());
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
        ParseContext context = new ParseContext();
        try (InputStream in = new ByteArrayInputStream(content)) {
            parsers.get(type).parse(in, collector, metadata, context);
        } catch (IOException | SAXException | TikaException | RuntimeException e) {
            if (collector.limitReached) { // a parser may wrap the handler's exception in its own
                throw new DocumentRejectedException(DocumentRejectedException.Reason.TOO_LARGE, "'" + name
                        + "' holds more than " + maxChars + " characters of text", e);
            }
            throw new DocumentRejectedException(DocumentRejectedException.Reason.UNREADABLE, "'" + name
                    + "' could not be read as " + type.mediaType() + ": " + rootMessage(e), e);
        }
        String text = collector.text();
        if (text.isBlank()) {
            throw new DocumentRejectedException(DocumentRejectedException.Reason.UNREADABLE, "no text could be extracted from '"
                    + name + "'" + (type == DocumentType.PDF ? " (a scanned PDF holds images of text, which are not read)" : ""));
        }
        return new ExtractedText(text, collector.pageStarts);
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }

    /** Thrown from inside the parse when the text outgrows the limit. */
    private static final class TextLimitReached extends SAXException {
        TextLimitReached() {
            super("text limit reached");
        }
    }

    /** Collects the text of Tika's XHTML events, outside the head. */
    private static final class Collector extends DefaultHandler {

        private final StringBuilder text = new StringBuilder();
        private final List<Integer> pageStarts = new ArrayList<>();
        private final int maxChars;
        private int headDepth;
        private boolean limitReached;

        Collector(int maxChars) {
            this.maxChars = maxChars;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            String element = localName.isEmpty() ? qName : localName;
            if (element.equals("head")) {
                headDepth++;
            } else if (element.equals("div") && "page".equals(attributes.getValue("class"))) {
                endParagraph();
                pageStarts.add(text.length());
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            String element = localName.isEmpty() ? qName : localName;
            if (element.equals("head")) {
                headDepth--;
            } else if (BLOCKS.contains(element)) {
                endParagraph();
            } else if (element.equals("br")) {
                text.append('\n');
            }
        }

        @Override
        public void characters(char[] chars, int start, int length) throws SAXException {
            if (headDepth > 0) {
                return;
            }
            int from = start;
            int end = start + length;
            if (atParagraphStart()) { // whitespace between paragraphs is the blank line already there
                while (from < end && Character.isWhitespace(chars[from])) {
                    from++;
                }
            }
            if (text.length() + end - from > maxChars) {
                limitReached = true;
                throw new TextLimitReached();
            }
            text.append(chars, from, end - from);
        }

        @Override
        public void ignorableWhitespace(char[] chars, int start, int length) throws SAXException {
            characters(chars, start, length);
        }

        private boolean atParagraphStart() {
            int length = text.length();
            return length == 0 || length >= 2 && text.charAt(length - 1) == '\n' && text.charAt(length - 2) == '\n';
        }

        /** Ends the text so far with a blank line, unless it is empty or already does. */
        private void endParagraph() {
            int end = text.length();
            while (end > 0 && (text.charAt(end - 1) == ' ' || text.charAt(end - 1) == '\t')) {
                end--;
            }
            text.setLength(end);
            if (atParagraphStart()) {
                return;
            }
            text.append(text.charAt(end - 1) == '\n' ? "\n" : "\n\n");
        }

        String text() {
            return text.toString();
        }
    }
}
