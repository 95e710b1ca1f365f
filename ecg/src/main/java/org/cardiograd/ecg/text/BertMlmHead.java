package org.cardiograd.ecg.text;

import java.util.Arrays;

import org.cardiograd.autograd.Functional;
import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.Module;
import org.cardiograd.nn.loss.Losses;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;

/**
 * BERT's masked-language-model head (HuggingFace's BertLMPredictionHead, found at {@code cls.predictions} in
 * BertForMaskedLM): logits = LayerNorm(GELU(dense(h))) E^T + bias, where E is the encoder's word-embedding
 * table (the decoder weight is tied to it, not a parameter of its own). Own state: {@code transform.dense.*},
 * {@code transform.LayerNorm.*}, {@code bias}.
 */
public final class BertMlmHead extends Module {
    private final BertDense transform;
    private final Variable bias;
    private final Variable decoderWeight;

    public BertMlmHead(BertModel encoder, Rng rng) {
        BertConfig c = encoder.config();
        this.transform = module("transform",
                new BertDense(c.hidden(), c.hidden(), BertDense.Activation.GELU, c.layerNormEps(), rng));
        this.bias = param("bias", Tensor.zeros(c.vocabSize()));
        this.decoderWeight = encoder.wordEmbeddings();
    }

    /** Vocabulary logits for every position: hidden [..., H] to [..., V]. */
    public Variable forward(Variable hidden) {
        return Functional.linear(transform.forward(hidden), decoderWeight, bias);
    }

    /**
     * Logits at chosen positions only: hidden [B, T, H], positions [N] flat indices b * T + t (integer-valued
     * floats), result [N, V]. The MLM loss needs only the masked positions, which saves the [B, T, V] product.
     */
    public Variable forwardAt(Variable hidden, Tensor positions) {
        if (hidden.rank() != 3 || positions.rank() != 1) {
            throw new IllegalArgumentException("BertMlmHead.forwardAt: hidden must be [B, T, H] and positions [N], got "
                    + Arrays.toString(hidden.shape()) + " and " + Arrays.toString(positions.shape()));
        }
        Variable rows = hidden.reshape(-1, hidden.shape(2)).indexSelect(0, positions);
        return forward(rows);
    }

    /**
     * The MLM loss of a masked batch from the encoder's hidden states [B, T, H] of {@code batch.inputIds()}: the
     * mean negative log-likelihood of the original tokens at the selected positions, computed at those positions
     * only. A batch with no selected token gives 0 with zero gradients.
     */
    public Variable loss(Variable hidden, MlmMasking.Masked batch) {
        if (batch.selected() == 0) {
            // cross-entropy needs at least one row: one ignored row gives the empty selection's loss, 0
            return MlmMasking.loss(forwardAt(hidden, Tensor.zeros(1)), Tensor.full(Losses.IGNORE_INDEX, 1));
        }
        return MlmMasking.loss(forwardAt(hidden, batch.positions()), batch.targets());
    }
}
