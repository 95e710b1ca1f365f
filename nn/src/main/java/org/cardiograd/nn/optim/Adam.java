package org.cardiograd.nn.optim;

import java.util.List;
import java.util.Map;

import org.cardiograd.autograd.Variable;

/**
 * Adam as torch.optim.Adam (amsgrad off): weight decay is an L2 penalty added to the gradient
 * (g + wd p) before the moments, then the update runs in the fused AdamW kernel with decoupled decay 0.
 * Defaults: betas (0.9, 0.999), eps 1e-8. State per parameter: {@code step}, {@code exp_avg}, {@code exp_avg_sq}.
 */
public final class Adam extends Moments {
    public Adam(List<ParamGroup> groups, double beta1, double beta2, double eps) {
        super(groups, beta1, beta2, eps, false);
    }

    public Adam(List<ParamGroup> groups) {
        this(groups, 0.9, 0.999, 1e-8);
    }

    /** One group of named parameters with PyTorch's defaults for betas and eps. */
    public static Adam of(Map<String, Variable> params, double lr, double weightDecay) {
        return new Adam(List.of(new ParamGroup(params, lr, weightDecay)));
    }
}
