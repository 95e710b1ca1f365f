package org.cardiograd.tensor.cpu;

import org.cardiograd.tensor.ScalarMath;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Lane-wise versions of the {@link ScalarMath} nonlinearities, rearranged so float arithmetic stays accurate
 * where the textbook form cancels:
 * <ul>
 * <li>0.5 (1 + tanh u) = sigmoid(2u), so GELU_TANH = x sigmoid(2u) needs one exp and no 1 + tanh;</li>
 * <li>1 + erf(z) = 2 - q for z &ge; 0 and q for z &lt; 0, where q = poly(t) exp(-z^2) is A&amp;S 7.1.26's
 *     erfc(|z|); GELU_ERF's pdf exp(-x^2/2) is the same exp(-z^2), so one exp serves both.</li>
 * </ul>
 *
 * <p>exp, log and tanh are written here from + - * / and bit operations instead of the JDK's lane-wise
 * EXP/LOG/TANH. Those are SVML intrinsics in C2-compiled code (fast: 0.3 ns/element) but Math.exp per lane
 * in the interpreter and C1, and the two differ in the last bit: the same call could give different bits
 * before and after the JIT warmed up, and different bits on machines without SVML. The versions here give
 * the same bits in every execution mode and on every CPU (IEEE + - * / are exact-rounded everywhere; no
 * FMA, whose fallback would be slow), with an error of a few ulp, at a speed close to SVML's.
 *
 * <p>Inlining: every Vector API call expands into many compiler nodes, and C2 stops inlining ordinary
 * (non-JDK) methods once a compilation holds about 18,000 nodes (NodeCountInliningCutoff); a helper that is
 * not inlined passes its vectors boxed, 10-20x slower. So each function here calls at most one other helper
 * (exp), first, and writes everything else inline, even where that repeats a few lines.
 *
 * <p>The composite functions (tanh, sigmoid, the GELUs and their gradients) take arrays and contain their
 * own loop: y[oo + i] = f(x[io + i]) over the whole vectors of n, returning how many elements they did (the
 * caller finishes the tail). Called once per vector, such a function is hot on its own and C2 compiles it
 * separately before its caller's loop; its compiled code is then too big to inline ("already compiled into
 * a big method"), and every call boxed its argument and result: GELU took 15% of a CREMA training step
 * instead of 2%. Only the small exp and log are still called per vector.
 */
final class CpuElementwiseMath {
    private CpuElementwiseMath() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private static final float C_TANH = (float) ScalarMath.SQRT_2_OVER_PI;
    private static final float CUBIC = (float) ScalarMath.GELU_CUBIC;
    private static final float INV_SQRT_2 = (float) ScalarMath.INV_SQRT_2;
    private static final float INV_SQRT_2PI = (float) ScalarMath.INV_SQRT_2PI;
    // Abramowitz & Stegun 7.1.26, as in ScalarMath.erf.
    private static final float P = 0.3275911f;
    private static final float A1 = 0.254829592f;
    private static final float A2 = -0.284496736f;
    private static final float A3 = 1.421413741f;
    private static final float A4 = -1.453152027f;
    private static final float A5 = 1.061405429f;

    private static final float LOG2E = 1.44269504f;
    /** 1.5 * 2^23: adding and subtracting it rounds a float of magnitude below 2^22 to an integer. */
    private static final float ROUNDER = 12582912f;
    /** The bits of ROUNDER; the bits of ROUNDER + k (integer |k| &lt; 2^22) are ROUNDER_BITS + k. */
    private static final int ROUNDER_BITS = 0x4b400000;
    /** ln 2 = LN2_HI + LN2_LO with LN2_HI exact in 9 bits, so k * LN2_HI is exact (Cody and Waite). */
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float SQRT2 = 1.41421356f;
    private static final float EXP_OVERFLOW = 88.7228394f;
    private static final float EXP_UNDERFLOW = -103.972084f;

