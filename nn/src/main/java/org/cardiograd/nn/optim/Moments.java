package org.cardiograd.nn.optim;

import java.util.List;
import java.util.Set;

import org.cardiograd.tensor.FusedOps;
import org.cardiograd.tensor.Tensor;

/** What Adam and AdamW share: two moment buffers per parameter and the fused AdamW kernel. */
abstract class Moments extends Optimizer {
    static final String EXP_AVG = "exp_avg";
    static final String EXP_AVG_SQ = "exp_avg_sq";

    private final float beta1;
    private final float beta2;
    private final float eps;
    private final boolean decoupled;

    Moments(List<ParamGroup> groups, double beta1, double beta2, double eps, boolean decoupled) {
        super(groups);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps >= 0)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": betas (" + beta1 + ", " + beta2
                    + ") must lie in [0, 1) and eps " + eps + " must be non-negative");
        }
        this.beta1 = (float) beta1;
        this.beta2 = (float) beta2;
        this.eps = (float) eps;
        this.decoupled = decoupled;
    }

    public final float beta1() {
        return beta1;
    }

    public final float beta2() {
        return beta2;
    }

    public final float eps() {
        return eps;
    }

    @Override
    protected final void update(ParamGroup group, String name, Tensor param, Tensor grad, ParamState state) {
        Tensor m = state.buffer(EXP_AVG);
        Tensor v = state.buffer(EXP_AVG_SQ);
        if (m == null) {
            m = param.zerosLike();
            v = param.zerosLike();
            state.putBuffer(EXP_AVG, m);
            state.putBuffer(EXP_AVG_SQ, v);
        }
        float lr = (float) group.lr();
        float wd = (float) group.weightDecay();
        if (decoupled) {
            // AdamW: p = p (1 - lr wd), then the Adam update, in one fused pass
            FusedOps.adamw(param, grad, m, v, lr, beta1, beta2, eps, wd, state.step());
        } else {
            // Adam: L2 penalty coupled into the gradient (torch.optim.Adam's weight_decay), then the same kernel
            Tensor g = wd != 0f ? grad.add(param.mul(wd)) : grad;
            FusedOps.adamw(param, g, m, v, lr, beta1, beta2, eps, 0f, state.step());
        }
    }

    @Override
    protected final List<String> bufferNames() {
        return List.of(EXP_AVG, EXP_AVG_SQ);
    }

    @Override
    protected final String checkEntry(String param, Long step, Set<String> buffers) {
        if (step == null || !buffers.contains(EXP_AVG) || !buffers.contains(EXP_AVG_SQ)) {
            return "incomplete state: needs step, " + EXP_AVG + " and " + EXP_AVG_SQ + ", has "
                    + (step == null ? "" : "step ") + buffers;
        }
        return null;
    }
}
