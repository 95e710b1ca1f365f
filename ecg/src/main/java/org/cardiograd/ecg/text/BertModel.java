package org.cardiograd.ecg.text;

import java.util.Arrays;

import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.Module;
import org.cardiograd.nn.ModuleList;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;

/**
 * The BERT encoder (Devlin et al. 2019) with HuggingFace BertModel's parameter names, so its state dict is a
 * HuggingFace BERT's ({@code embeddings.word_embeddings.weight}, {@code encoder.layer.0.attention.self.query.weight},
 * ..., {@code pooler.dense.weight}) and a checkpoint loads through {@link BertCheckpoint}:
 * <pre>
 *   h0 = LayerNorm(word(ids) + position(0..T-1) + tokenType(segments))         embeddings.*
 *   h_l = BertLayer(h_{l-1}), padding keys excluded from attention             encoder.layer.l.*
 *   pooled = tanh(dense(h_L[:, 0]))                                             pooler.dense.*
 * </pre>
 * Token ids are integer-valued floats (the project's index convention).
 */
public final class BertModel extends Module {
    private final BertConfig config;
    private final BertEmbeddings embeddings;
    private final ModuleList<BertLayer> layers;
    private final BertDense pooler;

    /** A BERT with the pooler (HuggingFace's BertModel default). */
    public BertModel(BertConfig config, Rng rng) {
        this(config, true, rng);
    }

    /**
     * withPooler false matches the encoder inside HuggingFace's BertForMaskedLM (add_pooling_layer=False),
     * whose checkpoints have no pooler weights.
     */
    public BertModel(BertConfig config, boolean withPooler, Rng rng) {
        this.config = config;
        this.embeddings = module("embeddings", new BertEmbeddings(config, rng));
        Encoder encoder = module("encoder", new Encoder());
        this.layers = encoder.layer;
        for (int i = 0; i < config.layers(); i++) {
            layers.add(new BertLayer(config, rng));
        }
        this.pooler = withPooler
                ? module("pooler", new BertDense(config.hidden(), config.hidden(), BertDense.Activation.TANH, null, rng))
                : null;
    }

    /** The last hidden state [B, T, hidden] of ids [B, T] with attentionMask [B, T] (1 = token, 0 = padding, or null). */
    public Variable forward(Tensor inputIds, Tensor attentionMask) {
        return forward(inputIds, null, attentionMask);
    }

    /** As {@link #forward(Tensor, Tensor)} with segment ids [B, T] (null: all 0). */
    public Variable forward(Tensor inputIds, Tensor tokenTypeIds, Tensor attentionMask) {
        checkInputs(inputIds, tokenTypeIds, attentionMask);
        Variable h = embeddings.forward(inputIds, tokenTypeIds);
        for (BertLayer layer : layers.items()) {
            h = layer.forward(h, attentionMask);
        }
        return h;
    }

    /** The [CLS] (first) token's hidden state: [B, T, hidden] to [B, hidden]. */
    public static Variable cls(Variable lastHidden) {
        return lastHidden.select(1, 0);
    }

    /**
     * The mean of the real tokens' hidden states: [B, T, hidden] and attentionMask [B, T] (1 = token) to
     * [B, hidden]; null mask: the mean over all T positions.
     */
    public static Variable maskedMean(Variable lastHidden, Tensor attentionMask) {
        if (attentionMask == null) {
            return lastHidden.mean(1, false);
        }
        Tensor counts = attentionMask.sum(1, true).maximum(1f); // [B, 1]; an empty row gives 0, not NaN
        Tensor weights = attentionMask.div(counts).unsqueeze(2); // [B, T, 1]
        return lastHidden.mul(Variable.constant(weights)).sum(1, false);
    }

    /** BERT's pooled output tanh(dense(h[:, 0])): [B, T, hidden] to [B, hidden]. */
    public Variable pooled(Variable lastHidden) {
        if (pooler == null) {
            throw new IllegalStateException("BertModel was built without a pooler (withPooler = false)");
        }
        return pooler.forward(cls(lastHidden));
    }

    public boolean hasPooler() {
        return pooler != null;
    }

    public BertConfig config() {
        return config;
    }

    /** The word-embedding table [vocab, hidden], which the MLM decoder shares. */
    public Variable wordEmbeddings() {
        return embeddings.wordEmbeddingWeight();
    }

    private void checkInputs(Tensor ids, Tensor types, Tensor mask) {
        if (ids.rank() != 2) {
            throw new IllegalArgumentException("BertModel: inputIds must be [B, T], got " + Arrays.toString(ids.shape()));
        }
        if (ids.shape(1) > config.maxPosition()) {
            throw new IllegalArgumentException("BertModel: " + ids.shape(1) + " tokens exceed maxPosition "
                    + config.maxPosition());
        }
        checkIds("inputIds", ids, config.vocabSize());
        if (types != null) {
            checkSameShape("tokenTypeIds", types, ids);
            checkIds("tokenTypeIds", types, config.typeVocabSize());
        }
        if (mask != null) {
            checkSameShape("attentionMask", mask, ids);
        }
    }

    private static void checkSameShape(String what, Tensor t, Tensor ids) {
        if (!t.sameShape(ids)) {
            throw new IllegalArgumentException("BertModel: " + what + " shape " + Arrays.toString(t.shape())
                    + " differs from inputIds " + Arrays.toString(ids.shape()));
        }
    }

    /** On the CPU now; on a device at its next host read (no round trip inside a training step). */
    private static void checkIds(String what, Tensor ids, int limit) {
        ids.checkIndices("BertModel: " + what, limit);
    }

    /** HuggingFace's BertEncoder: just the list of layers under "layer". */
    private static final class Encoder extends Module {
        final ModuleList<BertLayer> layer = module("layer", new ModuleList<>());
    }
}
