package org.cardiograd.ecg.cgdmer;

import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.Module;
import org.cardiograd.nn.layers.ProjectionHead;
import org.cardiograd.tensor.Rng;

/**
 * Disentanglement of one modality's representation: a modality-specific head and a modality-shared head
 * (Linear-BN-ReLU-Linear each, SimCLR's projection head), h_sp = specific(h), h_sh = shared(h). Only h_sh is
 * aligned across modalities; the orthogonality loss keeps h_sp apart from it. Without disentanglement (the
 * ablation) a single head ("projection") maps the whole representation into the common space.
 *
 * <p>Why batch normalization: trained from scratch, the pooled ECG and report representations are dominated by a
 * component common to every sample (a random post-LN BERT's CLS state varies across a batch by ~0.4% of its
 * norm). Through a Linear-GELU-Linear head that common part makes all cosine similarities nearly equal; SigLIP's
 * pull on the positives then moves both sides onto one direction and the alignment losses sit at chance for
 * ~230 steps of the demo. BN centres each hidden feature over the batch, so the cosines see the differences
 * between samples from the first step (issue 7).
 *
 * <p>State: {@code specific.fc1/bn/fc2.*} and {@code shared.fc1/bn/fc2.*}, or {@code projection.fc1/bn/fc2.*}.
 */
public final class ModalityHeads extends Module {
    private final ProjectionHead specific;
    private final ProjectionHead shared;

    /** h_sp (null without disentanglement) and h_sh (the aligned part). */
    public record Split(Variable specific, Variable shared) {}

    public ModalityHeads(int in, int out, boolean disentangle, Rng rng) {
        if (disentangle) {
            this.specific = module("specific", new ProjectionHead(in, in, out, ProjectionHead.Kind.BATCHNORM_RELU, rng));
            this.shared = module("shared", new ProjectionHead(in, in, out, ProjectionHead.Kind.BATCHNORM_RELU, rng));
        } else {
            this.specific = null;
            this.shared = module("projection", new ProjectionHead(in, in, out, ProjectionHead.Kind.BATCHNORM_RELU, rng));
        }
    }

    public Split forward(Variable h) {
        return new Split(specific == null ? null : specific.forward(h), shared.forward(h));
    }

    /** The shared (aligned) embedding alone. */
    public Variable shared(Variable h) {
        return shared.forward(h);
    }
}
