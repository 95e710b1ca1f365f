package org.cardiograd.nn.layers;

import org.cardiograd.autograd.NoGrad;
import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.Layer;
import org.cardiograd.tensor.Tensor;

/**
 * Batch norm over [B, C] or [B, C, L] as in PyTorch: training normalizes with the batch statistics (biased
 * variance) and updates running_mean / running_var (unbiased) with momentum 0.1; evaluation uses the running
 * statistics.
 */
public final class BatchNorm1d extends Layer {
    public final Variable weight;
    public final Variable bias;
    private final float eps;
    private final float momentum;

    public BatchNorm1d(int channels) {
        this(channels, 1e-5f, 0.1f);
    }

    public BatchNorm1d(int channels, float eps, float momentum) {
        this.weight = param("weight", Tensor.ones(channels));
        this.bias = param("bias", Tensor.zeros(channels));
        buffer("running_mean", Tensor.zeros(channels));
        buffer("running_var", Tensor.ones(channels));
        buffer("num_batches_tracked", Tensor.scalar(0f)); // PyTorch's counter, kept so state dicts match
        this.eps = eps;
        this.momentum = momentum;
    }

    @Override
    public Variable forward(Variable x) {
        int c = weight.shape(0);
        if ((x.rank() != 2 && x.rank() != 3) || x.shape(1) != c) {
            throw new IllegalArgumentException("BatchNorm1d: input " + java.util.Arrays.toString(x.shape())
                    + ", expected [B, " + c + "] or [B, " + c + ", L]");
        }
        int[] axes = x.rank() == 2 ? new int[] {0} : new int[] {0, 2};
        int[] statShape = x.rank() == 2 ? new int[] {1, c} : new int[] {1, c, 1};
        Variable normalized;
        if (isTraining()) {
            Variable mean = x.mean(axes, true);
            Variable centered = x.sub(mean);
            Variable var = centered.square().mean(axes, true);
            normalized = centered.mul(var.add(eps).rsqrt());
            updateRunningStats(mean.value(), var.value(), x.value().numel() / c);
        } else {
            Tensor mean = buffer("running_mean").reshape(statShape);
            Tensor invStd = buffer("running_var").add(eps).rsqrt().reshape(statShape);
            normalized = x.sub(Variable.constant(mean)).mul(Variable.constant(invStd));
        }
        return normalized.mul(weight.reshape(statShape)).add(bias.reshape(statShape));
    }

    private void updateRunningStats(Tensor mean, Tensor biasedVar, long n) {
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor unbiased = biasedVar.reshape(-1).mul(n / (float) Math.max(1, n - 1));
            Tensor rm = buffer("running_mean");
            Tensor rv = buffer("running_var");
            rm.copyFromInPlace(rm.mul(1f - momentum).add(mean.reshape(-1).mul(momentum)));
            rv.copyFromInPlace(rv.mul(1f - momentum).add(unbiased.mul(momentum)));
            Tensor count = buffer("num_batches_tracked");
            count.copyFromInPlace(count.add(1f));
        }
    }
}
