package org.cardiograd.ecg.synth;

import java.util.EnumMap;
import java.util.Map;

/**
 * How often each label occurs. Each diagnostic class (MI, STTC, CD, HYP) is drawn independently with its own
 * probability, so combinations occur; a record with none of them is NORM. The rhythm is drawn once: AFIB, SB or
 * STACH with their probabilities, otherwise sinus rhythm (SR).
 */
public record ClassPriors(Map<DiagnosticClass, Double> classProbability, Map<Rhythm, Double> rhythmProbability) {

    public ClassPriors {
        classProbability = new EnumMap<>(classProbability);
        rhythmProbability = new EnumMap<>(rhythmProbability);
        if (classProbability.containsKey(DiagnosticClass.NORM)) {
            throw new IllegalArgumentException("NORM has no prior of its own: it is the absence of MI, STTC, CD"
                + " and HYP");
        }
        if (rhythmProbability.containsKey(Rhythm.SR)) {
            throw new IllegalArgumentException("SR has no prior of its own: it is what remains after AFIB, SB"
                + " and STACH");
        }
        double rhythmSum = 0;
        for (Map.Entry<DiagnosticClass, Double> e : classProbability.entrySet()) {
            checkProbability(e.getKey().name(), e.getValue());
        }
        for (Map.Entry<Rhythm, Double> e : rhythmProbability.entrySet()) {
            checkProbability(e.getKey().name(), e.getValue());
            rhythmSum += e.getValue();
        }
        if (rhythmSum > 1 + 1e-12) {
            throw new IllegalArgumentException("rhythm probabilities add up to " + rhythmSum + ", expected <= 1");
        }
    }

    /**
     * Defaults near PTB-XL's label frequencies: MI 25%, STTC 24%, CD 22%, HYP 12% (about 40% NORM), AFIB 8%,
     * SB 7%, STACH 5%.
     */
    public static ClassPriors defaults() {
        return new ClassPriors(
            Map.of(DiagnosticClass.MI, 0.25, DiagnosticClass.STTC, 0.24, DiagnosticClass.CD, 0.22,
                DiagnosticClass.HYP, 0.12),
            Map.of(Rhythm.AFIB, 0.08, Rhythm.SB, 0.07, Rhythm.STACH, 0.05));
    }

    public double probability(DiagnosticClass c) {
        return classProbability.getOrDefault(c, 0.0);
    }

    public double probability(Rhythm r) {
        if (r == Rhythm.SR) {
            double rest = 1;
            for (double p : rhythmProbability.values()) {
                rest -= p;
            }
            return Math.max(0, rest);
        }
        return rhythmProbability.getOrDefault(r, 0.0);
    }

    private static void checkProbability(String name, Double p) {
        if (p == null || !(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("probability of " + name + " must be in [0, 1], got " + p);
        }
    }
}
