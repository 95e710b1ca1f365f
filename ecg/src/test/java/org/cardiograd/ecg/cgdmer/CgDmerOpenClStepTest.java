package org.cardiograd.ecg.cgdmer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.cardiograd.ecg.OpenClTestSupport;
import org.cardiograd.ecg.text.MlmMasking;
import org.cardiograd.ecg.text.WordPieceTokenizer;
import org.cardiograd.nn.optim.AdamW;
import org.cardiograd.nn.optim.GradClip;
import org.cardiograd.nn.optim.ParamGroups;
import org.cardiograd.tensor.Backend;
import org.cardiograd.tensor.Backends;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;
import org.cardiograd.tensor.opencl.OpenClBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A CG-DMER training step (tiny config, every loss term on) on the OpenCL backend against the CPU backend, on
 * synthetic ECG + report pairs: the five loss parts before the step, the total after one AdamW step, and every
 * gradient, each within 1e-4 of its tensor's largest entry. And the host transfers of a full training step
 * (upload of the batch, maskings, forward, loss, backward, gradient clipping, AdamW, clamping the InfoNCE
 * log-scale, reading the loss parts): one read, of the stacked loss parts, and one write per input. Skips without
 * an OpenCL device, fails then when CI=true.
 */
class CgDmerOpenClStepTest {

    @AfterEach
    void restoreDefaultBackend() {
        Backends.setCurrent(null);
    }

    /** The loss parts before the step and the total after it, then every gradient of the step. */
    private static List<float[]> step(Backend backend, SyntheticPairs p, List<String> names) {
        Backends.setCurrent(backend);
        CgDmerConfig config = config(p);
        CgDmer model = new CgDmer(config, new MlmMasking(p.tokenizer()), new Rng(0));
        // Eval mode (only the heads' batch normalization cares): in training mode at batch 4 it divides by the batch
        // spread of nearly identical random-init representations and so magnifies both backends' rounding.
        model.eval();
        AdamW optimizer = new AdamW(ParamGroups.decayAndNoDecay(model, 1e-3, 0.05), 0.9, 0.999, 1e-8);
        Tensor ecg = p.ecg().to(backend);
        // token ids stay on the host, where the MLM masking reads them; the model uploads what it uses
        WordPieceTokenizer.EncodedBatch text = p.tokenizer().encodeBatch(Backends.cpu(), p.reports(),
                config.text().maxTokens());
        Tensor mask = text.attentionMask();
        CgDmer.Masks masks = model.sampleMasks(ecg, text.inputIds(), mask, new Rng(1));
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

    private static CgDmerConfig config(SyntheticPairs p) {
        return CgDmerParityTest.TINY.withText(CgDmerParityTest.TINY.text().withVocabSize(p.tokenizer().vocabSize()));
    }

    /**
     * One full training step (in training mode) on the batch; returns the loss parts [total, ecg reconstruction,
     * contrastive, text reconstruction, orthogonality, SigLIP].
     */
    private static float[] fullStep(Backend backend, CgDmer model, AdamW optimizer, SyntheticPairs p,
                                    WordPieceTokenizer.EncodedBatch text, Rng maskRng) {
        // the ECG batch is uploaded as a data loader's would be; ids and attention mask are host tensors
        Tensor ecg = p.ecg().to(backend);
        optimizer.zeroGrad();
        CgDmerLoss loss = model.loss(ecg, text.inputIds(), text.attentionMask(), maskRng);
        loss.total().backward();
        GradClip.clipGradNorm(model.parameters(), 1.0);
        optimizer.step();
        model.clampLogitScale();
        return loss.parts().toArray();
    }

    @Test
    void aFullStepReadsOnlyTheLossPartsAndWritesOnlyItsInputs() {
        OpenClBackend opencl = (OpenClBackend) OpenClTestSupport.deviceOrSkip();
        SyntheticPairs p = SyntheticPairs.generate(5, 4, 120);
        Backends.setCurrent(opencl);
        CgDmerConfig config = config(p);
        CgDmer model = new CgDmer(config, new MlmMasking(p.tokenizer()), new Rng(0));
        AdamW optimizer = new AdamW(ParamGroups.decayAndNoDecay(model, 1e-3, 0.05), 0.9, 0.999, 1e-8);
        WordPieceTokenizer.EncodedBatch text = p.tokenizer().encodeBatch(Backends.cpu(), p.reports(),
                config.text().maxTokens());
        Rng maskRng = new Rng(1);
        fullStep(opencl, model, optimizer, p, text, maskRng); // warm-up: AdamW creates its state
        long reads = opencl.reads();
        long writes = opencl.writes();
        float[] parts = fullStep(opencl, model, optimizer, p, text, maskRng);
        assertEquals(1, opencl.reads() - reads, "device-to-host reads in a step: only the stacked loss parts");
        assertEquals(4, opencl.writes() - writes, "host-to-device writes in a step: only the inputs, i.e. the ECG "
                + "batch, the ECG masking (keep, restore, hidden in one upload), the MLM masking (ids, labels, "
                + "positions, targets in one upload) and the reports' attention mask");
        for (int i = 0; i < parts.length; i++) {
            assertTrue(Float.isFinite(parts[i]) && parts[i] > 0f, "loss part " + i + " is " + parts[i]);
        }
    }

    @Test
    void tinyStepMatchesTheCpu() {
        Backend opencl = OpenClTestSupport.deviceOrSkip();
        SyntheticPairs p = SyntheticPairs.generate(5, 4, 120);
        List<String> names = new ArrayList<>();
        List<float[]> cpu = step(Backends.cpu(), p, names);
        OpenClTestSupport.assertSameUpTo(1e-4, names, cpu, step(opencl, p, new ArrayList<>()));
    }
}
