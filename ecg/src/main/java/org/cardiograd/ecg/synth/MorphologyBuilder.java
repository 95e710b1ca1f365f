package org.cardiograd.ecg.synth;

import static org.cardiograd.ecg.synth.Wave.Phase.ATRIAL;
import static org.cardiograd.ecg.synth.Wave.Phase.DEPOLARIZATION;
import static org.cardiograd.ecg.synth.Wave.Phase.REPOLARIZATION;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a record's beat: first a normal beat from the patient's parameters, then each present class modifies
 * the waves the way the disease changes the heart's electrical activity (so the effect shows in the leads that
 * face it, with reciprocal changes in the opposite leads, as on a real ECG).
 *
 * <p>The normal beat: two P components (right then left atrium, which makes P biphasic in V1); a septal force
 * to the right and front (q in I, aVL, V5-V6, r in V1); an early anterior and a main leftward ventricular force
 * (R, with R growing from V1 to V5); a terminal posterior-superior force (S in V1-V3); an asymmetric T wave
 * roughly along the QRS.
 */
final class MorphologyBuilder {

    private final Patient patient;
    private double qrs;
    private double qt;
    private Wave p1;
    private Wave p2;
    private Wave septal;
    private Wave r1;
    private Wave r2;
    private Wave s;
    private Wave t1;
    private Wave t2;
    private final List<Wave> extraDepolarization = new ArrayList<>();
    private final List<Wave> extraRepolarization = new ArrayList<>();

    private MorphologyBuilder(Patient patient) {
        this.patient = patient;
    }

    static BeatTemplate build(Patient patient, Findings findings) {
        MorphologyBuilder b = new MorphologyBuilder(patient);
        b.normalBeat();
        if (findings.has(DiagnosticClass.HYP)) {
            b.leftVentricularHypertrophy(findings.hypSeverity());
        }
        if (findings.has(DiagnosticClass.CD)) {
            if (findings.block() == BundleBranchBlock.RBBB) {
                b.rightBundleBranchBlock(findings.cdSeverity());
            } else {
                b.leftBundleBranchBlock(findings.cdSeverity());
            }
        }
        if (findings.has(DiagnosticClass.MI)) {
            b.infarct(findings.miTerritory(), findings.miEvolved(), findings.miSeverity());
        }
        if (findings.has(DiagnosticClass.STTC)) {
            b.stTChange(findings.stTChange(), findings.sttcSeverity());
        }
        return b.template(findings.rhythm() != Rhythm.AFIB);
    }

    /** Factor applied to the T wave by an STTC T inversion of the given severity (negative means inverted). */
    static double tInversionFactor(double severity) {
        return 1 - 1.7 * severity;
    }

    private void normalBeat() {
        Patient p = patient;
        double d = p.qrsSeconds();
        double axis = Math.toRadians(p.qrsAxisDeg());
        double turn = p.transitionDeg();
        qrs = d;
        qt = p.qtcSeconds();

        double pr = p.prSeconds();
        double pAxis = p.pAxisDeg();
        p1 = Wave.gaussian(ATRIAL, -pr + 0.036, 0.016, 0.75 * p.pAmplitude(), Vec3.frontal(pAxis + 10)
            .plus(new Vec3(0, 0, 0.6)));
        p2 = Wave.gaussian(ATRIAL, -pr + 0.068, 0.019, 0.75 * p.pAmplitude(), Vec3.frontal(pAxis - 10)
            .plus(new Vec3(0, 0, -0.35)));

        septal = Wave.gaussian(DEPOLARIZATION, 0.15 * d, 0.07 * d, p.septalAmplitude(),
            new Vec3(-0.55, 0.1, 0.8).rotateHorizontal(turn));
        r1 = Wave.gaussian(DEPOLARIZATION, 0.36 * d, 0.10 * d, 0.4 * p.rAmplitude(),
            new Vec3(0.7 * Math.cos(axis), 0.7 * Math.sin(axis), 0.5).rotateHorizontal(turn));
        r2 = Wave.gaussian(DEPOLARIZATION, 0.50 * d, 0.10 * d, p.rAmplitude(), mainForce(p));
        s = Wave.gaussian(DEPOLARIZATION, 0.76 * d, 0.085 * d, p.sAmplitude(),
            new Vec3(-0.35, -0.35, -0.85).rotateHorizontal(turn));

        Vec3 tDir = tDirection(p);
        t1 = Wave.gaussian(REPOLARIZATION, qt - 0.135, 0.052, 0.6 * p.tAmplitude(), tDir);
        t2 = Wave.gaussian(REPOLARIZATION, qt - 0.078, 0.031, 0.62 * p.tAmplitude(), tDir);
        if (p.earlyRepolarization() != 0) {
            extraRepolarization.add(stPlateau(p.earlyRepolarization(), new Vec3(0.3, 0.1, 1)));
        }
    }

