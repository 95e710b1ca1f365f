package org.cardiograd.ecg.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes the free-text report of a synthetic record, in the style of the machine and cardiologist statements of
 * PTB-XL: lower case, one finding per sentence, each sentence ending in '.'. Wording varies: every finding has
 * several phrasings, leads are listed in different styles, the diagnostic findings come in random order, and
 * measurements (rate, PR, QRS, QT/QTc, axis) are included or not. The rhythm statement opens the report.
 * Numbers come from the ground truth, so a text model can learn them.
 */
final class ReportWriter {

    /** Probability that a report carries an interval measurement sentence. */
    private static final double MEASUREMENT_PROBABILITY = 0.6;
    /** Probability that a report states the axis. */
    private static final double AXIS_PROBABILITY = 0.35;

    private final SplittableRandom rng;

    private ReportWriter(SplittableRandom rng) {
        this.rng = rng;
    }

    static String write(SyntheticEcg.Truth truth, Findings findings, Patient patient, SplittableRandom rng) {
        return new ReportWriter(rng).report(truth, findings, patient);
    }

    private String report(SyntheticEcg.Truth truth, Findings f, Patient patient) {
        List<String> findings = new ArrayList<>();
        for (DiagnosticClass c : f.classes()) {
            findings.add(switch (c) {
                case NORM -> normal(f.rhythm());
                case MI -> infarct(f.miTerritory(), f.miEvolved());
                case STTC -> stT(f.stTChange(), f.sttcSeverity(), patient);
                case CD -> block(f.block(), truth.qrsMs());
                case HYP -> hypertrophy(f.hypSeverity());
            });
        }
        shuffle(findings);
        List<String> sentences = new ArrayList<>();
        sentences.add(rhythm(truth));
        if (rng.nextDouble() < MEASUREMENT_PROBABILITY) {
            // Machine statements put intervals right after the rhythm, cardiologists often at the end.
            if (rng.nextBoolean()) {
                sentences.add(measurements(truth));
                sentences.addAll(findings);
            } else {
                sentences.addAll(findings);
                sentences.add(measurements(truth));
            }
        } else {
            sentences.addAll(findings);
        }
        if (rng.nextDouble() < AXIS_PROBABILITY) {
            sentences.add(axis(truth.frontalAxisDeg()));
        }
        return String.join(" ", sentences).toLowerCase(Locale.ROOT);
    }

    private String rhythm(SyntheticEcg.Truth truth) {
        long hr = Math.round(truth.heartRateBpm());
        return switch (truth.rhythm()) {
            case SR -> pick("sinus rhythm at " + hr + " bpm.",
                "sinus rhythm.",
                "normal sinus rhythm, rate " + hr + "/min.",
                "regular sinus rhythm with a rate of " + hr + " bpm.");
            case SB -> pick("sinus bradycardia at " + hr + " bpm.",
                "sinus bradycardia.",
                (hr < 50 ? "marked sinus bradycardia" : "sinus bradycardia") + ", rate " + hr + " bpm.",
                "slow sinus rhythm (sinus bradycardia), " + hr + " bpm.");
            case STACH -> pick("sinus tachycardia at " + hr + " bpm.",
                "sinus tachycardia.",
                "sinus tachycardia, rate " + hr + "/min.",
                "rapid sinus rhythm (sinus tachycardia) at " + hr + " bpm.");
            case AFIB -> pick("atrial fibrillation with a ventricular rate of " + hr + " bpm.",
                "atrial fibrillation.",
                "irregularly irregular rhythm without p waves, consistent with atrial fibrillation.",
                "atrial fibrillation with " + (hr > 100 ? "rapid" : hr < 60 ? "slow" : "controlled")
                    + " ventricular response.");
        };
    }

    private String normal(Rhythm rhythm) {
        if (rhythm != Rhythm.SR) {
            return pick("otherwise normal ecg.", "otherwise within normal limits.", "no other abnormality, normal"
                + " morphology.");
        }
        return pick("normal ecg.", "within normal limits.", "normal ecg, no significant abnormality.",
            "normal qrs, st and t morphology.");
    }

    private String infarct(MiTerritory territory, boolean evolved) {
        String where = territory.adjective();
        String leads = leadList(territory.leads());
        if (evolved) {
            return pick("pathological q waves in " + leads + " with t wave inversion, consistent with " + where
                    + " myocardial infarction of undetermined age.",
                where + " myocardial infarction, age undetermined.",
                "q waves and inverted t waves in " + leads + ". " + where + " infarct, possibly recent.",
                "evolving " + where + " wall infarction with q waves in " + leads + ".");
        }
        return pick("pathological q waves in " + leads + " with st elevation, consistent with " + where
                + " myocardial infarction.",
            "st elevation in " + leads + ". " + where + " myocardial infarction, probably acute.",
            where + " infarct with q waves and st elevation in " + leads + ".",
            "acute " + where + " wall myocardial infarction.");
    }

