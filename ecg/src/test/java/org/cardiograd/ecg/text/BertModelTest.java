package org.cardiograd.ecg.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;

import org.cardiograd.autograd.Variable;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

class BertModelTest {
    static final BertConfig TINY = BertParityTest.TINY;

    /** Padding keys are excluded from attention, so adding padding leaves the real tokens' states unchanged. */
    @Test
    void paddingDoesNotChangeRealTokens() {
        BertModel bert = new BertModel(TINY, new Rng(1));
        bert.eval();
        float[] alone = bert.forward(Tensor.fromArray(new float[] {2, 9, 17, 3}, 1, 4), null).value().toArray();
        float[] padded = bert.forward(Tensor.fromArray(new float[] {2, 9, 17, 3, 0, 0, 0}, 1, 7),
                Tensor.fromArray(new float[] {1, 1, 1, 1, 0, 0, 0}, 1, 7)).value().toArray();
        float[] realPart = Arrays.copyOf(padded, alone.length);
        for (int i = 0; i < alone.length; i++) {
            assertEquals(alone[i], realPart[i], 1e-5f * Math.max(1f, Math.abs(alone[i])), "element " + i);
        }
    }

    @Test
    void maskedMeanAveragesRealTokensOnly() {
        Tensor h = Tensor.fromArray(new float[] {1, 2, 3, 4, 100, 100, 5, 6, 7, 8, 9, 10}, 2, 3, 2);
        Tensor mask = Tensor.fromArray(new float[] {1, 1, 0, 1, 1, 1}, 2, 3);
        assertArrayEquals(new float[] {2, 3, 7, 8}, BertModel.maskedMean(Variable.constant(h), mask).value().toArray());
        assertArrayEquals(new float[] {104f / 3, 106f / 3, 7, 8},
                BertModel.maskedMean(Variable.constant(h), null).value().toArray(), 1e-5f);
    }

    @Test
    void dropoutActsOnlyInTrainingMode() {
        BertConfig withDropout = new BertConfig(40, 32, 2, 4, 64, 16, 2, 1e-12f, 0.1f);
        BertModel bert = new BertModel(withDropout, new Rng(1));
        Tensor ids = Tensor.fromArray(new float[] {2, 9, 17, 3}, 1, 4);
        float[] train = bert.forward(ids, null).value().toArray();
        bert.eval();
        float[] eval1 = bert.forward(ids, null).value().toArray();
        float[] eval2 = bert.forward(ids, null).value().toArray();
        assertArrayEquals(eval1, eval2);
        assertFalse(Arrays.equals(train, eval1));
    }
}
