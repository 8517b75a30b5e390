package dev.cairn.bench.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Handbook-like text for the documents benchmarks: paragraphs of about 900 characters (one chunk
 * each at the default chunk size), each of sentences about one subject, drawn from a seeded random
 * source so every run has the same corpus.
 */
final class DocumentCorpus {

    static final List<String> SUBJECTS = List.of("travel expenses", "parental leave", "the VPN", "laptop renewal",
            "the security badge", "overtime pay", "the pension plan", "remote work", "the annual review",
            "office parking", "sick leave", "the training budget", "meeting rooms", "the printer fleet",
            "visitor access", "the code of conduct", "health insurance", "bicycle leasing", "the canteen",
            "software licences");
    private static final List<String> CLAIMS = List.of("must be approved by your manager",
            "is handled by the people team in Berlin", "applies after three months of service",
            "is reviewed every spring", "needs a receipt for anything above fifty euros",
            "can be requested through the self-service portal", "is capped at twenty days a year",
            "changed on the first of January", "is paid with the next salary", "requires two signatures",
            "is described in detail on the intranet", "does not apply to contractors",
            "may be carried over to the next year", "is booked through the travel desk",
            "is replaced every three years", "must be reported within forty-eight hours");
    static final List<String> QUESTIONS = List.of("how long is parental leave", "who approves travel expenses",
            "when is my laptop replaced", "how do I request remote work", "what does health insurance cover",
            "is overtime paid", "how do I book a meeting room", "who handles the pension plan",
            "can contractors use bicycle leasing", "where do I report a lost security badge");

    private final SplittableRandom random;

    DocumentCorpus(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** One paragraph of about {@code chars} characters about one subject. */
    String paragraph(int chars) {
        String subject = SUBJECTS.get(random.nextInt(SUBJECTS.size()));
        StringBuilder text = new StringBuilder();
        while (text.length() < chars - 120) {
            String claim = CLAIMS.get(random.nextInt(CLAIMS.size()));
            text.append(text.isEmpty() ? capital(subject) : "For " + subject + ", it").append(' ').append(claim)
                    .append(" (rule ").append(random.nextInt(1000)).append("). ");
        }
        return text.toString().strip();
    }

    /** {@code count} paragraphs of about {@code chars} characters, separated by blank lines. */
    String document(int count, int chars) {
        List<String> paragraphs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            paragraphs.add(paragraph(chars));
        }
        return String.join("\n\n", paragraphs);
    }

    /** The lines of one PDF page: {@code lines} sentences-long lines of under 90 characters each. */
    List<String> pageLines(int lines) {
        List<String> page = new ArrayList<>();
        String paragraph = paragraph(lines * 80);
        StringBuilder line = new StringBuilder();
        for (String word : paragraph.split(" ")) {
            if (line.length() + word.length() + 1 > 85) {
                page.add(line.toString());
                line.setLength(0);
            }
            line.append(line.isEmpty() ? "" : " ").append(word);
        }
        page.add(line.toString());
        return page;
    }

    private static String capital(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
