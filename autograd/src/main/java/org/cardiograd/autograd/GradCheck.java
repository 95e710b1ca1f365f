package org.cardiograd.autograd;

import java.util.Arrays;
import java.util.function.Function;

import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;

/**
 * Checks the analytic gradients of any differentiable computation against central finite differences.
 *
 * <p>The output is reduced to a scalar L = sum(out * R) with a fixed random R, so every output element
 * matters. For each input element x: numeric dL/dx = (L(x + h) - L(x - h)) / 2h, with L summed in double on the
 * host. Tensors are float32, so the numeric derivative carries a rounding error of about
 * 6e-8 |L| / h; with the default h = 1e-2 (scaled by max(1, |x|)) and inputs of order 1, comparing with
 * |analytic - numeric| &lt;= atol + rtol |numeric| at atol = 1e-2 and rtol = 1e-2 separates real errors (a wrong
 * factor, a missing term, a wrong broadcast) from rounding. Run it on the reference backend (whose kernels
 * compute in double) for tighter tolerances.
 */
public final class GradCheck {
    private final double h;
    private final double rtol;
    private final double atol;
    private final long seed;

    private GradCheck(double h, double rtol, double atol, long seed) {
        this.h = h;
        this.rtol = rtol;
        this.atol = atol;
        this.seed = seed;
    }

    /** Defaults suited to float32: h = 1e-2, rtol = 1e-2, atol = 1e-2. */
    public static GradCheck float32() {
        return new GradCheck(1e-2, 1e-2, 1e-2, 1234);
    }

    public GradCheck withStep(double step) {
        return new GradCheck(step, rtol, atol, seed);
    }

    public GradCheck withTolerance(double relative, double absolute) {
        return new GradCheck(h, relative, absolute, seed);
    }

    /**
     * Checks every input that requires a gradient; throws AssertionError naming the input, the element and
     * both values at the first mismatch. The function must be deterministic (dropout: reuse a fixed Rng seed).
     */
    public void check(Function<Variable[], Variable> f, Variable... inputs) {
        Variable out = f.apply(inputs);
        Tensor weights = Tensor.random(out.value().backend(), new Rng(seed),
                org.cardiograd.tensor.Distribution.UNIFORM, -1f, 1f, out.shape());
        for (Variable in : inputs) {
            in.zeroGrad();
        }
        out.mul(Variable.constant(weights)).sum().backward();
        float[] w = weights.toArray();
        for (int i = 0; i < inputs.length; i++) {
            if (!inputs[i].requiresGrad()) {
                continue;
            }
            Tensor analytic = inputs[i].grad();
            float[] a = analytic == null ? new float[(int) inputs[i].value().numel()] : analytic.toArray();
            float[] x = inputs[i].value().toArray();
            for (int j = 0; j < x.length; j++) {
                double step = h * Math.max(1.0, Math.abs(x[j]));
                float up = (float) (x[j] + step);
                float down = (float) (x[j] - step);
                double plus = loss(f, inputs, i, x, j, up, w);
                double minus = loss(f, inputs, i, x, j, down, w);
                double numeric = (plus - minus) / ((double) up - down);
                if (!(Math.abs(a[j] - numeric) <= atol + rtol * Math.abs(numeric))) {
                    throw new AssertionError("gradient mismatch for input " + i + " (shape "
                            + Arrays.toString(inputs[i].shape()) + ") element " + j + ": analytic " + a[j]
                            + ", numeric " + numeric + " (tolerance atol " + atol + " + rtol " + rtol + ")");
                }
            }
        }
    }

    /** L with input i's element j set to value, other inputs unchanged, computed without recording. */
    private static double loss(Function<Variable[], Variable> f, Variable[] inputs, int i, float[] x, int j,
                               float value, float[] w) {
        float[] perturbed = x.clone();
        perturbed[j] = value;
        Variable[] args = inputs.clone();
        Tensor orig = inputs[i].value();
        Tensor replaced = Tensor.fromArray(orig.backend(), perturbed, orig.shape());
        args[i] = inputs[i].requiresGrad() ? Variable.parameter(replaced) : Variable.constant(replaced);
        float[] out;
        try (NoGrad ignored = NoGrad.enter()) {
            out = f.apply(args).value().toArray();
        }
        double sum = 0;
        for (int k = 0; k < out.length; k++) {
            sum += (double) out[k] * w[k];
        }
        return sum;
    }
}
