package dev.cairn.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextExtractorTest {

    private final TextExtractor extractor = new TextExtractor(1_000_000);

    @Test
    void pdfTextKeepsItsPagesAndWhereEachStarts() {
        byte[] pdf = DocumentFixtures.pdf(List.of(List.of("Refunds are issued within 14 days."),
                List.of("Travel must be booked through the portal."), List.of("Laptops are replaced every three years.")));

        ExtractedText text = extractor.extract("policy.pdf", DocumentType.PDF, pdf);

        assertThat(text.pages()).isEqualTo(3);
        int travel = text.text().indexOf("Travel must be booked");
        int laptops = text.text().indexOf("Laptops are replaced");
        assertThat(text.text().indexOf("Refunds are issued")).isGreaterThanOrEqualTo(0);
        assertThat(text.pageAt(text.text().indexOf("Refunds are issued"))).isEqualTo(1);
        assertThat(text.pageAt(travel)).isEqualTo(2);
        assertThat(text.pageAt(laptops)).isEqualTo(3);
    }

    @Test
    void docxParagraphsAreSeparatedByBlankLines() {
        byte[] docx = DocumentFixtures.docx(List.of("First paragraph about onboarding.", "Second paragraph about payroll."));

        ExtractedText text = extractor.extract("guide.docx", DocumentType.DOCX, docx);

        assertThat(text.pages()).isNull();
        assertThat(text.text()).contains("First paragraph about onboarding.\n\nSecond paragraph about payroll.");
    }

    @Test
    void htmlKeepsTheBodyTextWithoutTheHeadOrMarkup() {
        byte[] html = DocumentFixtures.utf8("<html><head><title>Secret title</title><style>p {color: red}</style></head>"
                + "<body><h1>Expenses</h1><p>Receipts are <b>required</b> above 50 euros.</p><p>Submit monthly.</p></body></html>");

        ExtractedText text = extractor.extract("expenses.html", DocumentType.HTML, html);

        assertThat(text.text()).contains("Expenses\n\nReceipts are required above 50 euros.\n\nSubmit monthly.")
                .doesNotContain("Secret title").doesNotContain("color").doesNotContain("<");
    }

    @Test
    void markdownAndPlainTextAreTakenAsTheyAre() {
        ExtractedText text = extractor.extract("notes.md", DocumentType.MARKDOWN, DocumentFixtures.utf8("# Title\n\nSome *notes* here.\n"));

        assertThat(text.text()).contains("# Title").contains("Some *notes* here.");
    }

    @Test
    void aBrokenPdfIsRefusedAsUnreadableNamingTheFile() {
        assertThatThrownBy(() -> extractor.extract("broken.pdf", DocumentType.PDF, DocumentFixtures.brokenPdf()))
                .isInstanceOfSatisfying(DocumentRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(DocumentRejectedException.Reason.UNREADABLE))
                .hasMessageContaining("'broken.pdf'");
    }

    @Test
    void textThatIsNotAPdfIsRefusedAsUnreadable() {
        assertThatThrownBy(() -> extractor.extract("fake.pdf", DocumentType.PDF, DocumentFixtures.utf8("just words, no PDF")))
                .isInstanceOfSatisfying(DocumentRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(DocumentRejectedException.Reason.UNREADABLE))
                .hasMessageContaining("could not be read as application/pdf");
    }

    @Test
    void aPdfWithoutTextIsRefusedSayingSo() {
        assertThatThrownBy(() -> extractor.extract("scan.pdf", DocumentType.PDF, DocumentFixtures.pdf(List.of(List.of()))))
                .isInstanceOf(DocumentRejectedException.class)
                .hasMessageContaining("no text could be extracted from 'scan.pdf'");
    }

    @Test
    void textOverTheLimitIsRefusedAsTooLarge() {
        TextExtractor small = new TextExtractor(100);

        assertThatThrownBy(() -> small.extract("long.txt", DocumentType.TEXT, DocumentFixtures.utf8("word ".repeat(100))))
                .isInstanceOfSatisfying(DocumentRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(DocumentRejectedException.Reason.TOO_LARGE))
                .hasMessageContaining("more than 100 characters");
    }

    @Test
    void typesResolveByMediaTypeOrElseByExtension() {
        assertThat(DocumentType.resolve("application/pdf", "x")).isEqualTo(DocumentType.PDF);
        assertThat(DocumentType.resolve("text/html; charset=utf-8", "x")).isEqualTo(DocumentType.HTML);
        assertThat(DocumentType.resolve("application/octet-stream", "Guide.DOCX")).isEqualTo(DocumentType.DOCX);
        assertThat(DocumentType.resolve(null, "readme.md")).isEqualTo(DocumentType.MARKDOWN);
        assertThatThrownBy(() -> DocumentType.resolve("image/png", "x.png"))
                .hasMessageContaining("media type 'image/png' is not supported").hasMessageContaining("application/pdf");
        assertThatThrownBy(() -> DocumentType.resolve("", "archive.zip"))
                .hasMessageContaining("'archive.zip' has no Content-Type");
    }
}
