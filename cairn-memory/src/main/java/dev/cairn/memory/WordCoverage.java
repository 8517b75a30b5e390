package dev.cairn.memory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.BytesRef;

/**
 * How much of a query's information a word match carries: the inverse document frequencies
 * (BM25's) of the query words a memory contains, as a share of those of all the query's words.
 *
 * <p>A hybrid search fuses only word matches that cover enough of the query. One common word in
 * common ("work" in "what time do we meet each morning at work?" and "I work as a nurse") would
 * otherwise count in rank fusion as much as a shared order code, and lift the wrong memory above
 * the one the vectors rank first; the rare words of a question (a code, a surname) carry most of
 * its information, so matching them passes.
 */
final class WordCoverage {

    private WordCoverage() {
    }

    /** The hits of {@code top} whose matched words carry at least {@code minimum} of the query's information, in order. */
    static List<ScoreDoc> sufficient(TopDocs top, Set<String> queryWords, IndexReader reader, double minimum)
            throws IOException {
        if (minimum <= 0 || top.scoreDocs.length == 0) {
            return List.of(top.scoreDocs);
        }
        List<String> words = List.copyOf(queryWords);
        double[] information = new double[words.size()];
        double total = 0;
        int documents = reader.getDocCount(MemoryDocuments.TEXT);
        for (int index = 0; index < words.size(); index++) {
            int frequency = reader.docFreq(new Term(MemoryDocuments.TEXT, words.get(index)));
            information[index] = Math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5));
            total += information[index];
        }
        List<LeafReaderContext> leaves = reader.leaves();
        List<ScoreDoc> sufficient = new ArrayList<>();
        for (ScoreDoc hit : top.scoreDocs) {
            LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(hit.doc, leaves));
            double covered = 0;
            for (int index = 0; index < words.size(); index++) {
                if (contains(leaf, hit.doc - leaf.docBase, words.get(index))) {
                    covered += information[index];
                }
            }
            if (covered >= minimum * total) {
                sufficient.add(hit);
            }
        }
        return sufficient;
    }

    private static boolean contains(LeafReaderContext leaf, int document, String word) throws IOException {
        Terms terms = leaf.reader().terms(MemoryDocuments.TEXT);
        if (terms == null) {
            return false;
        }
        TermsEnum iterator = terms.iterator();
        if (!iterator.seekExact(new BytesRef(word))) {
            return false;
        }
        PostingsEnum postings = iterator.postings(null, PostingsEnum.NONE);
        return postings.advance(document) == document;
    }
}
