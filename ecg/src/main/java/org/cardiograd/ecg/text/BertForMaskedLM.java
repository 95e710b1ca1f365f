package org.cardiograd.ecg.text;

import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.Module;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;

/**
 * A BERT encoder (without pooler) and its MLM head under HuggingFace BertForMaskedLM's names: {@code bert.*} and
 * {@code cls.predictions.*}, so its state dict is that model's (minus the tied decoder entries).
 */
public final class BertForMaskedLM extends Module {
    private final BertModel bert;
    private final BertMlmHead head;

    public BertForMaskedLM(BertConfig config, Rng rng) {
        this.bert = module("bert", new BertModel(config, false, rng));
        this.head = module("cls", new Cls(bert, rng)).predictions;
    }

    /** Vocabulary logits [B, T, V]. */
    public Variable forward(Tensor inputIds, Tensor attentionMask) {
        return head.forward(bert.forward(inputIds, attentionMask));
    }

    /** The MLM loss of a masked batch (mean negative log-likelihood of the selected tokens' originals). */
    public Variable loss(MlmMasking.Masked batch, Tensor attentionMask) {
        return head.loss(bert.forward(batch.inputIds(), attentionMask), batch);
    }

    public BertModel bert() {
        return bert;
    }

    public BertMlmHead head() {
        return head;
    }

    /** HuggingFace's BertOnlyMLMHead: the prediction head under "predictions". */
    private static final class Cls extends Module {
        final BertMlmHead predictions;

        Cls(BertModel bert, Rng rng) {
            this.predictions = module("predictions", new BertMlmHead(bert, rng));
        }
    }
}