    /** Direction of the main left-ventricular force of a normal beat (the R wave in the lateral leads). */
    static Vec3 mainForce(Patient p) {
        double axis = Math.toRadians(p.qrsAxisDeg());
        return new Vec3(Math.cos(axis), Math.sin(axis), -0.2).rotateHorizontal(p.transitionDeg()).unit();
    }

    /** Direction of the normal T wave: near the QRS axis in the frontal plane, towards the front. */
    static Vec3 tDirection(Patient p) {
        double axis = Math.toRadians(p.qrsAxisDeg() + p.tAxisOffsetDeg());
        return new Vec3(Math.cos(axis), Math.sin(axis), 0.5).rotateHorizontal(p.transitionDeg() / 2).unit();
    }

    /** An ST shift: a plateau from the J point into the T wave's upstroke. */
    private Wave stPlateau(double amplitude, Vec3 direction) {
        return Wave.plateau(REPOLARIZATION, qrs - 0.006, qt - 0.12, 0.012, amplitude, direction);
    }

    /** A T-wave-shaped repolarization force with the normal T's timing. */
    private void addTComponent(double amplitude, Vec3 direction) {
        extraRepolarization.add(Wave.gaussian(REPOLARIZATION, t1.center(), t1.width(), 0.5 * amplitude, direction));
        extraRepolarization.add(Wave.gaussian(REPOLARIZATION, t2.center(), t2.width(), 0.55 * amplitude,
            direction));
    }

    /** Lengthens the QRS by {@code seconds}: everything after the J point moves later, QT grows with it. */
    private void widenQrs(double seconds) {
        qrs += seconds;
        qt += seconds;
        t1 = t1.shifted(seconds);
        t2 = t2.shifted(seconds);
        extraRepolarization.replaceAll(w -> w.shifted(seconds));
    }

    /**
     * LVH: the thick left ventricle adds a leftward-posterior force (tall R in I, aVL, V5-V6, deep S in V1-V2),
     * the QRS widens a little, and the strain pattern appears: ST depression and T inversion opposite to it.
     */
    private void leftVentricularHypertrophy(double severity) {
        Vec3 leftPosterior = new Vec3(0.8, 0.15, -0.6).rotateHorizontal(patient.transitionDeg() / 2).unit();
        double d = qrs;
        extraDepolarization.add(Wave.gaussian(DEPOLARIZATION, 0.55 * d, 0.11 * d, 1.1 * severity, leftPosterior));
        r2 = r2.scaled(1 + 0.15 * severity);
        s = s.scaled(1 + 0.6 * severity);
        widenQrs(0.008 * severity);
        extraRepolarization.add(Wave.plateau(REPOLARIZATION, qrs - 0.006, qt - 0.1, 0.02, -0.08 * severity,
            leftPosterior));
        addTComponent(-0.55 * severity, leftPosterior);
    }

    /** RBBB: a late, slow rightward-anterior force (R' in V1, broad S in I and V6) and secondary T changes. */
    private void rightBundleBranchBlock(double severity) {
        double d = qrs;
        // A textbook RBBB (severity about 1) has a QRS of about 145 ms; a mild one is barely wider than normal.
        double extension = Math.max(0, severity * (0.145 - d));
        double sigma = 0.008 + 0.22 * extension;
        // The late force points to the right ventricle whatever the patient's rotation: right and forwards.
        Vec3 terminal = new Vec3(-0.6, 0.05, 0.8);
        // Sized relative to the patient's main force, so the R' stands out as clearly in large and small hearts.
        extraDepolarization.add(Wave.gaussian(DEPOLARIZATION, d + extension - 2.3 * sigma, sigma,
            0.65 * patient.rAmplitude() * Math.min(1.3, severity), terminal));
        widenQrs(extension);
        addTComponent(0.22 * Math.min(1.3, severity), terminal.times(-1));
    }

