package org.cardiograd.ecg.cgdmer;

import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.loss.LossParts;

/**
 * The CG-DMER objective of one batch and its parts (unweighted; 0 when the term is switched off), for logging:
 * total = ecgReconstruction + contrastive + lambda1 textReconstruction + lambda2 orthogonality + lambda3 sigLip.
 * {@link #parts()} holds [total, ecgReconstruction, contrastive, textReconstruction, orthogonality, sigLip] (the
 * order of the sum) on the device; the first accessor of a value reads them all with one transfer.
 */
public final class CgDmerLoss extends LossParts {

    CgDmerLoss(Variable total, Variable ecgReconstruction, Variable contrastive, Variable textReconstruction,
               Variable orthogonality, Variable sigLip) {
        super(total, ecgReconstruction, contrastive, textReconstruction, orthogonality, sigLip);
    }

    /** L_e_rec: mean squared error over the masked patches. */
    public float ecgReconstruction() {
        return value(1);
    }

    /** Bidirectional InfoNCE between the shared embeddings (mean of both directions). */
    public float contrastive() {
        return value(2);
    }

    /** L_t_rec: mean negative log-likelihood of the masked report tokens. */
    public float textReconstruction() {
        return value(3);
    }

    /** L_orth: S(h_sp, h_sh)^2 of the ECG plus that of the report. */
    public float orthogonality() {
        return value(4);
    }

    /** SigLIP sigmoid loss between the shared embeddings. */
    public float sigLip() {
        return value(5);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "total %.5f = e_rec %.5f + InfoNCE %.5f, t_rec %.5f, orth %.5f,"
                + " SigLIP %.5f", value(0), ecgReconstruction(), contrastive(), textReconstruction(), orthogonality(),
                sigLip());
    }
}
