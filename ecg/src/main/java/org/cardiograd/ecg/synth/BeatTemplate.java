package org.cardiograd.ecg.synth;

import java.util.ArrayList;
import java.util.List;

/**
 * The waves of one record's beat at RR = 1 s, and the rules that adapt them to each beat's preceding RR
 * interval: the PR interval shortens mildly with rate, QT follows Fridericia (QT = QTc * RR^(1/3)) by stretching
 * the ST-T waves about the J point, and the QRS keeps its duration.
 *
 * @param waves       all waves; times relative to QRS onset
 * @param prSeconds   PR interval at RR = 1 s (P onset to QRS onset); NaN when there are no P waves
 * @param qrsSeconds  QRS duration (QRS onset to J point)
 * @param qtcSeconds  QT at RR = 1 s, i.e. the Fridericia-corrected QT
 */
record BeatTemplate(List<Wave> waves, double prSeconds, double qrsSeconds, double qtcSeconds) {

    BeatTemplate {
        waves = List.copyOf(waves);
    }

    /** The waves of a beat that follows an RR interval of {@code rrBefore} seconds. */
    List<Wave> forBeat(double rrBefore, double qrsAmplitudeScale) {
        double rr = Math.max(0.25, Math.min(2.5, rrBefore));
        double prShift = Double.isNaN(prSeconds) ? 0 : prSeconds * (Math.pow(rr, 0.2) - 1);
        double qt = qtcSeconds * Math.cbrt(rr);
        double stretch = (qt - qrsSeconds) / (qtcSeconds - qrsSeconds);
        List<Wave> out = new ArrayList<>(waves.size());
        for (Wave w : waves) {
            switch (w.phase()) {
                case ATRIAL -> out.add(w.shifted(-prShift));
                case DEPOLARIZATION -> out.add(w.scaled(qrsAmplitudeScale));
                case REPOLARIZATION -> out.add(w.stretched(qrsSeconds, stretch));
                default -> throw new IllegalStateException("unknown phase " + w.phase());
            }
        }
        return out;
    }

    /** Mean frontal QRS axis in degrees (-180..180]: the direction of the QRS dipole's time integral. */
    double frontalAxisDeg() {
        double x = 0;
        double y = 0;
        for (Wave w : waves) {
            if (w.phase() == Wave.Phase.DEPOLARIZATION && !w.isPlateau()) {
                double area = w.amplitude() * w.width();
                x += area * w.direction().x();
                y += area * w.direction().y();
            }
        }
        return Math.toDegrees(Math.atan2(y, x));
    }
}
