package org.cardiograd.nn.loss;

import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.Module;
import org.cardiograd.tensor.Tensor;

/**
 * The SigLIP sigmoid loss with its learnable temperature and bias: a module owning the 0-d parameters
 * {@code logit_scale} (t', with t = exp(t'), initialized to ln 10) and {@code logit_bias} (b, initialized to -10),
 * the paper's initialization. See {@link Losses#sigLip}.
 */
public final class SigLipLoss extends Module {
    public static final float INITIAL_LOG_SCALE = (float) Math.log(10.0);
    public static final float INITIAL_BIAS = -10f;

    private final Variable logitScale;
    private final Variable logitBias;

    public SigLipLoss() {
        this(INITIAL_LOG_SCALE, INITIAL_BIAS);
    }

    public SigLipLoss(float initialLogScale, float initialBias) {
        logitScale = param("logit_scale", Tensor.scalar(initialLogScale));
        logitBias = param("logit_bias", Tensor.scalar(initialBias));
    }

    public Variable logitScale() {
        return logitScale;
    }

    public Variable logitBias() {
        return logitBias;
    }

    /** -1/N sum_ij log sigmoid(z_ij (exp(t') x_i.y_j + b)) over L2-normalized x and y, both [N, D]. */
    public Variable forward(Variable x, Variable y) {
        return Losses.sigLip(x, y, logitScale, logitBias);
    }
}
