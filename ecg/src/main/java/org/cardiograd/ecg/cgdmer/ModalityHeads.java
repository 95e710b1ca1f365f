package org.cardiograd.ecg.cgdmer;

import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.Module;
import org.cardiograd.nn.layers.ProjectionHead;
import org.cardiograd.tensor.Rng;

/**
 * Disentanglement of one modality's representation: a modality-specific head and a modality-shared head
 * (Linear-GELU-Linear each), h_sp = specific(h), h_sh = shared(h). Only h_sh is aligned across modalities; the
 * orthogonality loss keeps h_sp apart from it. Without disentanglement (the ablation) a single head
 * ("projection") maps the whole representation into the common space.
 *
 * <p>State: {@code specific.fc1/fc2.*} and {@code shared.fc1/fc2.*}, or {@code projection.fc1/fc2.*}.
 */
public final class ModalityHeads extends Module {
    private final ProjectionHead specific;
    private final ProjectionHead shared;

    /** h_sp (null without disentanglement) and h_sh (the aligned part). */
    public record Split(Variable specific, Variable shared) {}

    public ModalityHeads(int in, int out, boolean disentangle, Rng rng) {
        if (disentangle) {
            this.specific = module("specific", new ProjectionHead(in, in, out, ProjectionHead.Kind.GELU, rng));
            this.shared = module("shared", new ProjectionHead(in, in, out, ProjectionHead.Kind.GELU, rng));
        } else {
            this.specific = null;
            this.shared = module("projection", new ProjectionHead(in, in, out, ProjectionHead.Kind.GELU, rng));
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
