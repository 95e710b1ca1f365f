package org.cardiograd.ecg.cgdmer;

import org.cardiograd.autograd.Variable;

/**
 * The CG-DMER objective of one batch and its parts (unweighted; 0 when the term is switched off), for logging:
 * total = ecgReconstruction + contrastive + lambda1 textReconstruction + lambda2 orthogonality + lambda3 sigLip.
 *
 * @param total              the weighted sum, to backpropagate
 * @param ecgReconstruction  L_e_rec: mean squared error over the masked patches
 * @param textReconstruction L_t_rec: mean negative log-likelihood of the masked report tokens
 * @param orthogonality      L_orth: S(h_sp, h_sh)^2 of the ECG plus that of the report
 * @param contrastive        bidirectional InfoNCE between the shared embeddings (mean of both directions)
 * @param sigLip             SigLIP sigmoid loss between the shared embeddings
 */
public record CgDmerLoss(Variable total, float ecgReconstruction, float textReconstruction, float orthogonality,
                         float contrastive, float sigLip) {

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "total %.5f = e_rec %.5f + InfoNCE %.5f, t_rec %.5f, orth %.5f,"
                + " SigLIP %.5f", total.item(), ecgReconstruction, contrastive, textReconstruction, orthogonality, sigLip);
    }
}
