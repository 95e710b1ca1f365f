package org.cardiograd.ecg.signal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Pairs the zeros and poles of a real digital filter into second-order sections by the {@code 'nearest'} rule
 * documented for {@code scipy.signal.zpk2sos}: repeatedly take the remaining pole closest to the unit circle
 * (its section goes last, so the most resonant sections run last), give it the nearest zero, and complete the
 * section with the conjugates or with the next nearest real pole/zero. Sections with poles near the unit circle
 * then have zeros close by, which keeps each section's peak gain low. The overall gain goes into the first
 * section. Matching SciPy's pairing makes the coefficients comparable with SciPy's, not only the response.
 */
final class ZpkToSos {

    private ZpkToSos() {
    }

    /**
     * @param zeros all zeros (conjugate pairs both present)
     * @param poles all poles (conjugate pairs both present); as many as zeros, or one more (a zero at the
     *              origin is then added, as SciPy does)
     * @param gain  overall gain
     * @return rows {@code b0 b1 b2 a0 a1 a2}
     */
    static double[][] nearest(List<Complex> zeros, List<Complex> poles, double gain) {
        List<Complex> z = new ArrayList<>(zeros);
        List<Complex> p = new ArrayList<>(poles);
        if (z.size() > p.size()) {
            throw new IllegalArgumentException("more zeros (" + z.size() + ") than poles (" + p.size() + ")");
        }
        while (z.size() < p.size()) {
            z.add(Complex.ZERO);
        }
        if (p.size() % 2 == 1) {
            p.add(Complex.ZERO);
            z.add(Complex.ZERO);
        }
        int sectionCount = p.size() / 2;
        // keep one representative (upper half plane) per conjugate pair, then the real roots
        z = representatives(z, "zeros");
        p = representatives(p, "poles");

        double[][] sos = new double[sectionCount][];
        for (int si = sectionCount - 1; si >= 0; si--) {
            Complex p1 = p.remove(closestToUnitCircle(p));
            if (isReal(p1) && countReal(p) == 0) {
                // last real pole: a first-order section with the nearest real zero (b2 = a2 = 0, as SciPy)
                Complex z1 = z.remove(nearest(z, p1, Kind.REAL));
                sos[si] = section(new Complex[] {z1, Complex.ZERO}, new Complex[] {p1, Complex.ZERO});
            } else if (p.size() + 1 == z.size() && !isReal(p1) && countReal(p) == 1 && countReal(z) == 1) {
                // one real pole and one real zero left for later: this complex pole must take a complex zero
                Complex z1 = z.remove(nearest(z, p1, Kind.COMPLEX));
                sos[si] = section(new Complex[] {z1, z1.conj()}, new Complex[] {p1, p1.conj()});
            } else {
                Complex p2;
                if (isReal(p1)) {
                    List<Integer> realIdx = new ArrayList<>();
                    List<Complex> realPoles = new ArrayList<>();
                    for (int i = 0; i < p.size(); i++) {
                        if (isReal(p.get(i))) {
                            realIdx.add(i);
                            realPoles.add(p.get(i));
                        }
                    }
                    p2 = p.remove((int) realIdx.get(closestToUnitCircle(realPoles)));
                } else {
                    p2 = p1.conj();
                }
                if (z.isEmpty()) {
                    sos[si] = section(new Complex[0], new Complex[] {p1, p2});
                } else {
                    Complex z1 = z.remove(nearest(z, p1, Kind.ANY));
                    if (!isReal(z1)) {
                        sos[si] = section(new Complex[] {z1, z1.conj()}, new Complex[] {p1, p2});
                    } else if (!z.isEmpty()) {
                        Complex z2 = z.remove(nearest(z, p1, Kind.REAL));
                        sos[si] = section(new Complex[] {z1, z2}, new Complex[] {p1, p2});
                    } else {
                        sos[si] = section(new Complex[] {z1}, new Complex[] {p1, p2});
                    }
                }
            }
        }
        for (int i = 0; i < 3; i++) {
            sos[0][i] *= gain;
        }
        return sos;
    }

