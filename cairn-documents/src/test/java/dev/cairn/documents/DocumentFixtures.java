package dev.cairn.documents;

import dev.cairn.memory.MiniLmEmbedder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/**
 * Real documents made by tests (PDFs with PDFBox, Word files with Apache POI) rather than binaries
 * kept in the repository, and one embedder for the JVM. Shared with other modules' tests as this
 * module's test jar.
 */
public final class DocumentFixtures {

    private static MiniLmEmbedder embedder;

    private DocumentFixtures() {
    }

    public static synchronized MiniLmEmbedder embedder() {
        if (embedder == null) {
            embedder = MiniLmEmbedder.create();
        }
        return embedder;
    }

    /** A PDF with one page per element of {@code pages}, each page's paragraphs (lines) as given. */
    public static byte[] pdf(List<List<String>> pages) {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (List<String> lines : pages) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(font, 11);
                    content.setLeading(28);
                    content.newLineAtOffset(50, 720);
                    for (String line : lines) {
                        content.showText(line);
                        content.newLine();
                    }
                    content.endText();
                }
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Word document with one paragraph per element. */
    public static byte[] docx(List<String> paragraphs) {
        try (XWPFDocument document = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (String paragraph : paragraphs) {
                document.createParagraph().createRun().setText(paragraph);
            }
            document.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The first part of a real PDF, cut off: its header parses, its body does not. */
    public static byte[] brokenPdf() {
        byte[] whole = pdf(List.of(List.of("This PDF will be cut in half.")));
        byte[] half = new byte[whole.length / 2];
        System.arraycopy(whole, 0, half, 0, half.length);
        return half;
    }
}
