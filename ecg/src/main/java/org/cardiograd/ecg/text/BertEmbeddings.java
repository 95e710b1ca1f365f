package org.cardiograd.ecg.text;

import org.cardiograd.autograd.NoGrad;
import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.Module;
import org.cardiograd.nn.layers.Dropout;
import org.cardiograd.nn.layers.Embedding;
import org.cardiograd.nn.layers.LayerNorm;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;

/**
 * BERT's input embedding: word + learned absolute position + token type (segment), then layer norm and
 * dropout (HuggingFace's BertEmbeddings and its names).
 */
final class BertEmbeddings extends Module {
    private final Embedding wordEmbeddings;
    private final Embedding positionEmbeddings;
    private final Embedding tokenTypeEmbeddings;
    private final LayerNorm layerNorm;
    private final Dropout dropout;

    BertEmbeddings(BertConfig c, Rng rng) {
        this.wordEmbeddings = module("word_embeddings", BertInit.embedding(c.vocabSize(), c.hidden(), rng));
        this.positionEmbeddings = module("position_embeddings", BertInit.embedding(c.maxPosition(), c.hidden(), rng));
        this.tokenTypeEmbeddings = module("token_type_embeddings",
                BertInit.embedding(c.typeVocabSize(), c.hidden(), rng));
        this.layerNorm = module("LayerNorm", new LayerNorm(c.hidden(), c.layerNormEps()));
        this.dropout = module("dropout", new Dropout(c.dropout(), rng.split()));
        try (NoGrad ignored = NoGrad.enter()) {
            wordEmbeddings.weight.value().select(0, BertConfig.PAD_TOKEN_ID).fillInPlace(0f);
        }
    }

    /** inputIds [B, T]; tokenTypeIds [B, T] or null (all segment 0): [B, T, hidden]. */
    Variable forward(Tensor inputIds, Tensor tokenTypeIds) {
        int t = inputIds.shape(1);
        Variable h = wordEmbeddings.forward(inputIds).add(positionEmbeddings.weight.narrow(0, 0, t));
        h = h.add(tokenTypeIds == null ? tokenTypeEmbeddings.weight.select(0, 0)
                : tokenTypeEmbeddings.forward(tokenTypeIds));
        return dropout.forward(layerNorm.forward(h));
    }

    Variable wordEmbeddingWeight() {
        return wordEmbeddings.weight;
    }
}
