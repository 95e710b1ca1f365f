package org.cardiograd.ecg.crema;

import org.cardiograd.tensor.Backend;
import org.cardiograd.tensor.Distribution;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;

/**
 * MAE's per-sample random masking, on the device: draw noise per token, argsort it, keep the tokens with the
 * smallest noise. Returns the kept positions, the order that undoes the shuffle, and a mask with 1 on the
 * hidden (to be reconstructed) tokens in original order.
 */
public record TokenMasking(Tensor keepIndex, Tensor restoreIndex, Tensor mask) {

    public static TokenMasking random(Backend backend, Rng rng, int batch, int tokens, int keep) {
        Tensor noise = Tensor.random(backend, rng, Distribution.UNIFORM, 0f, 1f, batch, tokens);
        Tensor shuffle = noise.argsort(false);            // ascending: smallest noise first = kept
        Tensor restore = shuffle.argsort(false);          // inverse permutation
        Tensor keepIndex = shuffle.narrow(1, 0, keep).contiguous();
        Tensor mask = restore.ge(keep);                   // position p is hidden when its rank >= keep
        return new TokenMasking(keepIndex, restore, mask);
    }
}
