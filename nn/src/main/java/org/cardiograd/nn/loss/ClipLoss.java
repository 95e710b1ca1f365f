package org.cardiograd.nn.loss;

import org.cardiograd.autograd.NoGrad;
import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.Module;
import org.cardiograd.tensor.Tensor;

/**
 * The symmetric CLIP loss with its learnable temperature: a module owning {@code logit_scale}, a 0-d parameter
 * holding the log of the inverse temperature (initialized to ln(1/0.07) as in CLIP), so it is trained, saved and
 * restored with the model it belongs to. See {@link Losses#clip}.
 *
 * <p>The forward pass clamps the scale at ln 100 (no gradient above it). open_clip additionally clamps the
 * parameter itself to [0, ln 100] after every optimizer step; {@link #clampLogitScale()} does that.
 */
public final class ClipLoss extends Module {
    /** ln 100: the scale never multiplies the cosine similarities by more than 100. */
    public static final float MAX_LOG_SCALE = (float) Math.log(100.0);
    /** ln(1 / 0.07), CLIP's initial value. */
    public static final float INITIAL_LOG_SCALE = (float) Math.log(1.0 / 0.07);

    private final Variable logitScale;

    public ClipLoss() {
        this(INITIAL_LOG_SCALE);
    }

    public ClipLoss(float initialLogScale) {
        logitScale = param("logit_scale", Tensor.scalar(initialLogScale));
    }

    public Variable logitScale() {
        return logitScale;
    }

    /** (CE(a b^T s) + CE(b a^T s)) / 2 over the L2-normalized embeddings a and b, both [N, D]. */
    public Variable forward(Variable a, Variable b) {
        return Losses.clip(a, b, logitScale);
    }

    /** Clamps the parameter to [0, ln 100] in place, as open_clip does after each optimizer step. */
    public void clampLogitScale() {
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor v = logitScale.value();
            v.copyFromInPlace(v.clamp(0f, MAX_LOG_SCALE));
        }
    }
}
