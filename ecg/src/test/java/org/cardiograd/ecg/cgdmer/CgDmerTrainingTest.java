package org.cardiograd.ecg.cgdmer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cardiograd.ecg.text.MlmMasking;
import org.cardiograd.ecg.text.WordPieceTokenizer;
import org.cardiograd.nn.optim.AdamW;
import org.cardiograd.nn.optim.ParamGroups;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Pretraining a tiny CG-DMER on synthetic ECG + report pairs lowers its objective: the loss of a fixed batch
 * under fixed maskings, before and after AdamW steps (each with freshly drawn maskings): the total, the ECG and
 * report reconstructions and SigLIP go down, and the bidirectional InfoNCE leaves chance level.
 */
class CgDmerTrainingTest {

    /** The losses of a fixed batch under fixed maskings before and after training (fresh maskings each step). */
    private static CgDmerLoss[] train(SyntheticPairs p, CgDmerConfig.Objective objective, int steps) {
        CgDmerConfig config = CgDmerParityTest.TINY.withObjective(objective).withText(new CgDmerConfig.Text(
                p.tokenizer().vocabSize(), 32, 2, 4, 64, 24));
        WordPieceTokenizer.EncodedBatch text = p.text(24);
        Tensor ids = text.inputIds();
        Tensor mask = text.attentionMask();
        CgDmer model = new CgDmer(config, new MlmMasking(p.tokenizer()), new Rng(2));
        AdamW optimizer = new AdamW(ParamGroups.decayAndNoDecay(model, 1e-3, 0.01), 0.9, 0.999, 1e-8);
        CgDmer.Masks probe = model.sampleMasks(p.ecg(), ids, mask, new Rng(3));
        CgDmerLoss before = model.loss(p.ecg(), mask, probe);
        Rng rng = new Rng(4);
        for (int step = 0; step < steps; step++) {
            optimizer.zeroGrad();
            model.loss(p.ecg(), ids, mask, rng).total().backward();
            optimizer.step();
        }
        return new CgDmerLoss[] {before, model.loss(p.ecg(), mask, probe)};
    }

    @Test
    void pretrainingOnSyntheticPairsLowersTheObjective() {
        SyntheticPairs pairs = SyntheticPairs.generate(1, 16, 200);
        CgDmerLoss[] full = train(pairs, CgDmerParityTest.TINY.objective(), 60);
        CgDmerLoss before = full[0];
        CgDmerLoss after = full[1];
        String report = "before " + before + "\nafter " + after;
        assertTrue(after.total().item() < 0.85f * before.total().item(), report);
        assertTrue(after.ecgReconstruction() < 0.5f * before.ecgReconstruction(), report);
        // 0.95: the report encoder also carries the alignment gradient from the first step (issue 7); measured 0.91
        assertTrue(after.textReconstruction() < 0.95f * before.textReconstruction(), report);
        // issue 7: with the full objective InfoNCE leaves chance (ln 16 on 16 pairs) within these 60 steps
        assertTrue(after.contrastive() < 0.9f * (float) Math.log(16), report);
        assertTrue(after.sigLip() < before.sigLip(), report);
        // InfoNCE alone (no reconstruction, no SigLIP) leaves chance within 80 steps too
        CgDmerLoss[] aligned = train(pairs, new CgDmerConfig.Objective(1f, 1f, 1f, false, false, true, false, false,
                true), 80);
        float chance = (float) Math.log(16);
        assertTrue(aligned[1].contrastive() < 0.9f * chance, "InfoNCE after 80 steps " + aligned[1].contrastive()
                + ", chance " + chance);
    }
}
