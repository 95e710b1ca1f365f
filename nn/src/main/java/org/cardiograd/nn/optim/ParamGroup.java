package org.cardiograd.nn.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.cardiograd.autograd.Variable;

/**
 * Parameters that share a learning rate and a weight decay, as in torch.optim's param_groups. Parameters are kept
 * with their dotted names (from {@code Module.namedParameters()}): the optimizer's state is keyed by them, so a
 * checkpoint names each state tensor after its parameter ({@code <name>.exp_avg}).
 *
 * <p>{@link #lr()} is the learning rate the next step uses. A schedule sets it through
 * {@link Optimizer#setLearningRate}, which gives each group {@code lr * lrScale()}: a group with scale 0.1 follows
 * the schedule at a tenth of the rate (layer-wise decay, a slower head). {@link #setLr} sets it absolutely.
 */
public final class ParamGroup {
    private final LinkedHashMap<String, Variable> params;
    private double lr;
    private double weightDecay;
    private double lrScale = 1.0;

    public ParamGroup(Map<String, Variable> params, double lr, double weightDecay) {
        if (!(lr >= 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("ParamGroup: lr " + lr + " and weight decay " + weightDecay
                    + " must be non-negative");
        }
        this.params = new LinkedHashMap<>(params);
        this.lr = lr;
        this.weightDecay = weightDecay;
    }

    /** The parameters with their names, in order; unmodifiable. */
    public Map<String, Variable> params() {
        return Collections.unmodifiableMap(params);
    }

    public double lr() {
        return lr;
    }

    public ParamGroup setLr(double lr) {
        if (!(lr >= 0)) {
            throw new IllegalArgumentException("ParamGroup: lr must be non-negative, got " + lr);
        }
        this.lr = lr;
        return this;
    }

    public double weightDecay() {
        return weightDecay;
    }

    public ParamGroup setWeightDecay(double weightDecay) {
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("ParamGroup: weight decay must be non-negative, got " + weightDecay);
        }
        this.weightDecay = weightDecay;
        return this;
    }

    /** The multiplier applied to the learning rate a schedule sets (default 1). */
    public double lrScale() {
        return lrScale;
    }

    public ParamGroup setLrScale(double scale) {
        if (!(scale >= 0)) {
            throw new IllegalArgumentException("ParamGroup: lr scale must be non-negative, got " + scale);
        }
        this.lrScale = scale;
        return this;
    }

    @Override
    public String toString() {
        return "ParamGroup(" + params.size() + " params, lr=" + lr + ", weight_decay=" + weightDecay
                + (lrScale != 1.0 ? ", lr_scale=" + lrScale : "") + ")";
    }
}
