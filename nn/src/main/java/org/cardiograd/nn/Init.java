package org.cardiograd.nn;

import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Shapes;
import org.cardiograd.tensor.Tensor;

/** Weight initializers, all drawn from a seeded {@link Rng}. */
public final class Init {
    private Init() {}

    public static Tensor uniform(Rng rng, float low, float high, int... shape) {
        return Tensor.uniform(rng, low, high, shape);
    }

    public static Tensor normal(Rng rng, float std, int... shape) {
        return Tensor.normal(rng, 0f, std, shape);
    }

    /**
     * Normal(0, std) truncated to [-2 std, 2 std] by redrawing outside values (as ViT and MAE initialize;
     * timm's trunc_normal_ with a = -2 std, b = 2 std).
     */
    public static Tensor truncatedNormal(Rng rng, float std, int... shape) {
        int n = Shapes.toIntExact("truncatedNormal", Shapes.numel(shape));
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            double z;
            do {
                z = gaussian(rng);
            } while (Math.abs(z) > 2.0);
            data[i] = (float) (z * std);
        }
        return Tensor.fromArray(data, shape);
    }

    /** Xavier/Glorot uniform: U(-a, a), a = sqrt(6 / (fanIn + fanOut)). */
    public static Tensor xavierUniform(Rng rng, int fanIn, int fanOut, int... shape) {
        float a = (float) Math.sqrt(6.0 / (fanIn + fanOut));
        return uniform(rng, -a, a, shape);
    }

    /**
     * PyTorch's default for Linear and Conv weights and biases: kaiming_uniform with a = sqrt(5), which is
     * U(-1/sqrt(fanIn), 1/sqrt(fanIn)).
     */
    public static Tensor pytorchDefault(Rng rng, int fanIn, int... shape) {
        float bound = fanIn > 0 ? (float) (1.0 / Math.sqrt(fanIn)) : 0f;
        return uniform(rng, -bound, bound, shape);
    }

    private static double gaussian(Rng rng) {
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
