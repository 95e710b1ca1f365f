package org.cardiograd.nn.layers;

import org.cardiograd.autograd.Functional;
import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.Init;
import org.cardiograd.nn.Layer;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;

/**
 * 1-d convolution [B, Cin, L] to [B, Cout, Lout] with stride, zero padding, dilation and groups, computed as
 * im2col + one GEMM per group. Weight [Cout, Cin/groups, K] and bias [Cout] as in PyTorch.
 */
public final class Conv1d extends Layer {
    public final Variable weight;
    public final Variable bias;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int dilation;
    private final int groups;

    public Conv1d(int in, int out, int kernel, int stride, int padding, int dilation, int groups, boolean bias,
                  Rng rng) {
        if (in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException("Conv1d: channels in=" + in + " out=" + out
                    + " must be divisible by groups=" + groups);
        }
        int fanIn = in / groups * kernel;
        this.weight = param("weight", Init.pytorchDefault(rng, fanIn, out, in / groups, kernel));
        this.bias = bias ? param("bias", Init.pytorchDefault(rng, fanIn, out)) : null;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
    }

    /** Patch embedding: kernel = stride = patch, no padding, one group. */
    public static Conv1d patchEmbedding(int in, int out, int patch, Rng rng) {
        return new Conv1d(in, out, patch, patch, 0, 1, 1, true, rng);
    }

    @Override
    public Variable forward(Variable x) {
        return forwardTokens(x).transpose(1, 2);
    }

    /** The convolution with the output as a token sequence [B, Lout, Cout] (what transformers consume). */
    public Variable forwardTokens(Variable x) {
        if (x.rank() != 3 || x.shape(1) != weight.shape(1) * groups) {
            throw new IllegalArgumentException("Conv1d: input " + java.util.Arrays.toString(x.shape())
                    + ", expected [B, " + weight.shape(1) * groups + ", L]");
        }
        int b = x.shape(0);
        int cin = x.shape(1);
        int cinG = cin / groups;
        int cout = weight.shape(0);
        int coutG = cout / groups;
        Variable padded = padding == 0 ? x : pad(x);
        Variable cols = Functional.unfold1d(padded, kernel, stride, dilation); // [B, Cin, Lout, K]
        int lout = cols.shape(2);
        // [B, groups, Cin/g, Lout, K] -> [B, groups, Lout, Cin/g * K]
        Variable rows = cols.reshape(b, groups, cinG, lout, kernel).permute(0, 1, 3, 2, 4)
                .reshape(b, groups, lout, cinG * kernel);
        Variable w = weight.reshape(groups, coutG, cinG * kernel);
        if (groups == 1) {
            return Functional.linear(rows.reshape(b, lout, cinG * kernel), w.reshape(cout, cinG * kernel), bias);
        }
        Variable out = rows.matmul(w.unsqueeze(0).mT()); // [B, groups, Lout, Cout/g]
        out = out.permute(0, 2, 1, 3).reshape(b, lout, cout);
        return bias == null ? out : out.add(bias);
    }

    private Variable pad(Variable x) {
        Tensor zeros = Tensor.zeros(x.value().backend(), x.shape(0), x.shape(1), padding);
        Variable z = Variable.constant(zeros);
        return Functional.cat(2, z, x, z);
    }
}
