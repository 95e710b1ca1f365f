package org.cardiograd.tensor.reference;

import org.cardiograd.tensor.*;

/** TODO(issue 2): being written. */
final class ReferenceNn {
    static void softmax(Tensor x, Tensor out, boolean log) {
        throw new UnsupportedOperationException("not yet implemented");
    }
    static void softmaxBackward(Tensor y, Tensor dy, Tensor dx, boolean log) {
        throw new UnsupportedOperationException("not yet implemented");
    }
    static void layerNorm(Tensor x, Tensor gamma, Tensor beta, float eps, Tensor out, Tensor mean, Tensor rstd) {
        throw new UnsupportedOperationException("not yet implemented");
    }
    static void layerNormBackward(Tensor dy, Tensor x, Tensor mean, Tensor rstd, Tensor gamma, Tensor dx, Tensor dGamma, Tensor dBeta) {
        throw new UnsupportedOperationException("not yet implemented");
    }
    static void attention(Tensor q, Tensor k, Tensor v, Tensor keyMask, Tensor bias, int heads, float scale, boolean causal, Tensor out, Tensor lse) {
        throw new UnsupportedOperationException("not yet implemented");
    }
    static void attentionBackward(Tensor q, Tensor k, Tensor v, Tensor keyMask, Tensor bias, int heads, float scale, boolean causal, Tensor out, Tensor lse, Tensor dOut, Tensor dq, Tensor dk, Tensor dv) {
        throw new UnsupportedOperationException("not yet implemented");
    }
    static void adamw(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps, float weightDecay, long step) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