    /**
     * e^x: x = k ln2 + r with |r| &lt;= ln2 / 2, e^r by its Taylor series to r^7 (truncation below 5e-9),
     * times 2^k built from exponent bits as two factors 2^(k/2) so that subnormal results round only once.
     */
    static FloatVector exp(FloatVector x) {
        FloatVector shifted = x.mul(LOG2E).add(ROUNDER);
        FloatVector k = shifted.sub(ROUNDER);
        FloatVector r = x.sub(k.mul(LN2_HI)).sub(k.mul(LN2_LO));
        FloatVector p = r.mul(1f / 5040).add(1f / 720).mul(r).add(1f / 120).mul(r).add(1f / 24).mul(r)
                .add(1f / 6).mul(r).add(0.5f).mul(r).add(1f).mul(r).add(1f);
        // k as an int from the low mantissa bits of the shifted value (a float-to-int convert is not
        // intrinsified on JDK 17 and would cost 30x).
        IntVector ki = shifted.reinterpretAsInts().sub(ROUNDER_BITS);
        IntVector k1 = ki.lanewise(VectorOperators.ASHR, 1);
        FloatVector s1 = k1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = ki.sub(k1).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(s1).mul(s2)
                .blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, EXP_OVERFLOW))
                .blend(0f, x.compare(VectorOperators.LT, EXP_UNDERFLOW)); // NaN compares false, stays NaN
    }

    /**
     * ln x: x = m 2^e with m in [sqrt(1/2), sqrt(2)), ln m = 2 atanh(s) with s = (m - 1) / (m + 1), |s| &lt;=
     * 0.172, by its series to s^9 (truncation below 1e-9). Subnormals are scaled up by 2^23 first.
     */
    static FloatVector log(FloatVector x) {
        VectorMask<Float> subnormal = x.compare(VectorOperators.LT, Float.MIN_NORMAL);
        FloatVector xs = x.blend(x.mul(8388608f), subnormal);
        IntVector bits = xs.reinterpretAsInts();
        // The exponent as a float, by the same rounder trick in reverse (no int-to-float convert).
        FloatVector e = bits.lanewise(VectorOperators.LSHR, 23).add(ROUNDER_BITS - 127).reinterpretAsFloats()
                .sub(ROUNDER);
        FloatVector m = bits.and(0x007fffff).or(0x3f800000).reinterpretAsFloats(); // [1, 2)
        VectorMask<Float> high = m.compare(VectorOperators.GT, SQRT2);
        m = m.blend(m.mul(0.5f), high);
        e = e.blend(e.add(1f), high);
        e = e.blend(e.sub(23f), subnormal);
        FloatVector f = m.sub(1f);
        FloatVector s = f.div(f.add(2f));
        FloatVector s2 = s.mul(s);
        FloatVector tail = s2.mul(1f / 9).add(1f / 7).mul(s2).add(1f / 5).mul(s2).add(1f / 3).mul(s2);
        FloatVector twoS = s.mul(2f);
        FloatVector lnm = twoS.mul(tail).add(twoS);
        FloatVector y = e.mul(LN2_LO).add(lnm).add(e.mul(LN2_HI));
        return y.blend(Float.NaN, x.compare(VectorOperators.LT, 0f).or(x.test(VectorOperators.IS_NAN)))
                .blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f))
                .blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
    }

    /**
     * tanh x: for |x| &lt; 0.3 the odd Taylor series to x^11 (truncation below 1e-9 relative); above,
     * 1 - 2 / (1 + e^(2|x|)) with the sign of x (no cancellation worse than 2.5x there).
     */
    static int tanh(float[] in, int io, float[] out, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += S.length()) {
            FloatVector x = FloatVector.fromArray(S, in, io + i);
            FloatVector a = x.abs();
            FloatVector large = exp(a.mul(2f)).add(1f);
            large = large.broadcast(2f).div(large).neg().add(1f);
            large = large.blend(large.neg(), x.compare(VectorOperators.LT, 0f));
            FloatVector x2 = x.mul(x);
            FloatVector small = x2.mul(-1382f / 155925).add(62f / 2835).mul(x2).add(-17f / 315).mul(x2)
                    .add(2f / 15).mul(x2).add(-1f / 3).mul(x2).mul(x).add(x);
            large.blend(small, a.compare(VectorOperators.LT, 0.3f)).intoArray(out, oo + i);
        }
        return i;
    }

    static FloatVector inv(FloatVector v) {
        return v.broadcast(1f).div(v);
    }

    /** 1 / (1 + e^-x), evaluated so that neither branch overflows. */
    static int sigmoid(float[] in, int io, float[] out, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += S.length()) {
            FloatVector x = FloatVector.fromArray(S, in, io + i);
            FloatVector e = exp(x.abs().neg()); // e^-|x| in (0, 1]
            FloatVector d = e.add(1f);
            FloatVector r = d.broadcast(1f).div(d); // 1 / (1 + e^-|x|)
            e.mul(r).blend(r, x.compare(VectorOperators.GE, 0f)).intoArray(out, oo + i);
        }
        return i;
    }

    /** x sigmoid(2u) with u = sqrt(2/pi) (x + 0.044715 x^3). */
    static int geluTanh(float[] in, int io, float[] out, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += S.length()) {
            FloatVector x = FloatVector.fromArray(S, in, io + i);
            FloatVector u2 = x.mul(x).mul(CUBIC).mul(x).add(x).mul(2f * C_TANH);
            FloatVector e = exp(u2.abs().neg());
            FloatVector d = e.add(1f);
            FloatVector r = d.broadcast(1f).div(d);
            x.mul(e.mul(r).blend(r, u2.compare(VectorOperators.GE, 0f))).intoArray(out, oo + i);
        }
        return i;
    }

    /**
     * d/dx [x s(2u)] = s + x (1 - tanh^2 u) u' with s = sigmoid(2u); and 1 - tanh^2 u = 4 s (1 - s), where
     * s (1 - s) = e / (1 + e)^2 with e = exp(-2|u|) never overflows.
     */
    static int geluTanhGrad(float[] in, int io, float[] out, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += S.length()) {
            FloatVector x = FloatVector.fromArray(S, in, io + i);
            FloatVector x2 = x.mul(x);
            FloatVector u2 = x2.mul(CUBIC).mul(x).add(x).mul(2f * C_TANH); // 2u
            FloatVector e = exp(u2.abs().neg());
            FloatVector d = e.add(1f);
            FloatVector r = d.broadcast(1f).div(d);
            FloatVector er = e.mul(r);
            FloatVector s = er.blend(r, u2.compare(VectorOperators.GE, 0f));
            FloatVector sOneMinusS = er.mul(r);
            FloatVector dInner = x2.mul(3f * CUBIC).add(1f).mul(C_TANH);
            FloatVector term = sOneMinusS.mul(x).mul(dInner).mul(2f);
            // Far out s(1-s) underflows to 0 while x u' may overflow: the term is 0 there, as in double.
            VectorMask<Float> negligible = sOneMinusS.compare(VectorOperators.EQ, 0f)
                    .and(x.abs().compare(VectorOperators.LT, Float.POSITIVE_INFINITY));
            s.add(term.blend(0f, negligible)).intoArray(out, oo + i);
        }
        return i;
    }

    /** 0.5 x (1 + erf(x / sqrt 2)); 1 + erf(z) is 2 - q or q (z &lt; 0) with q = poly(t) exp(-z^2). */
    static int geluErf(float[] in, int io, float[] out, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += S.length()) {
            FloatVector x = FloatVector.fromArray(S, in, io + i);
            FloatVector e = exp(x.mul(x).mul(-0.5f)); // exp(-z^2)
            FloatVector z = x.mul(INV_SQRT_2);
            FloatVector d = z.abs().mul(P).add(1f);
            FloatVector t = d.broadcast(1f).div(d);
            FloatVector q = t.mul(A5).add(A4).mul(t).add(A3).mul(t).add(A2).mul(t).add(A1).mul(t).mul(e);
            FloatVector onePlusErf = q.neg().add(2f).blend(q, z.compare(VectorOperators.LT, 0f));
            x.mul(0.5f).mul(onePlusErf).intoArray(out, oo + i);
        }
        return i;
    }

    /** Phi(x) + x phi(x), with Phi as in {@link #geluErf} and phi = exp(-x^2/2) / sqrt(2 pi). */
    static int geluErfGrad(float[] in, int io, float[] out, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += S.length()) {
            FloatVector x = FloatVector.fromArray(S, in, io + i);
            FloatVector e = exp(x.mul(x).mul(-0.5f));
            FloatVector z = x.mul(INV_SQRT_2);
            FloatVector d = z.abs().mul(P).add(1f);
            FloatVector t = d.broadcast(1f).div(d);
            FloatVector q = t.mul(A5).add(A4).mul(t).add(A3).mul(t).add(A2).mul(t).add(A1).mul(t).mul(e);
            FloatVector cdf = q.neg().add(2f).blend(q, z.compare(VectorOperators.LT, 0f)).mul(0.5f);
            x.mul(e).mul(INV_SQRT_2PI).add(cdf).intoArray(out, oo + i);
        }
        return i;
    }

    /** Math.signum: NaN and signed zeros pass through. */
    static FloatVector sign(FloatVector x) {
        return x.blend(1f, x.compare(VectorOperators.GT, 0f)).blend(-1f, x.compare(VectorOperators.LT, 0f));
    }

    /** 1 where x &gt; 0, NaN where x is NaN, else 0. */
    static FloatVector step(FloatVector x) {
        FloatVector zero = x.broadcast(0f);
        return zero.blend(1f, x.compare(VectorOperators.GT, 0f)).blend(x, x.test(VectorOperators.IS_NAN));
    }
}
