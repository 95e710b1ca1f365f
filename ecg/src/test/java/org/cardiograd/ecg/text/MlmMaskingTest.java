package org.cardiograd.ecg.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.cardiograd.nn.loss.Losses;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** BERT's 15% selection and 80/10/10 corruption, measured on a large sample. */
class MlmMaskingTest {
    static final int VOCAB = 1000;
    static final Set<Integer> SPECIAL = Set.of(0, 1, 2, 3, 4);
    static final int MASK = 4;

    /** [B, T] rows of [CLS] ordinary tokens [SEP] padding, every row a different length. */
    static Tensor[] batch(int b, int t, Rng rng) {
        float[] ids = new float[b * t];
        float[] mask = new float[b * t];
        for (int i = 0; i < b; i++) {
            int len = 3 + rng.nextInt(t - 2);
            for (int j = 0; j < len; j++) {
                ids[i * t + j] = j == 0 ? 2 : j == len - 1 ? 3 : 5 + rng.nextInt(VOCAB - 5);
                mask[i * t + j] = 1;
            }
        }
        return new Tensor[] {Tensor.fromArray(ids, b, t), Tensor.fromArray(mask, b, t)};
    }

    @Test
    void selectsFifteenPercentAndCorruptsEightyTenTen() {
        Tensor[] in = batch(400, 512, new Rng(1));
        MlmMasking masking = new MlmMasking(VOCAB, SPECIAL, MASK, MlmMasking.DEFAULT_PROBABILITY);
        MlmMasking.Masked m = masking.apply(in[0], in[1], new Rng(2));
        float[] ids = in[0].toArray();
        float[] real = in[1].toArray();
        float[] out = m.inputIds().toArray();
        float[] labels = m.labels().toArray();
        long candidates = 0;
        long selected = 0;
        long masked = 0;
        long unchanged = 0;
        for (int i = 0; i < ids.length; i++) {
            boolean candidate = real[i] == 1f && !SPECIAL.contains((int) ids[i]);
            candidates += candidate ? 1 : 0;
            if (labels[i] == Losses.IGNORE_INDEX) {
                assertEquals(ids[i], out[i], "unselected tokens are untouched");
                continue;
            }
            assertTrue(candidate, "selected a special or padding token at " + i);
            assertEquals(ids[i], labels[i], "label is the original token");
            selected++;
            if (out[i] == MASK) {
                masked++;
            } else if (out[i] == ids[i]) {
                unchanged++;
            } else {
                assertTrue(!SPECIAL.contains((int) out[i]), "random replacement is an ordinary token");
            }
        }
        // binomial standard deviations: selection ~0.0008 of 1 over ~100k candidates; shares ~0.003 over ~15k
        assertTrue(candidates > 90_000, "sample size " + candidates);
        assertEquals(0.15, (double) selected / candidates, 0.005);
        assertEquals(0.8, (double) masked / selected, 0.015);
        // unchanged: the 10% kept plus random draws that hit the original (1 in 995)
        assertEquals(0.1 + 0.1 / 995, (double) unchanged / selected, 0.012);
        assertEquals(0.1 - 0.1 / 995, (double) (selected - masked - unchanged) / selected, 0.012);
        assertEquals(selected, m.selected());
    }

    /** Short rows can have no selected token; the loss is then 0 with zero gradients, not NaN. */
    @Test
    void nothingSelectedGivesZeroLoss() {
        Tensor ids = Tensor.fromArray(new float[] {2, 3, 0, 0}, 1, 4);
        Tensor mask = Tensor.fromArray(new float[] {1, 1, 0, 0}, 1, 4);
        MlmMasking.Masked m = new MlmMasking(40, SPECIAL, MASK, 0.15f).apply(ids, mask, new Rng(1));
        assertEquals(0, m.selected());
        BertForMaskedLM model = new BertForMaskedLM(BertParityTest.TINY, new Rng(2));
        org.cardiograd.autograd.Variable loss = model.loss(m, mask);
        assertEquals(0f, loss.item());
        loss.backward();
        for (float g : model.head().namedParameters().get("bias").grad().toArray()) {
            assertEquals(0f, g);
        }
    }

    @Test
    void positionsAndTargetsListTheSelectedTokensAndTheSeedFixesEverything() {
        Tensor[] in = batch(8, 40, new Rng(5));
        MlmMasking masking = new MlmMasking(VOCAB, SPECIAL, MASK, 0.3f);
        MlmMasking.Masked a = masking.apply(in[0], in[1], new Rng(9));
        MlmMasking.Masked b = masking.apply(in[0], in[1], new Rng(9));
        assertArrayEquals(a.inputIds().toArray(), b.inputIds().toArray());
        assertArrayEquals(a.labels().toArray(), b.labels().toArray());
        float[] labels = a.labels().toArray();
        float[] positions = a.positions().toArray();
        float[] targets = a.targets().toArray();
        int k = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != Losses.IGNORE_INDEX) {
                assertEquals(i, positions[k]);
                assertEquals(labels[i], targets[k]);
                k++;
            }
        }
        assertEquals(positions.length, k);
        assertTrue(k > 0);
    }
}
