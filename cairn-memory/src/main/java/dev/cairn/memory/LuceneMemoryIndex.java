package dev.cairn.memory;

import dev.cairn.core.memory.IndexedMemory;
import dev.cairn.core.memory.MemoryFilter;
import dev.cairn.core.memory.MemoryHit;
import dev.cairn.core.memory.MemoryIndex;
import dev.cairn.core.memory.MemoryIndexException;
import dev.cairn.core.memory.SearchMode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.Directory;

/**
 * The retrieval index of long-term memory on Lucene, in one folder on disk: BM25 over the text
 * (English analysis: stemming, Snowball stop words), HNSW over the vectors (dot product of unit
 * vectors), and reciprocal rank fusion of both for {@link SearchMode#HYBRID}. A hybrid search fuses the
 * word matches that cover enough of the query's information ({@link WordCoverage}), so a single
 * common word in common does not outvote the vectors, while a shared rare word (a code, a name)
 * does count.
 *
 * <p>Every search is restricted to its {@link MemoryFilter} inside Lucene, the vector search
 * included: the filter is applied while the nearest neighbours are collected, not to a list
 * collected without it, so an owner with few items still gets their best ones.
 *
 * <p>Durability: {@link #apply} makes changes visible to the next search at once (a near-real-time
 * reader refresh) but not durable; {@link #commit()} and {@link #close()} make everything applied
 * durable together with {@link #appliedThrough()}. After a crash the index reopens as of its last
 * commit, and the owner re-applies the store's changes after that sequence. A folder that is
 * missing, unreadable or made for another embedding model opens as an empty index (logged, with
 * the reason) whose {@code appliedThrough()} is 0, so its owner rebuilds it from the store. Damage
 * that only shows when a search reads it fails that search with {@link MemoryIndexException}; the
 * remedy is {@link #clear()} and a rebuild.
 *
 * <p>Thread-safe: any number of searches run concurrently with each other and with writes;
 * writes ({@code apply}, {@code clear}, {@code commit}) are serialized.
 */
public final class LuceneMemoryIndex implements MemoryIndex {

    private static final double UNIT_LENGTH_TOLERANCE = 1e-3;
    private static final TopDocs NO_MATCHES = new TopDocs(new TotalHits(0, TotalHits.Relation.EQUAL_TO), new ScoreDoc[0]);

    private final Path folder;
    private final String model;
    private final int dimensions;
    private final RankFusion fusion;
    private final int candidates;
    private final double minimumWordCoverage;
    private final Analyzer analyzer;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Object writeLock = new Object();
    private volatile long appliedThrough;
    private volatile boolean closed;

    private LuceneMemoryIndex(Builder builder) {
        this.folder = builder.folder;
        this.model = builder.model;
        this.dimensions = builder.dimensions;
        this.fusion = new RankFusion(builder.rankConstant);
        this.candidates = builder.candidates;
        this.minimumWordCoverage = builder.minimumWordCoverage;
        this.analyzer = MemoryDocuments.analyzer();
        IndexFolder.Opened opened = IndexFolder.open(folder, model, dimensions, analyzer);
        this.directory = opened.directory();
        this.writer = opened.writer();
        this.searchers = opened.searchers();
        this.appliedThrough = opened.appliedThrough();
    }

    /**
     * A builder for an index in {@code folder} over vectors of {@code model}, each of
     * {@code dimensions} floats. The folder is created if missing; an index found there that was
     * made for another model or dimension count is replaced by an empty one.
     */
    public static Builder builder(Path folder, String model, int dimensions) {
        return new Builder(folder, model, dimensions);
    }

    @Override
    public void apply(List<Change> changes, long throughSeq) {
        Objects.requireNonNull(changes, "changes");
        for (Change change : changes) {
            if (change instanceof Change.Upsert upsert) {
                checkVector(upsert.item().vector(), "the vector of memory " + upsert.item().id());
            } else {
                Objects.requireNonNull(change, "changes must not contain null");
            }
        }
        synchronized (writeLock) {
            ensureOpen();
            if (throughSeq < appliedThrough) {
                throw new IllegalArgumentException("the memory index already reflects the store through change "
                        + appliedThrough + "; changes through " + throughSeq + " are older");
            }
            try {
                for (Change change : changes) {
                    switch (change) {
                        case Change.Upsert upsert -> {
                            IndexedMemory item = upsert.item();
                            writer.updateDocument(MemoryDocuments.idTerm(item.id()), MemoryDocuments.document(item));
                        }
                        case Change.Remove remove -> writer.deleteDocuments(MemoryDocuments.idTerm(remove.id()));
                    }
                }
                appliedThrough = throughSeq;
                searchers.maybeRefreshBlocking();
            } catch (IOException | AlreadyClosedException e) {
                throw failure("apply " + changes.size() + " changes", e);
            }
        }
    }

