package org.cardiograd.ecg.synth;

/**
 * One wave of a beat as a contribution to the cardiac dipole: a scalar time course times a fixed 3-D direction.
 * Times are in seconds relative to the QRS onset of the beat.
 *
 * <p>Most waves are Gaussians in time (McSharry et al. 2003, with a 3-D direction per wave as in the dipole
 * extension of that model). The ST segment is a plateau instead: a smooth box from the J point into the T wave,
 * which is what an ST shift looks like.
 *
 * @param phase     which timing rule moves this wave from beat to beat (see {@link Phase})
 * @param center    Gaussian centre, or plateau start
 * @param width     Gaussian standard deviation, or plateau end
 * @param edge      plateau edge time constant (0 for Gaussians)
 * @param amplitude peak dipole magnitude in mV (may be negative)
 * @param direction unit direction of the dipole
 */
record Wave(Phase phase, double center, double width, double edge, double amplitude, Vec3 direction) {

    /** How a wave's timing follows the beat's RR interval. */
    enum Phase {
        /** P waves: shifted with the PR interval. */
        ATRIAL,
        /** QRS: fixed duration. */
        DEPOLARIZATION,
        /** ST and T: stretched about the J point so that QT follows RR. */
        REPOLARIZATION
    }

    /** Gaussians are evaluated out to this many standard deviations (the rest is below 4e-6 of the peak). */
    private static final double GAUSS_REACH = 5;
    /** Plateau edges are evaluated out to this many edge constants. */
    private static final double EDGE_REACH = 6;

    static Wave gaussian(Phase phase, double center, double sigma, double amplitude, Vec3 direction) {
        if (sigma <= 0) {
            throw new IllegalArgumentException("wave width must be positive, got " + sigma);
        }
        return new Wave(phase, center, sigma, 0, amplitude, direction.unit());
    }

    static Wave plateau(Phase phase, double start, double end, double edge, double amplitude, Vec3 direction) {
        if (end <= start || edge <= 0) {
            throw new IllegalArgumentException("plateau needs start < end and edge > 0, got " + start + ", " + end
                + ", " + edge);
        }
        return new Wave(phase, start, end, edge, amplitude, direction.unit());
    }

    boolean isPlateau() {
        return edge > 0;
    }

    /** Same wave moved by {@code shift} seconds. */
    Wave shifted(double shift) {
        return isPlateau()
            ? new Wave(phase, center + shift, width + shift, edge, amplitude, direction)
            : new Wave(phase, center + shift, width, edge, amplitude, direction);
    }

    /** Same wave with its times stretched by {@code factor} about time {@code pivot}. */
    Wave stretched(double pivot, double factor) {
        double c = pivot + (center - pivot) * factor;
        return isPlateau()
            ? new Wave(phase, c, pivot + (width - pivot) * factor, edge * factor, amplitude, direction)
            : new Wave(phase, c, width * factor, edge, amplitude, direction);
    }

    Wave scaled(double factor) {
        return new Wave(phase, center, width, edge, amplitude * factor, direction);
    }

    /** First time at which the wave is non-negligible. */
    double begin() {
        return isPlateau() ? center - EDGE_REACH * edge : center - GAUSS_REACH * width;
    }

    /** Last time at which the wave is non-negligible. */
    double end() {
        return isPlateau() ? width + EDGE_REACH * edge : center + GAUSS_REACH * width;
    }

    /** Scalar time course at time {@code t} (without the direction). */
    double value(double t) {
        if (isPlateau()) {
            double rise = 0.5 * (1 + Math.tanh((t - center) / edge));
            double fall = 0.5 * (1 - Math.tanh((t - width) / edge));
            return amplitude * rise * fall;
        }
        double u = (t - center) / width;
        return amplitude * Math.exp(-0.5 * u * u);
    }
}
