package org.cardiograd.ecg.signal;

/** Just enough complex arithmetic for pole/zero filter design. */
record Complex(double re, double im) {

    static final Complex ZERO = new Complex(0, 0);
    static final Complex ONE = new Complex(1, 0);

    static Complex real(double re) {
        return new Complex(re, 0);
    }

    /** e^{i theta}. */
    static Complex unit(double theta) {
        return new Complex(Math.cos(theta), Math.sin(theta));
    }

    Complex plus(Complex o) {
        return new Complex(re + o.re, im + o.im);
    }

    Complex minus(Complex o) {
        return new Complex(re - o.re, im - o.im);
    }

    Complex times(Complex o) {
        return new Complex(re * o.re - im * o.im, re * o.im + im * o.re);
    }

    Complex times(double s) {
        return new Complex(re * s, im * s);
    }

    Complex dividedBy(Complex o) {
        double d = o.re * o.re + o.im * o.im;
        return new Complex((re * o.re + im * o.im) / d, (im * o.re - re * o.im) / d);
    }

    Complex negate() {
        return new Complex(-re, -im);
    }

    Complex conj() {
        return new Complex(re, -im);
    }

    double abs() {
        return Math.hypot(re, im);
    }

    /** Principal square root (branch cut on the negative real axis). */
    Complex sqrt() {
        double r = abs();
        if (r == 0) {
            return ZERO;
        }
        double a = Math.sqrt((r + Math.abs(re)) / 2);
        if (re >= 0) {
            return new Complex(a, im / (2 * a));
        }
        return new Complex(Math.abs(im) / (2 * a), Math.copySign(a, im));
    }

    /** Real within a relative tolerance of 100 ulp, the test SciPy's zpk2sos uses to split real from complex roots. */
    boolean isReal() {
        return Math.abs(im) <= 100 * Math.ulp(1.0) * abs();
    }
}