    /**
     * LBBB: the septum activates from the left, so the septal q disappears, and the left ventricle activates
     * slowly through the myocardium: a broad, notched leftward-posterior R (I, aVL, V5-V6; QS in V1-V3) with
     * ST-T opposite to the QRS. The normal forces fade out as the pattern's weight grows.
     */
    private void leftBundleBranchBlock(double severity) {
        double weight = Math.min(1, severity);
        double extension = Math.max(0, severity * (0.155 - qrs));
        double rSize = r2.amplitude();
        septal = septal.scaled(1 - weight);
        r1 = r1.scaled(1 - weight);
        r2 = r2.scaled(1 - weight);
        s = s.scaled(1 - weight);
        widenQrs(extension);
        double d = qrs;
        // Leftward and backwards (QS in V1-V3 in nearly every patient), turned only half the patient's rotation.
        double turn = patient.transitionDeg() / 2;
        Vec3 early = new Vec3(0.45, 0.3, -0.85).rotateHorizontal(turn);
        Vec3 late = new Vec3(0.85, -0.05, -0.5).rotateHorizontal(turn);
        extraDepolarization.add(Wave.gaussian(DEPOLARIZATION, 0.12 * d, 0.06 * d, 0.2 * weight,
            new Vec3(0.8, 0.25, -0.3)));
        extraDepolarization.add(Wave.gaussian(DEPOLARIZATION, 0.36 * d, 0.115 * d, 0.85 * rSize * weight, early));
        extraDepolarization.add(Wave.gaussian(DEPOLARIZATION, 0.68 * d, 0.115 * d, 0.7 * rSize * weight, late));
        Vec3 mean = early.unit().plus(late.unit()).unit();
        extraRepolarization.add(stPlateau(-0.18 * weight, mean));
        t1 = t1.scaled(1 - weight);
        t2 = t2.scaled(1 - weight);
        addTComponent(-0.5 * weight, mean);
    }

    /**
     * MI: dead myocardium no longer depolarizes, so the forces towards the territory shrink and an early force
     * points away from it (pathological Q); the injury current lifts the ST segment towards the territory; the T
     * wave is hyperacute when acute, inverted when evolved.
     */
    private void infarct(MiTerritory territory, boolean evolved, double severity) {
        Vec3 u = territory.direction();
        double loss = Math.min(0.85, 0.65 * severity);
        septal = withoutComponent(septal, u, loss);
        r1 = withoutComponent(r1, u, loss);
        r2 = withoutComponent(r2, u, loss);
        double d = patient.qrsSeconds();
        extraDepolarization.add(Wave.gaussian(DEPOLARIZATION, 0.2 * d, 0.1 * d, 0.45 * severity, u.times(-1)));
        extraRepolarization.add(stPlateau((evolved ? 0.08 : 0.22) * severity, u));
        addTComponent((evolved ? -0.45 : 0.25) * severity, u);
    }

    /** Removes {@code fraction} of the part of a wave's force that points along {@code u} (if it does). */
    private static Wave withoutComponent(Wave w, Vec3 u, double fraction) {
        Vec3 force = w.direction().times(w.amplitude());
        double along = force.dot(u);
        if (along <= 0) {
            return w;
        }
        Vec3 rest = force.minus(u.times(fraction * along));
        return new Wave(w.phase(), w.center(), w.width(), w.edge(), rest.norm(), rest.unit());
    }

    /** STTC: ST depression along the main ventricular force (lateral and inferior leads), T flattened or inverted. */
    private void stTChange(StTChange kind, double severity) {
        if (kind.hasStDepression()) {
            extraRepolarization.add(Wave.plateau(REPOLARIZATION, qrs - 0.006, qt - 0.11, 0.015,
                -0.11 * severity, r2.direction()));
        }
        if (kind.hasTInversion()) {
            double factor = tInversionFactor(severity);
            t1 = t1.scaled(factor);
            t2 = t2.scaled(factor);
        }
    }

    private BeatTemplate template(boolean withP) {
        List<Wave> waves = new ArrayList<>();
        if (withP) {
            waves.add(p1);
            waves.add(p2);
        }
        waves.add(septal);
        waves.add(r1);
        waves.add(r2);
        waves.add(s);
        waves.addAll(extraDepolarization);
        waves.add(t1);
        waves.add(t2);
        waves.addAll(extraRepolarization);
        waves.replaceAll(w -> w.scaled(patient.gain()));
        waves.removeIf(w -> w.amplitude() == 0);
        return new BeatTemplate(waves, withP ? patient.prSeconds() : Double.NaN, qrs, qt);
    }
}