    @Override
    public long appliedThrough() {
        return appliedThrough;
    }

    /**
     * {@inheritDoc}
     *
     * <p>{@link SearchMode#TEXT} ignores {@code vector}; the other modes need one of this index's
     * dimensions. Text with no searchable word (empty, or only stop words) ranks nothing by words,
     * so a hybrid search falls back to the vectors alone; in a hybrid search, a hit's text rank is
     * its rank among the word matches that covered enough of the query to count (see
     * {@link Builder#minimumWordCoverage}), 0 otherwise. A hit's score is the BM25 score for
     * {@code TEXT}, the cosine similarity for {@code VECTOR}, and the fused score for {@code HYBRID}.
     *
     * @throws IllegalArgumentException if {@code limit < 1} or the mode needs a vector and has none of the right size
     */
    @Override
    public List<MemoryHit> search(String text, float[] vector, MemoryFilter filter, int limit, SearchMode mode) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(mode, "mode");
        if (limit < 1) {
            throw new IllegalArgumentException("a search limit must be at least 1, got " + limit);
        }
        if (mode != SearchMode.TEXT) {
            checkVector(vector, "the query vector");
        }
        IndexSearcher searcher = acquire();
        try {
            Query filterQuery = MemoryDocuments.filterQuery(filter);
            return switch (mode) {
                case TEXT -> ranked(textRanking(searcher, words(text), filterQuery, limit), limit, searcher, true);
                // the graph walk keeps as many candidates as it is asked for: asking for more than
                // the limit finds the true nearest ones more often
                case VECTOR -> ranked(vectorRanking(searcher, vector, filterQuery, Math.max(limit, candidates)), limit,
                        searcher, false);
                case HYBRID -> {
                    int depth = Math.max(limit, candidates);
                    Set<String> words = words(text);
                    List<ScoreDoc> wordMatches = WordCoverage.sufficient(textRanking(searcher, words, filterQuery, depth),
                            words, searcher.getIndexReader(), minimumWordCoverage);
                    yield fusion.fuse(ids(wordMatches, searcher),
                            ids(List.of(vectorRanking(searcher, vector, filterQuery, depth).scoreDocs), searcher), limit);
                }
            };
        } catch (IOException | AlreadyClosedException e) {
            throw failure("search", e);
        } finally {
            release(searcher);
        }
    }

    private Set<String> words(String text) {
        return MemoryDocuments.words(analyzer, text);
    }

    private static TopDocs textRanking(IndexSearcher searcher, Set<String> words, Query filter, int depth)
            throws IOException {
        Optional<Query> query = MemoryDocuments.textQuery(words, filter);
        return query.isEmpty() ? NO_MATCHES : searcher.search(query.get(), depth);
    }

    private static TopDocs vectorRanking(IndexSearcher searcher, float[] vector, Query filter, int depth)
            throws IOException {
        return searcher.search(new KnnFloatVectorQuery(MemoryDocuments.VECTOR, vector, depth, filter), depth);
    }

    private static List<MemoryHit> ranked(TopDocs top, int limit, IndexSearcher searcher, boolean byText)
            throws IOException {
        List<String> ids = ids(List.of(top.scoreDocs).subList(0, Math.min(limit, top.scoreDocs.length)), searcher);
        List<MemoryHit> hits = new ArrayList<>(ids.size());
        for (int index = 0; index < ids.size(); index++) {
            double score = top.scoreDocs[index].score;
            int rank = index + 1;
            // Lucene scores a dot product d as (1 + d) / 2; the cosine of unit vectors is d itself
            hits.add(byText ? new MemoryHit(ids.get(index), score, rank, 0)
                    : new MemoryHit(ids.get(index), 2 * score - 1, 0, rank));
        }
        return hits;
    }

    private static List<String> ids(List<ScoreDoc> hits, IndexSearcher searcher) throws IOException {
        StoredFields stored = searcher.storedFields();
        List<String> ids = new ArrayList<>(hits.size());
        for (ScoreDoc hit : hits) {
            ids.add(stored.document(hit.doc, Set.of(MemoryDocuments.ID)).get(MemoryDocuments.ID));
        }
        return ids;
    }

    @Override
    public long size() {
        IndexSearcher searcher = acquire();
        try {
            return searcher.getIndexReader().numDocs();
        } finally {
            release(searcher);
        }
    }

    @Override
    public void clear() {
        synchronized (writeLock) {
            ensureOpen();
            try {
                writer.deleteAll();
                appliedThrough = 0;
                searchers.maybeRefreshBlocking();
            } catch (IOException | AlreadyClosedException e) {
                throw failure("clear", e);
            }
        }
    }

    @Override
    public void commit() {
        synchronized (writeLock) {
            ensureOpen();
            commitApplied();
        }
    }

    private void commitApplied() {
        try {
            writer.setLiveCommitData(IndexFolder.userData(model, dimensions, appliedThrough).entrySet());
            writer.commit();
        } catch (IOException | AlreadyClosedException e) {
            throw failure("commit", e);
        }
    }

    /** Commits what has been applied and releases the folder; closing twice does nothing. */
    @Override
    public void close() {
        synchronized (writeLock) {
            if (closed) {
                return;
            }
            closed = true;
            try (Directory ownDirectory = directory; Analyzer ownAnalyzer = analyzer; IndexWriter ownWriter = writer;
                 SearcherManager ownSearchers = searchers) {
                if (ownWriter.isOpen()) {
                    commitApplied();
                }
            } catch (IOException e) {
                throw failure("close", e);
            }
        }
    }

    private IndexSearcher acquire() {
        ensureOpen();
        try {
            return searchers.acquire();
        } catch (AlreadyClosedException e) {
            throw new IllegalStateException("the memory index in " + folder + " is closed", e);
        } catch (IOException e) {
            throw failure("search", e);
        }
    }

    private void release(IndexSearcher searcher) {
        try {
            searchers.release(searcher);
        } catch (IOException e) {
            throw failure("release a searcher", e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the memory index in " + folder + " is closed");
        }
    }

    private void checkVector(float[] vector, String what) {
        if (vector == null || vector.length != dimensions) {
            throw new IllegalArgumentException(what + " must have " + dimensions + " dimensions ("
                    + model + "), got " + (vector == null ? "none" : vector.length));
        }
        double length = Math.sqrt(Vectors.dot(vector, vector));
        if (Math.abs(length - 1) > UNIT_LENGTH_TOLERANCE) {
            throw new IllegalArgumentException(what + " must have length 1, got " + length);
        }
    }

    private MemoryIndexException failure(String operation, Exception cause) {
        return new MemoryIndexException("the memory index in " + folder + " failed to " + operation + ": " + cause, cause);
    }

    /** Settings of a {@link LuceneMemoryIndex}; {@link #open()} fails fast on a bad value. */
    public static final class Builder {

        private final Path folder;
        private final String model;
        private final int dimensions;
        private int rankConstant = 60;
        private int candidates = 50;
        private double minimumWordCoverage = 0.25;

        private Builder(Path folder, String model, int dimensions) {
            this.folder = Objects.requireNonNull(folder, "folder");
            this.model = Objects.requireNonNull(model, "model");
            if (dimensions < 1) {
                throw new IllegalArgumentException("vectors need at least 1 dimension, got " + dimensions);
            }
            this.dimensions = dimensions;
        }

        /** The constant of reciprocal rank fusion (default 60): larger values weigh lower ranks more. */
        public Builder rankConstant(int rankConstant) {
            if (rankConstant < 1) {
                throw new IllegalArgumentException("the rank constant must be at least 1, got " + rankConstant);
            }
            this.rankConstant = rankConstant;
            return this;
        }

        /**
         * How many items of each ranking a hybrid search fuses, at least its limit (default 50); a
         * vector search keeps as many candidates in its graph walk before it returns its limit.
         */
        public Builder candidates(int candidates) {
            if (candidates < 1) {
                throw new IllegalArgumentException("candidates must be at least 1, got " + candidates);
            }
            this.candidates = candidates;
            return this;
        }

        /**
         * The share of a query's word information (summed BM25 inverse document frequencies) a
         * memory's words must cover for its word match to count in a hybrid search (default 0.25);
         * 0 fuses every word match. Text searches are not affected.
         */
        public Builder minimumWordCoverage(double minimumWordCoverage) {
            if (!(minimumWordCoverage >= 0 && minimumWordCoverage <= 1)) {
                throw new IllegalArgumentException("the minimum word coverage must be between 0 and 1, got " + minimumWordCoverage);
            }
            this.minimumWordCoverage = minimumWordCoverage;
            return this;
        }

        /**
         * Opens the index in the folder, or an empty one (see the class documentation).
         *
         * @throws MemoryIndexException if the folder cannot be created or used, or another open index holds it
         */
        public LuceneMemoryIndex open() {
            return new LuceneMemoryIndex(this);
        }
    }
}