    private enum Kind { REAL, COMPLEX, ANY }

    /**
     * One root per conjugate pair (the one with positive imaginary part, averaged with its partner's conjugate),
     * sorted by real part, followed by the real roots in ascending order. Real means within SciPy's tolerance.
     */
    private static List<Complex> representatives(List<Complex> roots, String what) {
        List<Complex> upper = new ArrayList<>();
        List<Complex> lower = new ArrayList<>();
        List<Complex> real = new ArrayList<>();
        for (Complex r : roots) {
            if (r.isReal()) {
                real.add(Complex.real(r.re()));
            } else if (r.im() > 0) {
                upper.add(r);
            } else {
                lower.add(r);
            }
        }
        Comparator<Complex> byReIm = Comparator.comparingDouble(Complex::re).thenComparingDouble(Complex::im);
        upper.sort(byReIm);
        lower.sort(Comparator.comparingDouble(Complex::re).thenComparingDouble(c -> -c.im()));
        if (upper.size() != lower.size()) {
            throw new IllegalArgumentException(what + " are not in complex-conjugate pairs: " + roots);
        }
        List<Complex> out = new ArrayList<>();
        for (int i = 0; i < upper.size(); i++) {
            Complex u = upper.get(i);
            Complex l = lower.get(i);
            if (u.minus(l.conj()).abs() > 1e-8 * Math.max(1, u.abs())) {
                throw new IllegalArgumentException(what + " are not in complex-conjugate pairs: " + roots);
            }
            out.add(u.plus(l.conj()).times(0.5));
        }
        real.sort(Comparator.comparingDouble(Complex::re));
        out.addAll(real);
        return out;
    }

    private static boolean isReal(Complex c) {
        return c.im() == 0;
    }

    private static int countReal(List<Complex> roots) {
        int n = 0;
        for (Complex c : roots) {
            n += isReal(c) ? 1 : 0;
        }
        return n;
    }

    /** Index of the root with the smallest | 1 - |r| |; the first on ties. */
    private static int closestToUnitCircle(List<Complex> roots) {
        int best = 0;
        for (int i = 1; i < roots.size(); i++) {
            if (Math.abs(1 - roots.get(i).abs()) < Math.abs(1 - roots.get(best).abs())) {
                best = i;
            }
        }
        return best;
    }

    /** Index of the root of the given kind nearest to {@code to}; the first on ties. */
    private static int nearest(List<Complex> roots, Complex to, Kind kind) {
        int best = -1;
        for (int i = 0; i < roots.size(); i++) {
            Complex r = roots.get(i);
            boolean ok = kind == Kind.ANY || (kind == Kind.REAL) == isReal(r);
            if (ok && (best < 0 || r.minus(to).abs() < roots.get(best).minus(to).abs())) {
                best = i;
            }
        }
        if (best < 0) {
            throw new IllegalStateException("no " + kind.name().toLowerCase() + " root left to pair with " + to);
        }
        return best;
    }

    /** Polynomial coefficients of a section with up to two zeros and two poles, right-aligned as SciPy does. */
    private static double[] section(Complex[] zeros, Complex[] poles) {
        double[] b = polynomial(zeros);
        double[] a = polynomial(poles);
        double[] row = new double[6];
        System.arraycopy(b, 0, row, 3 - b.length, b.length);
        System.arraycopy(a, 0, row, 6 - a.length, a.length);
        return row;
    }

    /** Real coefficients (highest power first) of prod (x - r). */
    private static double[] polynomial(Complex[] roots) {
        Complex[] c = {Complex.ONE};
        for (Complex r : roots) {
            Complex[] next = new Complex[c.length + 1];
            next[0] = c[0];
            for (int i = 1; i < c.length; i++) {
                next[i] = c[i].minus(r.times(c[i - 1]));
            }
            next[c.length] = r.times(c[c.length - 1]).negate();
            c = next;
        }
        double[] out = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            out[i] = c[i].re();
        }
        return out;
    }
}
