package org.cardiograd.nn.layers;

import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.Module;
import org.cardiograd.nn.ModuleList;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;

/**
 * A stack of transformer blocks ("blocks.0", "blocks.1", ...) with drop-path rising linearly from 0 to the
 * given rate over depth, and (for pre-LN stacks) a final layer norm ("norm").
 */
public final class TransformerEncoder extends Module {
    private final ModuleList<TransformerBlock> blocks;
    private final LayerNorm norm;

    /** Configuration of an encoder stack. */
    public record Config(int depth, int dim, int heads, float mlpRatio, boolean preNorm, float dropout,
                         float dropPath, float eps) {
        /** A pre-LN (ViT/MAE) stack with MLP ratio 4, no dropout, LayerNorm eps 1e-6 as in MAE. */
        public static Config preLn(int depth, int dim, int heads) {
            return new Config(depth, dim, heads, 4f, true, 0f, 0f, 1e-6f);
        }
    }

    public TransformerEncoder(Config c, Rng rng) {
        this.blocks = module("blocks", new ModuleList<>());
        for (int i = 0; i < c.depth(); i++) {
            float dp = c.depth() > 1 ? c.dropPath() * i / (c.depth() - 1) : 0f;
            blocks.add(new TransformerBlock(c.dim(), c.heads(), c.mlpRatio(), c.preNorm(), c.dropout(), dp, c.eps(),
                    rng));
        }
        this.norm = c.preNorm() ? module("norm", new LayerNorm(c.dim(), c.eps())) : null;
    }

    public Variable forward(Variable x, Tensor keyPaddingMask) {
        Variable h = x;
        for (TransformerBlock block : blocks.items()) {
            h = block.forward(h, keyPaddingMask);
        }
        return norm == null ? h : norm.forward(h);
    }

    public int depth() {
        return blocks.size();
    }
}
