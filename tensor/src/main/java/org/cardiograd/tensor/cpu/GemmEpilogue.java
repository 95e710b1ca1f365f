package org.cardiograd.tensor.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.cardiograd.tensor.Epilogue;

/**
 * Bias add and activation applied to finished output rows, once per element after the full K sum. The
 * activation is the unary op's own vector code ({@link CpuElementwiseMath}), so a fused matmul + GELU gives
 * the same bits as a matmul followed by the GELU op; a row's last partial vector is padded into a scratch
 * vector, so that every element goes through that vector code and a value never depends on where a block
 * boundary fell (results are independent of the thread count).
 */
final class GemmEpilogue {
    private GemmEpilogue() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int V = S.length();

    /** True when there is anything to do. */
    static boolean needed(float[] bias, Epilogue e) {
        return bias != null || e != Epilogue.NONE;
    }

    /**
     * c[off + j] = act(c[off + j] + bias[biasOff + j]) for j in [0, len); bias may be null. {@code scratch} holds
     * at least V floats.
     */
    static void apply(float[] c, int off, int len, float[] bias, int biasOff, Epilogue e, float[] scratch) {
        if (bias != null) {
            int j = 0;
            for (int end = S.loopBound(len); j < end; j += V) {
                FloatVector.fromArray(S, c, off + j).add(FloatVector.fromArray(S, bias, biasOff + j))
                        .intoArray(c, off + j);
            }
            for (; j < len; j++) {
                c[off + j] += bias[biasOff + j];
            }
        }
        if (e == Epilogue.NONE) {
            return;
        }
        int done = activation(e, c, off, len);
        int rest = len - done;
        if (rest > 0) {
            System.arraycopy(c, off + done, scratch, 0, rest);
            Arrays.fill(scratch, rest, V, 0f);
            activation(e, scratch, 0, V);
            System.arraycopy(scratch, 0, c, off + done, rest);
        }
    }

    /** The activation in place over the whole vectors of c[off, off + len); returns how many elements it did. */
    private static int activation(Epilogue e, float[] c, int off, int len) {
        switch (e) {
            case GELU_TANH: return CpuElementwiseMath.geluTanh(c, off, c, off, len);
            case GELU_ERF: return CpuElementwiseMath.geluErf(c, off, c, off, len);
            default: throw new IllegalArgumentException("matmul: unknown epilogue " + e);
        }
    }
}
