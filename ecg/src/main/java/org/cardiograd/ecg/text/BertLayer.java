package org.cardiograd.ecg.text;

import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.Module;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;

/**
 * One post-LN BERT layer (Devlin et al. 2019; HuggingFace's BertLayer names):
 * <pre>
 *   a = LayerNorm(x + attention(x))                      attention.self.*, attention.output.*
 *   y = LayerNorm(a + dense(GELU(dense(a))))             intermediate.dense.*, output.*
 * </pre>
 */
final class BertLayer extends Module {
    private final Attention attention;
    private final BertDense intermediate;
    private final BertResidualOutput output;

    BertLayer(BertConfig c, Rng rng) {
        this.attention = module("attention", new Attention(c, rng));
        this.intermediate = module("intermediate",
                new BertDense(c.hidden(), c.intermediate(), BertDense.Activation.GELU, null, rng));
        this.output = module("output", new BertResidualOutput(c.intermediate(), c, rng));
    }

    Variable forward(Variable x, Tensor keyMask) {
        Variable a = attention.forward(x, keyMask);
        return output.forward(intermediate.forward(a), a);
    }

    /** HuggingFace's BertAttention: "self" attends, "output" projects and closes the residual. */
    private static final class Attention extends Module {
        private final BertSelfAttention self;
        private final BertResidualOutput output;

        Attention(BertConfig c, Rng rng) {
            this.self = module("self", new BertSelfAttention(c, rng));
            this.output = module("output", new BertResidualOutput(c.hidden(), c, rng));
        }

        Variable forward(Variable x, Tensor keyMask) {
            return output.forward(self.forward(x, keyMask), x);
        }
    }
}
