package dev.cairn.tools.recall;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.cairn.core.event.Event;
import dev.cairn.core.session.SessionHistory;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.QueryBuilder;

/**
 * Searches a session's own earlier conversation: everything its log holds, including turns a
 * summary has replaced in the model's context and, for a fork, the history it shares with its
 * original. Each session gets an in-memory BM25 index (English analysis), built from its events
 * the first time it is searched and extended by sequence number at every later search, so a
 * search sees every event committed before it. Indexes are derived data: they are kept for the
 * sessions searched lately, together holding at most about {@code maxIndexedChars} characters of
 * text (memory grows with it, by about as many bytes again), each dropped after {@code idleFor}
 * without a search, and rebuilt from the log whenever needed.
 *
 * <p>The query is free text: it is analyzed like the messages, never parsed as query syntax, so
 * no character in it is special and no query fails. Messages matching more of its words rank
 * higher, and messages with its words close together higher still.
 *
 * <p>Thread-safe: searches of different sessions run in parallel, searches of one session one at
 * a time.
 */
public final class ConversationRecall implements AutoCloseable {

    /** The longest query searched; a longer one is refused by the tool. */
    public static final int MAX_QUERY_CHARS = 1_000;
    private static final int PAGE = 1_000;
    private static final int PHRASE_SLOP = 2;
    private static final float PHRASE_BOOST = 2f;

    private final SessionHistory history;
    private final String searchToolName;
    private final Analyzer analyzer = new EnglishAnalyzer();
    private final QueryBuilder queries = new QueryBuilder(analyzer);
    private final Cache<String, ConversationIndex> indexes;

    private ConversationRecall(SessionHistory history, String searchToolName, long maxIndexedChars, Duration idleFor,
                               Ticker ticker) {
        this.history = Objects.requireNonNull(history, "history");
        this.searchToolName = searchToolName;
        if (maxIndexedChars < 1) {
            throw new IllegalArgumentException("the indexes must be allowed some text, got " + maxIndexedChars + " characters");
        }
        if (idleFor.isNegative() || idleFor.isZero()) {
            throw new IllegalArgumentException("an index must be kept for a positive time, got " + idleFor);
        }
        this.indexes = Caffeine.newBuilder()
                .maximumWeight(maxIndexedChars)
                .weigher((String sessionId, ConversationIndex index) -> (int) Math.min(Integer.MAX_VALUE,
                        Math.max(1, index.indexedChars())))
                .expireAfterAccess(idleFor).ticker(ticker)
                .executor(Runnable::run)
                .removalListener((String sessionId, ConversationIndex index, RemovalCause cause) -> {
                    if (index != null && cause != RemovalCause.REPLACED) { // replaced by itself, to be weighed again
                        synchronized (index) {
                            index.close();
                        }
                    }
                }).build();
    }

    /**
     * @param history         the sessions' logs
     * @param maxIndexedChars about how many characters of text the kept indexes may hold together
     * @param idleFor         how long an index is kept without a search
     */
    public static ConversationRecall create(SessionHistory history, long maxIndexedChars, Duration idleFor) {
        return new ConversationRecall(history, ConversationSearchTool.NAME, maxIndexedChars, idleFor,
                Ticker.systemTicker());
    }

    /** As {@link #create}, with the cache's time from {@code ticker}, for tests that skip time. */
    static ConversationRecall create(SessionHistory history, long maxIndexedChars, Duration idleFor, Ticker ticker) {
        return new ConversationRecall(history, ConversationSearchTool.NAME, maxIndexedChars, idleFor, ticker);
    }

    /**
     * The session's earlier messages that best match {@code text}, best first, at most
     * {@code limit}; none when the text holds no searchable word.
     */
    public List<RecalledMessage> search(String sessionId, String text, int limit) {
        Query query = query(text);
        if (query == null) {
            return List.of();
        }
        while (true) {
            ConversationIndex index = indexes.get(sessionId, id -> new ConversationIndex(analyzer, searchToolName));
            List<RecalledMessage> found;
            boolean grown;
            synchronized (index) {
                if (index.closed()) {
                    continue; // dropped from the cache meanwhile; take a new one
                }
                if (history.lastSeq(sessionId) < index.indexedThrough()) {
                    indexes.asMap().remove(sessionId, index); // the session was removed and made again
                    continue;
                }
                long charsBefore = index.indexedChars();
                catchUp(sessionId, index);
                found = index.search(query, limit);
                grown = index.indexedChars() != charsBefore;
            }
            if (grown) {
                indexes.asMap().replace(sessionId, index, index); // weighs it again, which may drop others (or it)
            }
            return found;
        }
    }

    /** How many sessions' indexes are kept now. */
    long indexedSessions() {
        indexes.cleanUp();
        return indexes.estimatedSize();
    }

    /** The characters of text the kept indexes hold together. */
    long indexedChars() {
        indexes.cleanUp();
        return indexes.policy().eviction().orElseThrow().weightedSize().orElseThrow();
    }

    private void catchUp(String sessionId, ConversationIndex index) {
        List<Event> page;
        do {
            page = history.read(sessionId, index.indexedThrough(), PAGE);
            index.add(page);
        } while (page.size() == PAGE);
    }

    /** Every word of the text as an optional term, and the words near each other as a boosted phrase. */
    private Query query(String text) {
        Query words = queries.createBooleanQuery(ConversationIndex.TEXT, text, BooleanClause.Occur.SHOULD);
        if (words == null) {
            return null;
        }
        Query phrase = queries.createPhraseQuery(ConversationIndex.TEXT, text, PHRASE_SLOP);
        if (phrase == null || phrase instanceof TermQuery) {
            return words;
        }
        return new BooleanQuery.Builder()
                .add(words, BooleanClause.Occur.MUST)
                .add(new BoostQuery(phrase, PHRASE_BOOST), BooleanClause.Occur.SHOULD)
                .build();
    }

    @Override
    public void close() {
        indexes.invalidateAll();
        indexes.cleanUp();
    }
}
