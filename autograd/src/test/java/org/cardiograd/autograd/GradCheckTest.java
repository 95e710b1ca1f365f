package org.cardiograd.autograd;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.Function;
import java.util.stream.Stream;

import org.cardiograd.tensor.Backend;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;
import org.cardiograd.tensor.cpu.CpuBackend;
import org.cardiograd.tensor.reference.ReferenceBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Finite-difference gradient checks for every Function, on both backends, with shapes that exercise
 * broadcasting and non-contiguous inputs (transposed and strided views are taken inside the checked function).
 */
class GradCheckTest {
    private static final Backend CPU = new CpuBackend(2);
    private static final Backend REF = new ReferenceBackend();

    static Stream<Backend> backends() {
        return Stream.of(REF, CPU);
    }

    private static Variable param(Backend b, long seed, int... shape) {
        return Variable.parameter(Tensor.random(b, new Rng(seed), org.cardiograd.tensor.Distribution.NORMAL, 0f, 1f,
                shape));
    }

    /** Strictly positive inputs for log, sqrt, rsqrt, div. */
    private static Variable positive(Backend b, long seed, int... shape) {
        return Variable.parameter(Tensor.random(b, new Rng(seed), org.cardiograd.tensor.Distribution.UNIFORM, 0.5f,
                2f, shape));
    }

    private static void check(Function<Variable[], Variable> f, Variable... in) {
        GradCheck.float32().check(f, in);
    }

