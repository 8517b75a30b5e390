package dev.cairn.memory;

import dev.cairn.core.memory.IndexedMemory;
import dev.cairn.core.memory.MemoryFilter;
import dev.cairn.core.memory.MemoryOwner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.WordlistLoader;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * How a memory is laid out as a Lucene document, and the queries over that layout. The filter
 * fields are exact terms; the text is analyzed; queries are built from the analyzer's tokens, so
 * no character of a user's text has a meaning to Lucene.
 */
final class MemoryDocuments {

    static final String ID = "id";
    /** Tenant and owner, one exact term. */
    static final String OWNER = "owner";
    /** Tenant, owner and namespace, one exact term. */
    static final String OWNER_NAMESPACE = "owner_namespace";
    static final String TEXT = "text";
    static final String VECTOR = "vector";

    /** Distinct words of a query that are searched; the rest of a very long query is ignored. */
    static final int MAX_QUERY_TERMS = 256;

    private MemoryDocuments() {
    }

    /**
     * English analysis (possessives, lower case, Porter stemming) with the Snowball stop words,
     * the same for memories and queries.
     */
    static Analyzer analyzer() {
        try (InputStream words = MemoryDocuments.class.getResourceAsStream("english-stop-words.txt")) {
            if (words == null) {
                throw new IllegalStateException("english-stop-words.txt is missing from the class path");
            }
            return new EnglishAnalyzer(WordlistLoader.getSnowballWordSet(words));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the English stop words", e);
        }
    }

    static Term idTerm(String id) {
        return new Term(ID, id);
    }

    static Document document(IndexedMemory item) {
        Document document = new Document();
        document.add(new StringField(ID, item.id(), Field.Store.YES));
        document.add(new StringField(OWNER, exactKey(item.tenantId(), item.owner().term()), Field.Store.NO));
        document.add(new StringField(OWNER_NAMESPACE, exactKey(item.tenantId(), item.owner().term(), item.namespace()),
                Field.Store.NO));
        document.add(new TextField(TEXT, item.text(), Field.Store.NO));
        document.add(new KnnFloatVectorField(VECTOR, item.vector(), VectorSimilarityFunction.DOT_PRODUCT));
        return document;
    }

    /**
     * Matches exactly the items {@code filter} allows: one of its owners in its tenant, and in its
     * namespace if set. Each owner is one term that already names the tenant (and the namespace),
     * so the filter reads only the postings of the owners searched, never a whole tenant's.
     */
    static Query filterQuery(MemoryFilter filter) {
        BooleanQuery.Builder owners = new BooleanQuery.Builder();
        for (MemoryOwner owner : filter.owners()) {
            Term term = filter.namespace() == null
                    ? new Term(OWNER, exactKey(filter.tenantId(), owner.term()))
                    : new Term(OWNER_NAMESPACE, exactKey(filter.tenantId(), owner.term(), filter.namespace()));
            owners.add(new TermQuery(term), Occur.SHOULD);
        }
        return new ConstantScoreQuery(owners.build());
    }

    /** The parts, each prefixed with its length, so that different parts never make the same key. */
    private static String exactKey(String... parts) {
        StringBuilder key = new StringBuilder();
        for (String part : parts) {
            key.append(part.length()).append(':').append(part);
        }
        return key.toString();
    }

    /**
     * BM25 over {@code words} (from {@link #words}) restricted to {@code filter}; empty when there
     * is no word to search.
     */
    static Optional<Query> textQuery(Set<String> words, Query filter) {
        if (words.isEmpty()) {
            return Optional.empty();
        }
        BooleanQuery.Builder anyWord = new BooleanQuery.Builder();
        for (String word : words) {
            anyWord.add(new TermQuery(new Term(TEXT, word)), Occur.SHOULD);
        }
        return Optional.of(new BooleanQuery.Builder()
                .add(anyWord.build(), Occur.MUST)
                .add(filter, Occur.FILTER)
                .build());
    }

    /**
     * The distinct searchable words of {@code text} as the analyzer indexes them (stemmed, stop
     * words out), at most {@link #MAX_QUERY_TERMS}; empty for null.
     */
    static Set<String> words(Analyzer analyzer, String text) {
        Set<String> words = new LinkedHashSet<>();
        if (text == null) {
            return words;
        }
        try (TokenStream tokens = analyzer.tokenStream(TEXT, text)) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            tokens.reset();
            while (tokens.incrementToken() && words.size() < MAX_QUERY_TERMS) {
                words.add(term.toString());
            }
            tokens.end();
        } catch (IOException e) {
            // analyzing a String reads no file; the reader cannot fail
            throw new UncheckedIOException(e);
        }
        return words;
    }
}
