package org.cardiograd.nn.optim;

import java.util.List;
import java.util.Map;

import org.cardiograd.autograd.Variable;

/**
 * AdamW (Loshchilov and Hutter) as torch.optim.AdamW (amsgrad off): decoupled weight decay p = p (1 - lr wd),
 * then the Adam update, in one pass of the fused kernel {@link org.cardiograd.tensor.FusedOps#adamw}.
 * Defaults: betas (0.9, 0.999), eps 1e-8 (PyTorch's). State per parameter: {@code step}, {@code exp_avg},
 * {@code exp_avg_sq}.
 */
public final class AdamW extends Moments {
    public AdamW(List<ParamGroup> groups, double beta1, double beta2, double eps) {
        super(groups, beta1, beta2, eps, true);
    }

    public AdamW(List<ParamGroup> groups) {
        this(groups, 0.9, 0.999, 1e-8);
    }

    /** One group of named parameters with PyTorch's defaults for betas and eps. */
    public static AdamW of(Map<String, Variable> params, double lr, double weightDecay) {
        return new AdamW(List.of(new ParamGroup(params, lr, weightDecay)));
    }
}
