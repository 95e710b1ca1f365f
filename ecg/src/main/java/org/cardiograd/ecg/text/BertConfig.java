package org.cardiograd.ecg.text;

/**
 * The shape of a BERT encoder, with HuggingFace's {@code BertConfig} meaning for every field (names in
 * brackets), so a checkpoint's {@code config.json} maps onto it one to one.
 *
 * @param vocabSize     rows of the word-embedding table [vocab_size]
 * @param hidden        model width [hidden_size]
 * @param layers        encoder layers [num_hidden_layers]
 * @param heads         attention heads per layer [num_attention_heads]
 * @param intermediate  width of the feed-forward layer [intermediate_size]
 * @param maxPosition   rows of the learned position table, the longest input [max_position_embeddings]
 * @param typeVocabSize segment (token type) ids [type_vocab_size]
 * @param layerNormEps  layer norm epsilon [layer_norm_eps]
 * @param dropout       dropout on the embeddings and after every residual projection [hidden_dropout_prob];
 *                      attention-probability dropout is not applied (the fused attention never forms the
 *                      probabilities), which HuggingFace's inference and most fine-tuning also do not need
 */
public record BertConfig(int vocabSize, int hidden, int layers, int heads, int intermediate, int maxPosition,
                         int typeVocabSize, float layerNormEps, float dropout) {

    /** HuggingFace's initializer_range: weights are drawn from N(0, 0.02). */
    public static final float INITIALIZER_RANGE = 0.02f;
    /** HuggingFace's pad_token_id: the word-embedding row initialized to zero. */
    public static final int PAD_TOKEN_ID = 0;

    public BertConfig {
        positive("vocabSize", vocabSize);
        positive("hidden", hidden);
        positive("layers", layers);
        positive("heads", heads);
        positive("intermediate", intermediate);
        positive("maxPosition", maxPosition);
        positive("typeVocabSize", typeVocabSize);
        if (hidden % heads != 0) {
            throw new IllegalArgumentException("BertConfig: hidden " + hidden + " is not divisible by heads " + heads);
        }
        if (!(layerNormEps > 0f)) {
            throw new IllegalArgumentException("BertConfig: layerNormEps must be > 0, got " + layerNormEps);
        }
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new IllegalArgumentException("BertConfig: dropout must be in [0, 1), got " + dropout);
        }
    }

    /** The config of a HuggingFace BERT checkpoint folder's {@code config.json} (see {@link BertConfigJson}). */
    public static BertConfig fromHuggingFaceJson(java.nio.file.Path configJson) throws java.io.IOException {
        return BertConfigJson.read(configJson);
    }

    /** bert-base-uncased: 12 layers of width 768, 12 heads, feed-forward 3072, 512 positions, 2 segments. */
    public static BertConfig base(int vocabSize) {
        return new BertConfig(vocabSize, 768, 12, 12, 3072, 512, 2, 1e-12f, 0.1f);
    }

    /** A small BERT for CPU pretraining: width 256, 4 layers, 4 heads, feed-forward 1024, 128 positions. */
    public static BertConfig small(int vocabSize) {
        return new BertConfig(vocabSize, 256, 4, 4, 1024, 128, 2, 1e-12f, 0.1f);
    }

    /** Width per attention head. */
    public int headDim() {
        return hidden / heads;
    }

    private static void positive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("BertConfig: " + field + " must be > 0, got " + value);
        }
    }
}
