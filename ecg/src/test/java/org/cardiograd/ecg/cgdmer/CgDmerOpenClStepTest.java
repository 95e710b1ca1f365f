package org.cardiograd.ecg.cgdmer;

import java.util.ArrayList;
import java.util.List;

import org.cardiograd.ecg.OpenClTestSupport;
import org.cardiograd.ecg.text.MlmMasking;
import org.cardiograd.ecg.text.WordPieceTokenizer;
import org.cardiograd.nn.optim.AdamW;
import org.cardiograd.nn.optim.ParamGroups;
import org.cardiograd.tensor.Backend;
import org.cardiograd.tensor.Backends;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A CG-DMER training step (tiny config, every loss term on) on the OpenCL backend against the CPU backend, on
 * synthetic ECG + report pairs: the five loss parts before the step, the total after one AdamW step, and every
 * gradient, each within 1e-4 of its tensor's largest entry. Skips without an OpenCL device, fails then when
 * CI=true.
 */
class CgDmerOpenClStepTest {

    @AfterEach
    void restoreDefaultBackend() {
        Backends.setCurrent(null);
    }

    /** The loss parts before the step and the total after it, then every gradient of the step. */
    private static List<float[]> step(Backend backend, SyntheticPairs p, List<String> names) {
        Backends.setCurrent(backend);
        CgDmerConfig config = CgDmerParityTest.TINY.withText(CgDmerParityTest.TINY.text()
                .withVocabSize(p.tokenizer().vocabSize()));
        CgDmer model = new CgDmer(config, new MlmMasking(p.tokenizer()), new Rng(0));
        // Eval mode (only the heads' batch normalization cares): in training mode at batch 4 it divides by the batch
        // spread of nearly identical random-init representations and so magnifies both backends' rounding.
        model.eval();
        AdamW optimizer = new AdamW(ParamGroups.decayAndNoDecay(model, 1e-3, 0.05), 0.9, 0.999, 1e-8);
        Tensor ecg = p.ecg().to(backend);
        WordPieceTokenizer.EncodedBatch text = p.text(config.text().maxTokens());
        Tensor ids = text.inputIds().to(backend);
        Tensor mask = text.attentionMask().to(backend);
        CgDmer.Masks masks = model.sampleMasks(ecg, ids, mask, new Rng(1));
        CgDmerLoss loss = model.loss(ecg, mask, masks);
        loss.total().backward();
        List<float[]> out = new ArrayList<>();
        out.add(null);
        names.clear();
        names.add("loss parts (ecg rec, text rec, orth, sigLip, contrastive, total after the step)");
        model.namedParameters().forEach((name, param) -> {
            names.add("gradient of " + name);
            out.add(param.grad() == null ? new float[0] : param.grad().toArray());
        });
        optimizer.step();
        float after = model.loss(ecg, mask, masks).total().item();
        out.set(0, new float[] {loss.ecgReconstruction(), loss.textReconstruction(), loss.orthogonality(),
            loss.sigLip(), loss.contrastive(), after});
        return out;
    }

    @Test
    void tinyStepMatchesTheCpu() {
        Backend opencl = OpenClTestSupport.deviceOrSkip();
        SyntheticPairs p = SyntheticPairs.generate(5, 4, 120);
        List<String> names = new ArrayList<>();
        List<float[]> cpu = step(Backends.cpu(), p, names);
        OpenClTestSupport.assertSameUpTo1e4(names, cpu, step(opencl, p, new ArrayList<>()));
    }
}