    private String stT(StTChange kind, double severity, Patient patient) {
        String stLeads = leadList(LeadSystem.leadsFacing(MorphologyBuilder.mainForce(patient), 0.5));
        String tLeads = leadList(LeadSystem.leadsFacing(MorphologyBuilder.tDirection(patient), 0.4));
        boolean inverted = MorphologyBuilder.tInversionFactor(severity) < -0.1;
        String tWord = inverted ? "inversion" : "flattening";
        return switch (kind) {
            case ST_DEPRESSION -> pick("st depression in " + stLeads + ".",
                "horizontal st depression in " + stLeads + ", consider ischaemia.",
                "st segment depression.",
                "st depression, possibly ischaemic.");
            case T_INVERSION -> pick("t wave " + tWord + " in " + tLeads + ".",
                (inverted ? "inverted" : "flat") + " t waves in " + tLeads + ".",
                "t wave abnormality" + (inverted ? ", consider ischaemia." : ", nonspecific."),
                "nonspecific t wave " + tWord + ".");
            case ST_DEPRESSION_AND_T_INVERSION -> pick("st depression and t wave " + tWord + " in " + stLeads
                    + ", consistent with ischaemia.",
                "st-t changes: st depression with " + (inverted ? "inverted" : "flat") + " t waves.",
                "st depression in " + stLeads + ". t wave " + tWord + " in " + tLeads + ".",
                "st-t abnormality, consider ischaemia.");
        };
    }

    private String block(BundleBranchBlock type, double qrsMs) {
        boolean complete = qrsMs >= 120;
        if (type == BundleBranchBlock.RBBB) {
            return complete
                ? pick("complete right bundle branch block.",
                    "right bundle branch block with rsr' in v1 and wide s waves in i and v6.",
                    "rbbb (right bundle branch block), qrs " + Math.round(qrsMs) + " ms.",
                    "complete rbbb with secondary t wave changes in v1-v3.")
                : pick("incomplete right bundle branch block.",
                    "incomplete rbbb pattern with rsr' in v1.",
                    "rsr' in v1, incomplete right bundle branch block.");
        }
        return complete
            ? pick("complete left bundle branch block.",
                "left bundle branch block with broad notched r waves in i, avl, v5 and v6.",
                "lbbb (left bundle branch block) with secondary st-t changes.",
                "left bundle branch block, qrs " + Math.round(qrsMs) + " ms.")
            : pick("incomplete left bundle branch block.",
                "intraventricular conduction delay with left bundle branch block pattern.",
                "incomplete lbbb pattern, no septal q waves in i and v6.");
    }

    private String hypertrophy(double severity) {
        if (severity > 0.6) {
            return pick("left ventricular hypertrophy with strain pattern.",
                "left ventricular hypertrophy by voltage criteria with repolarization abnormality.",
                "lvh (left ventricular hypertrophy) with st depression and t inversion in the lateral leads.",
                "high qrs voltage with strain, consistent with left ventricular hypertrophy.");
        }
        return pick("left ventricular hypertrophy.",
            "voltage criteria for left ventricular hypertrophy.",
            "increased qrs voltage, possible left ventricular hypertrophy.",
            "lvh by voltage (left ventricular hypertrophy).");
    }

    private String measurements(SyntheticEcg.Truth t) {
        long hr = Math.round(t.heartRateBpm());
        long qrs = Math.round(t.qrsMs());
        long qt = Math.round(t.qtMs());
        long qtc = Math.round(t.qtcMs());
        if (Double.isNaN(t.prMs())) {
            return pick("qrs " + qrs + " ms, qt/qtc " + qt + "/" + qtc + " ms.",
                "heart rate " + hr + " bpm, qrs duration " + qrs + " ms.",
                "intervals: qrs " + qrs + " ms, qtc " + qtc + " ms.");
        }
        long pr = Math.round(t.prMs());
        return pick("pr " + pr + " ms, qrs " + qrs + " ms, qt/qtc " + qt + "/" + qtc + " ms.",
            "intervals: pr " + pr + " ms, qrs " + qrs + " ms, qtc " + qtc + " ms.",
            "heart rate " + hr + " bpm, pr interval " + pr + " ms, qrs duration " + qrs + " ms.",
            "qrs duration " + qrs + " ms.");
    }

    private String axis(double degrees) {
        long deg = Math.round(degrees);
        String category = degrees < -30 ? "left axis deviation" : degrees > 90 ? "right axis deviation"
            : "normal axis";
        return pick(category + ".", "qrs axis " + deg + " degrees.", category + " (" + deg + " degrees).");
    }

    /** Lead names in one of three styles: "ii, iii, avf", "ii, iii and avf", or with V-lead ranges "v1-v4". */
    private String leadList(List<Integer> leads) {
        if (leads.isEmpty()) {
            return "several leads";
        }
        List<String> names = new ArrayList<>();
        for (int lead : leads) {
            names.add(LeadSystem.LEAD_NAMES[lead].toLowerCase(Locale.ROOT));
        }
        int style = rng.nextInt(3);
        if (style == 2) {
            names = withChestRanges(leads);
        }
        if (style == 1 && names.size() > 1) {
            return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
        }
        return String.join(", ", names);
    }

    /** Runs of three or more consecutive chest leads written as a range, e.g. v1, v2, v3 -> v1-v3. */
    private static List<String> withChestRanges(List<Integer> leads) {
        List<String> out = new ArrayList<>();
        int k = 0;
        while (k < leads.size()) {
            int lead = leads.get(k);
            int end = k;
            while (lead >= LeadSystem.V1 && end + 1 < leads.size() && leads.get(end + 1) == leads.get(end) + 1) {
                end++;
            }
            String first = LeadSystem.LEAD_NAMES[lead].toLowerCase(Locale.ROOT);
            if (end - k >= 2) {
                out.add(first + "-" + LeadSystem.LEAD_NAMES[leads.get(end)].toLowerCase(Locale.ROOT));
                k = end + 1;
            } else {
                out.add(first);
                k++;
            }
        }
        return out;
    }

    private String pick(String... options) {
        return options[rng.nextInt(options.length)];
    }

    private void shuffle(List<String> items) {
        for (int i = items.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            String tmp = items.get(i);
            items.set(i, items.get(j));
            items.set(j, tmp);
        }
    }
}
