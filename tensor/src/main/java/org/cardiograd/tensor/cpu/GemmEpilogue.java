package org.cardiograd.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.cardiograd.tensor.Epilogue;
import org.cardiograd.tensor.ScalarMath;

/**
 * Bias add and activation applied to finished output rows, once per element after the full K sum. Every
 * element goes through the same vector code (a short tail is padded into a scratch vector), so a value never
 * depends on where a block boundary fell, and results are independent of the thread count.
 */
final class GemmEpilogue {
    private GemmEpilogue() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int V = S.length();

    private static final float TANH_SCALE = (float) (2 * ScalarMath.SQRT_2_OVER_PI);
    private static final float CUBIC = (float) ScalarMath.GELU_CUBIC;
    private static final float INV_SQRT_2 = (float) ScalarMath.INV_SQRT_2;
    // Abramowitz and Stegun 7.1.26, the coefficients ScalarMath.erf uses.
    private static final float P = 0.3275911f;
    private static final float A1 = 0.254829592f;
    private static final float A2 = -0.284496736f;
    private static final float A3 = 1.421413741f;
    private static final float A4 = -1.453152027f;
    private static final float A5 = 1.061405429f;

    /** True when there is anything to do. */
    static boolean needed(float[] bias, Epilogue e) {
        return bias != null || e != Epilogue.NONE;
    }

    /**
     * c[off + j] = act(c[off + j] + bias[biasOff + j]) for j in [0, len); bias may be null. {@code scratch} holds
     * at least V floats.
     */
    static void apply(float[] c, int off, int len, float[] bias, int biasOff, Epilogue e, float[] scratch) {
        int j = 0;
        for (; j <= len - V; j += V) {
            FloatVector x = FloatVector.fromArray(S, c, off + j);
            if (bias != null) {
                x = x.add(FloatVector.fromArray(S, bias, biasOff + j));
            }
            activation(x, e).intoArray(c, off + j);
        }
        int rest = len - j;
        if (rest > 0) {
            for (int t = 0; t < V; t++) {
                scratch[t] = t < rest ? c[off + j + t] + (bias != null ? bias[biasOff + j + t] : 0f) : 0f;
            }
            activation(FloatVector.fromArray(S, scratch, 0), e).intoArray(scratch, 0);
            System.arraycopy(scratch, 0, c, off + j, rest);
        }
    }

    static FloatVector activation(FloatVector x, Epilogue e) {
        switch (e) {
            case NONE: return x;
            case GELU_TANH: return geluTanh(x);
            case GELU_ERF: return geluErf(x);
            default: throw new IllegalArgumentException("matmul: unknown epilogue " + e);
        }
    }

    /** 0.5 x (1 + tanh(u)) with u = sqrt(2/pi)(x + 0.044715 x^3), written as x / (1 + exp(-2u)). */
    static FloatVector geluTanh(FloatVector x) {
        FloatVector twoU = x.mul(x).mul(x).mul(CUBIC).add(x).mul(TANH_SCALE);
        return x.div(GemmMath.exp(twoU.neg()).add(1f));
    }

    /**
     * 0.5 x (1 + erf(x / sqrt 2)) with erf from A&amp;S 7.1.26: erf(z) = 1 - q for z &gt;= 0 with
     * q = poly(t) exp(-z^2), so 1 + erf(z) is 2 - q for z &gt;= 0 and q for z &lt; 0 (no cancellation).
     */
    static FloatVector geluErf(FloatVector x) {
        FloatVector z = x.mul(INV_SQRT_2);
        FloatVector t = FloatVector.broadcast(S, 1f).div(z.abs().fma(P, 1f));
        FloatVector poly = t.fma(A5, A4).fma(t, FloatVector.broadcast(S, A3)).fma(t, FloatVector.broadcast(S, A2))
                .fma(t, FloatVector.broadcast(S, A1)).mul(t);
        FloatVector q = poly.mul(GemmMath.exp(z.mul(z).neg()));
        VectorMask<Float> nonNegative = z.compare(VectorOperators.GE, 0f);
        FloatVector onePlusErf = q.blend(q.neg().add(2f), nonNegative);
        return x.mul(0.5f).mul(onePlusErf);
    }
}
