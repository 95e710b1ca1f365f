package org.cardiograd.nn.layers;

import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.Init;
import org.cardiograd.nn.Module;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;

/**
 * Position embeddings [1, length, dim] added to a token sequence: learned (truncated normal, std 0.02) or the
 * fixed sine-cosine table of "Attention Is All You Need" (stored as a buffer, not trained).
 */
public final class PositionalEmbedding extends Module {
    private final Variable table;

    private PositionalEmbedding(Tensor table, boolean learned) {
        this.table = learned ? param("weight", table) : Variable.constant(buffer("weight", table));
    }

    public static PositionalEmbedding learned(int length, int dim, Rng rng) {
        return new PositionalEmbedding(Init.truncatedNormal(rng, 0.02f, 1, length, dim), true);
    }

    public static PositionalEmbedding sinCos(int length, int dim) {
        return new PositionalEmbedding(sinCosTable(length, dim).reshape(1, length, dim), false);
    }

    /** PE[pos, 2i] = sin(pos / 10000^(2i/dim)), PE[pos, 2i+1] = cos(same). */
    public static Tensor sinCosTable(int length, int dim) {
        float[] data = new float[length * dim];
        for (int pos = 0; pos < length; pos++) {
            for (int i = 0; i < dim; i++) {
                double freq = Math.pow(10000.0, -(2 * (i / 2)) / (double) dim);
                data[pos * dim + i] = (float) (i % 2 == 0 ? Math.sin(pos * freq) : Math.cos(pos * freq));
            }
        }
        return Tensor.fromArray(data, length, dim);
    }

    /** The whole table [1, length, dim], to add to (or slice for) a sequence. */
    public Variable table() {
        return table;
    }

    /** x [B, T, dim] plus the first T positions. */
    public Variable addTo(Variable x) {
        return x.add(table.narrow(1, 0, x.shape(1)));
    }

    public int length() {
        return table.shape(1);
    }
}