    static Stream<Arguments> cases() {
        return backends().map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void arithmeticWithBroadcasting(Backend b) {
        check(v -> v[0].add(v[1]), param(b, 1, 3, 4), param(b, 2, 4));
        check(v -> v[0].sub(v[1]), param(b, 3, 2, 1, 5), param(b, 4, 3, 1));
        check(v -> v[0].mul(v[1]), param(b, 5, 3, 4), param(b, 6, 3, 1));
        check(v -> v[0].div(v[1]), param(b, 7, 2, 3), positive(b, 8, 2, 3));
        check(v -> v[0].maximum(v[1]), param(b, 9, 4, 5), param(b, 10, 5));
        check(v -> v[0].minimum(v[1]), param(b, 11, 4, 5), param(b, 12, 4, 1));
        check(v -> v[0].add(2.5f).mul(-1.5f), param(b, 13, 7));
        check(v -> v[0].pow(3f), param(b, 14, 6));
        check(v -> v[0].mul(v[0]), param(b, 15, 5)); // one variable used twice
    }

    @ParameterizedTest
    @MethodSource("cases")
    void unaryFunctions(Backend b) {
        check(v -> v[0].exp(), param(b, 20, 3, 5));
        check(v -> v[0].log(), positive(b, 21, 3, 5));
        check(v -> v[0].sqrt(), positive(b, 22, 17));
        check(v -> v[0].rsqrt(), positive(b, 23, 17));
        check(v -> v[0].square(), param(b, 24, 17));
        check(v -> v[0].abs(), param(b, 25, 17));
        check(v -> v[0].tanh(), param(b, 26, 17));
        check(v -> v[0].sigmoid(), param(b, 27, 17));
        check(v -> v[0].relu(), param(b, 28, 17));
        check(v -> v[0].gelu(), param(b, 29, 17));
        check(v -> v[0].geluTanh(), param(b, 30, 17));
        check(v -> v[0].clamp(-0.5f, 0.7f), param(b, 31, 17));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void reductions(Backend b) {
        check(v -> v[0].sum(), param(b, 40, 3, 4));
        check(v -> v[0].sum(1, false), param(b, 41, 3, 4, 5));
        check(v -> v[0].sum(new int[] {0, 2}, true), param(b, 42, 3, 4, 5));
        check(v -> v[0].mean(-1, true), param(b, 43, 3, 4, 5));
        check(v -> v[0].mean(), param(b, 44, 6, 2));
        check(v -> v[0].max(1, false), param(b, 45, 3, 7));
        check(v -> v[0].var(new int[] {1}, 1, false), param(b, 46, 3, 7));
        check(v -> v[0].transpose(0, 1).sum(0, false), param(b, 47, 4, 6)); // reduce a non-contiguous view
    }

    @ParameterizedTest
    @MethodSource("cases")
    void views(Backend b) {
        check(v -> v[0].reshape(6, 4).mul(v[1]), param(b, 50, 2, 3, 4), param(b, 51, 6, 4));
        check(v -> v[0].permute(2, 0, 1).exp(), param(b, 52, 2, 3, 4));
        check(v -> v[0].slice(1, 1, 7, 2).square(), param(b, 53, 3, 8));
        check(v -> v[0].select(0, 1).tanh(), param(b, 54, 3, 4));
        check(v -> v[0].expand(3, 4, 5).mul(v[1]), param(b, 55, 4, 1), param(b, 56, 3, 4, 5));
        check(v -> v[0].unsqueeze(0).squeeze(0).flatten(0, 1).sigmoid(), param(b, 57, 3, 4));
        check(v -> {
            Variable[] parts = v[0].split(1, 2, 3);
            return parts[0].sum(1, true).mul(parts[1]);
        }, param(b, 58, 3, 5));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void joiningAndSelection(Backend b) {
        check(v -> Functional.cat(1, v[0], v[1].transpose(0, 1)).tanh(), param(b, 60, 3, 2), param(b, 61, 4, 3));
        check(v -> Functional.stack(0, v[0], v[1]).exp(), param(b, 62, 2, 3), param(b, 63, 2, 3));
        Tensor mask = Tensor.fromArray(b, new float[] {1, 0, 0, 1, 0, 1}, 2, 3);
        check(v -> v[0].maskedFill(mask, -3f).exp(), param(b, 64, 2, 3));
        check(v -> Functional.where(mask, v[0], v[1]), param(b, 65, 2, 3), param(b, 66, 3));
        Tensor index = Tensor.fromArray(b, new float[] {2, 0, 2, 1, 1, 3}, 2, 3);
        check(v -> v[0].gather(1, index).square(), param(b, 67, 2, 4));
        Tensor rows = Tensor.fromArray(b, new float[] {3, 0, 3, 1}, 4);
        check(v -> v[0].indexSelect(0, rows).square(), param(b, 68, 5, 3));
        check(v -> Functional.scatterAdd(v[0], 1, index, v[1]).square(), param(b, 69, 2, 4), param(b, 70, 2, 3));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void matmulForms(Backend b) {
        check(v -> v[0].matmul(v[1]), param(b, 80, 3, 5), param(b, 81, 5, 4));
        check(v -> v[0].matmul(v[1]), param(b, 82, 2, 3, 5), param(b, 83, 5, 4)); // weight broadcast
        check(v -> v[0].matmul(v[1]), param(b, 84, 3, 5), param(b, 85, 2, 5, 4)); // input broadcast
        check(v -> v[0].matmul(v[1]), param(b, 86, 2, 1, 3, 5), param(b, 87, 1, 3, 5, 2));
        check(v -> v[0].matmul(v[1].mT()), param(b, 88, 3, 5), param(b, 89, 4, 5)); // transposed view
        check(v -> v[0].matmul(v[1]), param(b, 90, 5), param(b, 91, 5, 4)); // vector-matrix
        check(v -> v[0].matmul(v[1]), param(b, 92, 3, 5), param(b, 93, 5)); // matrix-vector
        check(v -> v[0].matmul(v[1]), param(b, 94, 5), param(b, 95, 5)); // dot
        check(v -> Functional.linear(v[0], v[1], v[2]), param(b, 96, 2, 3, 5), param(b, 97, 4, 5), param(b, 98, 4));
        check(v -> Functional.linear(v[0], v[1], null), param(b, 99, 3, 5), param(b, 100, 4, 5));
        check(v -> Functional.linearGelu(v[0], v[1], v[2]), param(b, 101, 2, 3, 5), param(b, 102, 4, 5),
                param(b, 103, 4));
    }

    /**
     * Without gradients linearGelu is one GEMM with a GELU epilogue; it must agree with the recorded linear then
     * GELU (two roundings of the same A&amp;S erf, so to a few float ulps) and record nothing.
     */
    @ParameterizedTest
    @MethodSource("cases")
    void linearGeluInInferenceMatchesLinearThenGelu(Backend b) {
        Variable x = param(b, 104, 2, 7, 40);
        Variable w = param(b, 105, 33, 40);
        Variable bias = param(b, 106, 33);
        float[] want = Functional.linear(x, w, bias).gelu().value().toArray();
        Variable fused;
        try (NoGrad ignored = NoGrad.enter()) {
            fused = Functional.linearGelu(x, w, bias);
        }
        org.junit.jupiter.api.Assertions.assertFalse(fused.requiresGrad(), "inference result records no graph");
        float[] got = fused.value().toArray();
        for (int i = 0; i < want.length; i++) {
            org.junit.jupiter.api.Assertions.assertEquals(want[i], got[i], 1e-5f * (1 + Math.abs(want[i])),
                    "element " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void softmaxAndLayerNorm(Backend b) {
        check(v -> v[0].softmax(-1), param(b, 110, 3, 5));
        check(v -> v[0].softmax(0), param(b, 111, 4, 3));
        check(v -> v[0].logSoftmax(1), param(b, 112, 2, 6, 3));
        check(v -> Functional.layerNorm(v[0], v[1], v[2], 1e-5f), param(b, 113, 3, 7), param(b, 114, 7),
                param(b, 115, 7));
        check(v -> Functional.layerNorm(v[0].transpose(0, 1), null, null, 1e-5f), param(b, 116, 6, 3));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void attention(Backend b) {
        float scale = (float) (1 / Math.sqrt(4));
        check(v -> Functional.attention(v[0], v[1], v[2], null, null, scale, false),
                param(b, 120, 2, 2, 3, 4), param(b, 121, 2, 2, 5, 4), param(b, 122, 2, 2, 5, 4));
        Tensor keyMask = Tensor.fromArray(b, new float[] {1, 1, 0, 1, 0, 1, 1, 1, 1, 0}, 2, 5);
        Tensor bias = Tensor.random(b, new Rng(7), org.cardiograd.tensor.Distribution.NORMAL, 0f, 1f, 3, 5);
        check(v -> Functional.attention(v[0], v[1], v[2], keyMask, bias, scale, false),
                param(b, 123, 2, 2, 3, 4), param(b, 124, 2, 2, 5, 4), param(b, 125, 2, 2, 5, 4));
        check(v -> Functional.attention(v[0], v[1], v[2], null, null, scale, true),
                param(b, 126, 1, 2, 4, 4), param(b, 127, 1, 2, 4, 4), param(b, 128, 1, 2, 4, 4));
        // q, k, v as slices of one projection, as in a transformer (non-contiguous inputs)
        check(v -> {
            Variable qkv = v[0].reshape(2, 4, 3, 2, 2).permute(2, 0, 3, 1, 4);
            return Functional.attention(qkv.select(0, 0), qkv.select(0, 1), qkv.select(0, 2), null, null, scale,
                    false);
        }, param(b, 129, 2, 4, 12));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void unfold(Backend b) {
        check(v -> Functional.unfold1d(v[0], 3, 2, 1).square(), param(b, 131, 2, 3, 9));
        check(v -> Functional.unfold1d(v[0], 2, 1, 3).square(), param(b, 132, 1, 2, 8)); // overlapping, dilated
        check(v -> Functional.unfold1d(v[0].transpose(1, 2), 4, 4, 1).square(), param(b, 133, 2, 8, 3)); // patches
    }

    @ParameterizedTest
    @MethodSource("cases")
    void dropoutWithFixedSeed(Backend b) {
        check(v -> v[0].dropout(0.3f, new Rng(5)).tanh(), param(b, 130, 4, 6));
    }

    /** The checker itself must catch a wrong gradient. */
    @Test
    void detectsAWrongGradient() {
        Variable x = param(REF, 140, 5);
        assertThrows(AssertionError.class, () -> check(v -> WrongSquare.apply(v[0]), x));
    }

    /** x^2 with a deliberately wrong derivative (x instead of 2x). */
    static final class WrongSquare extends org.cardiograd.autograd.Function {
        private Tensor x;

        static Variable apply(Variable x) {
            WrongSquare fn = new WrongSquare();
            fn.x = fn.save(x.value());
            return record(fn, x.value().square(), x);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g.mul(x)};
        }
    }
}
