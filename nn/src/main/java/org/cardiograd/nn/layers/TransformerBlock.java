package org.cardiograd.nn.layers;

import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.Module;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;

/**
 * One transformer encoder block, in either arrangement:
 * <pre>
 *   pre-LN  (ViT, MAE):  x = x + drop_path(attn(norm1(x)));   x = x + drop_path(mlp(norm2(x)))
 *   post-LN (BERT):      x = norm1(x + attn(x));               x = norm2(x + mlp(x))
 * </pre>
 */
public final class TransformerBlock extends Module {
    private final LayerNorm norm1;
    private final SelfAttention attn;
    private final LayerNorm norm2;
    private final Mlp mlp;
    private final DropPath dropPath;
    private final boolean preNorm;

    public TransformerBlock(int dim, int heads, float mlpRatio, boolean preNorm, float dropout, float dropPath,
                            float eps, Rng rng) {
        this.preNorm = preNorm;
        this.norm1 = module("norm1", new LayerNorm(dim, eps));
        this.attn = module("attn", new SelfAttention(dim, heads, dropout, rng));
        this.norm2 = module("norm2", new LayerNorm(dim, eps));
        this.mlp = module("mlp", new Mlp(dim, Math.round(dim * mlpRatio), dropout, rng));
        this.dropPath = module("drop_path", new DropPath(dropPath, rng.split()));
    }

    public Variable forward(Variable x, Tensor keyPaddingMask) {
        if (preNorm) {
            Variable h = x.add(dropPath.forward(attn.forward(norm1.forward(x), keyPaddingMask)));
            return h.add(dropPath.forward(mlp.forward(norm2.forward(h))));
        }
        Variable h = norm1.forward(x.add(attn.forward(x, keyPaddingMask)));
        return norm2.forward(h.add(mlp.forward(h)));
    }
}
