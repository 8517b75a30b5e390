package dev.cairn.tools.recall;

import dev.cairn.core.event.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.BreakIterator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.LengthGoalBreakIterator;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * An in-memory Lucene index of one session's conversation, extended by sequence number: it knows
 * the last event it has seen, and takes the events after it. Texts are analyzed for English
 * (stemming, stop words) and ranked with BM25, Lucene's default similarity.
 *
 * <p>Not thread-safe: {@link ConversationRecall} gives each index to one caller at a time.
 */
final class ConversationIndex implements AutoCloseable {

    static final String TEXT = "text";
    private static final String SEQ = "seq";
    private static final String ROLE = "role";
    private static final String TOOL = "tool";
    private static final String ERROR = "error";
    private static final String TIME = "time";
    private static final int EXCERPT_GOAL_CHARS = 160;
    private static final int MAX_EXCERPT_CHARS = 400;
    private static final Sort BEST_THEN_NEWEST = new Sort(SortField.FIELD_SCORE, new SortField(SEQ, SortField.Type.LONG, true));
    private static final FieldType TEXT_TYPE = textType();

    private final Analyzer analyzer;
    private final String searchToolName;
    private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
    private final IndexWriter writer;
    private DirectoryReader reader;
    private long indexedThrough;
    private long indexedChars;
    private boolean changed;
    private boolean closed;

    ConversationIndex(Analyzer analyzer, String searchToolName) {
        this.analyzer = analyzer;
        this.searchToolName = searchToolName;
        try {
            writer = new IndexWriter(directory, new IndexWriterConfig(analyzer).setCommitOnClose(false));
        } catch (IOException e) {
            throw new UncheckedIOException("an in-memory index could not be opened", e);
        }
    }

    private static FieldType textType() {
        FieldType type = new FieldType();
        type.setTokenized(true);
        type.setStored(true);
        type.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
        type.freeze();
        return type;
    }

    /** The sequence number of the last event this index has taken; 0 before any. */
    long indexedThrough() {
        return indexedThrough;
    }

    /** The characters of text indexed: what the index's size in memory grows with. */
    long indexedChars() {
        return indexedChars;
    }

    boolean closed() {
        return closed;
    }

    /** Takes the next events of the session, in order, each after {@link #indexedThrough()}. */
    void add(List<Event> events) {
        try {
            for (Event event : events) {
                if (event.seq() <= indexedThrough) {
                    continue;
                }
                var searchable = ConversationDocuments.of(event, searchToolName);
                if (searchable.isPresent()) {
                    writer.addDocument(document(searchable.get()));
                    indexedChars += searchable.get().text().length();
                    changed = true;
                }
                indexedThrough = event.seq();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the conversation index could not take events", e);
        }
    }

    private static Document document(ConversationDocuments.Searchable message) {
        Document document = new Document();
        document.add(new Field(TEXT, message.text(), TEXT_TYPE));
        document.add(new NumericDocValuesField(SEQ, message.seq()));
        document.add(new StoredField(SEQ, message.seq()));
        document.add(new StoredField(ROLE, message.role()));
        if (message.tool() != null) {
            document.add(new StoredField(TOOL, message.tool()));
        }
        document.add(new StoredField(ERROR, message.error() ? 1 : 0));
        document.add(new StoredField(TIME, message.timeMillis()));
        return document;
    }

    /** The best matches of {@code query}, best first (newer first among equals), at most {@code limit}. */
    List<RecalledMessage> search(Query query, int limit) {
        try {
            IndexSearcher searcher = searcher();
            if (searcher == null) {
                return List.of();
            }
            TopFieldDocs top = searcher.search(query, limit, BEST_THEN_NEWEST, true);
            String[] excerpts = highlighter(searcher).highlight(TEXT, query, top, 2);
            StoredFields stored = searcher.storedFields();
            List<RecalledMessage> found = new ArrayList<>(top.scoreDocs.length);
            for (int hit = 0; hit < top.scoreDocs.length; hit++) {
                ScoreDoc scoreDoc = top.scoreDocs[hit];
                Document document = stored.document(scoreDoc.doc);
                found.add(new RecalledMessage(document.getField(SEQ).numericValue().longValue(), document.get(ROLE),
                        document.get(TOOL), document.getField(ERROR).numericValue().intValue() == 1,
                        Instant.ofEpochMilli(document.getField(TIME).numericValue().longValue()),
                        excerpt(excerpts[hit], document.get(TEXT)), scoreDoc.score));
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException("the conversation index could not be searched", e);
        }
    }

    private IndexSearcher searcher() throws IOException {
        if (reader == null && !changed) {
            return null;
        }
        if (reader == null) {
            reader = DirectoryReader.open(writer);
        } else if (changed) {
            DirectoryReader newer = DirectoryReader.openIfChanged(reader, writer);
            if (newer != null) {
                reader.close();
                reader = newer;
            }
        }
        changed = false;
        return new IndexSearcher(reader);
    }

    private UnifiedHighlighter highlighter(IndexSearcher searcher) {
        return UnifiedHighlighter.builder(searcher, analyzer)
                .withBreakIterator(() -> LengthGoalBreakIterator.createClosestToLength(
                        BreakIterator.getSentenceInstance(Locale.ROOT), EXCERPT_GOAL_CHARS, 0.5f))
                .withFormatter(new DefaultPassageFormatter("", "", " … ", false))
                .withMaxLength(64 * 1024)
                .withMaxNoHighlightPassages(1)
                .build();
    }

    /** The highlighted passages, whitespace folded and cut to a readable length. */
    private static String excerpt(String highlighted, String text) {
        String excerpt = (highlighted == null || highlighted.isBlank() ? text : highlighted).strip().replaceAll("\\s+", " ");
        if (excerpt.length() <= MAX_EXCERPT_CHARS) {
            return excerpt;
        }
        int end = Character.isHighSurrogate(excerpt.charAt(MAX_EXCERPT_CHARS - 1)) ? MAX_EXCERPT_CHARS - 1 : MAX_EXCERPT_CHARS;
        return excerpt.substring(0, end) + " …";
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (reader != null) {
                reader.close();
            }
            writer.close();
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException("the conversation index could not be closed", e);
        }
    }
}
