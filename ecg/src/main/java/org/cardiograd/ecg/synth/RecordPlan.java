package org.cardiograd.ecg.synth;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Everything that determines one synthetic record before it is rendered: the patient's natural parameters, the
 * findings with their strengths, and the seeds of the rhythm, atrial activity, noise and report wording.
 * Rendering a plan is a pure function, so a plan can be edited (a class switched off, the rhythm or the noise
 * level changed) and rendered again to see exactly what that one change does.
 */
public final class RecordPlan {

    final long seed;
    final long index;
    final double samplingRate;
    final int samples;
    final double noiseLevel;
    final double powerlineHz;
    final Patient patient;
    final Findings findings;
    final long rhythmSeed;
    final long atrialSeed;
    final long noiseSeed;
    final long reportSeed;

    RecordPlan(long seed, long index, double samplingRate, int samples, double noiseLevel, double powerlineHz,
               Patient patient, Findings findings, long rhythmSeed, long atrialSeed, long noiseSeed,
               long reportSeed) {
        this.seed = seed;
        this.index = index;
        this.samplingRate = samplingRate;
        this.samples = samples;
        this.noiseLevel = noiseLevel;
        this.powerlineHz = powerlineHz;
        this.patient = patient;
        this.findings = findings;
        this.rhythmSeed = rhythmSeed;
        this.atrialSeed = atrialSeed;
        this.noiseSeed = noiseSeed;
        this.reportSeed = reportSeed;
    }

    public long seed() {
        return seed;
    }

    public long index() {
        return index;
    }

    public Set<DiagnosticClass> classes() {
        return findings.classes();
    }

    public Rhythm rhythm() {
        return findings.rhythm();
    }

    /** Label codes: the diagnostic classes, then the rhythm, e.g. {@code [MI, CD, AFIB]}. */
    public Set<String> labels() {
        Set<String> out = new LinkedHashSet<>();
        for (DiagnosticClass c : findings.classes()) {
            out.add(c.code());
        }
        out.add(findings.rhythm().code());
        return Collections.unmodifiableSet(out);
    }

    /** This plan with exactly the given diagnostic classes (none, or only NORM, means a normal record). */
    public RecordPlan withClasses(DiagnosticClass... classes) {
        Set<DiagnosticClass> set = EnumSet.noneOf(DiagnosticClass.class);
        set.addAll(Arrays.asList(classes));
        return with(findings.withClasses(set));
    }

    /** This plan with class {@code c} switched off; everything else, noise included, stays the same. */
    public RecordPlan without(DiagnosticClass c) {
        Set<DiagnosticClass> set = EnumSet.copyOf(findings.classes());
        set.remove(c);
        return with(findings.withClasses(set));
    }

    public RecordPlan withRhythm(Rhythm rhythm) {
        return with(findings.withRhythm(rhythm));
    }

    /** Territory and stage used when MI is present. */
    public RecordPlan withMi(MiTerritory territory, boolean evolved) {
        return with(findings.withMi(territory, evolved));
    }

    /** Block type used when CD is present. */
    public RecordPlan withBlock(BundleBranchBlock block) {
        return with(findings.withBlock(block));
    }

    /** Form of the ST/T change used when STTC is present. */
    public RecordPlan withStTChange(StTChange kind) {
        return with(findings.withStTChange(kind));
    }

    public RecordPlan withNoiseLevel(double level) {
        if (!(level >= 0)) {
            throw new IllegalArgumentException("noise level must be >= 0, got " + level);
        }
        return new RecordPlan(seed, index, samplingRate, samples, level, powerlineHz, patient, findings, rhythmSeed,
            atrialSeed, noiseSeed, reportSeed);
    }

    private RecordPlan with(Findings f) {
        return new RecordPlan(seed, index, samplingRate, samples, noiseLevel, powerlineHz, patient, f, rhythmSeed,
            atrialSeed, noiseSeed, reportSeed);
    }
}
