package org.cardiograd.ecg.synth;

import java.util.ArrayList;
import java.util.List;

/**
 * The 12 standard leads as projections of the cardiac dipole.
 *
 * <p>Only leads I, II and V1-V6 are projected; III, aVR, aVL and aVF are then derived from the float values of
 * I and II by the Einthoven and Goldberger identities, so those identities hold on every generated record to
 * float rounding. Electrode noise enters the same way as on a real recorder: each of the nine electrodes
 * (RA, LA, LL, V1-V6) carries its own interference; I = LA - RA, II = LL - RA, and Vk = Vk - (RA + LA + LL) / 3
 * (Wilson's central terminal).
 */
public final class LeadSystem {

    /** Standard lead order used throughout cardiograd. */
    public static final String[] LEAD_NAMES = {"I", "II", "III", "aVR", "aVL", "aVF",
        "V1", "V2", "V3", "V4", "V5", "V6"};
    public static final int LEADS = 12;
    public static final int I = 0, II = 1, III = 2, AVR = 3, AVL = 4, AVF = 5, V1 = 6;

    /** Electrode order of the noise arrays: RA, LA, LL, then the six chest electrodes. */
    static final int ELECTRODES = 9;
    static final int RA = 0, LA = 1, LL = 2, CHEST = 3;

    /**
     * Chest lead vectors (x left, y inferior, z anterior). Directions and relative lengths follow Dower's
     * transform from the Frank vectorcardiogram to the 12 leads (Dower et al. 1980; Frank's z points backwards,
     * hence the sign change), scaled to the unit-length limb leads of this model: V1 looks right-anterior, V2-V3
     * anterior, V4-V5 left, V6 left and slightly backwards, and the chest leads are longer than the limb leads.
     */
    private static final double[][] CHEST_VECTORS = {
        {-0.515, 0.157, 0.917},
        {0.044, 0.164, 1.387},
        {0.882, 0.098, 1.277},
        {1.213, 0.127, 0.601},
        {1.125, 0.127, 0.086},
        {0.831, 0.076, -0.230},
    };
    /** Dower's limb leads I and II have a mean length of about 0.9; the chest vectors are scaled by its inverse. */
    private static final double CHEST_SCALE = 1.1;

    private static final Vec3[] VECTORS = buildVectors();

    private LeadSystem() {
    }

    private static Vec3[] buildVectors() {
        Vec3 leadI = Vec3.frontal(0);
        Vec3 leadII = Vec3.frontal(60);
        Vec3[] v = new Vec3[LEADS];
        v[I] = leadI;
        v[II] = leadII;
        // The derived leads' vectors follow from the same identities the signals obey.
        v[III] = leadII.minus(leadI);
        v[AVR] = leadI.plus(leadII).times(-0.5);
        v[AVL] = leadI.minus(leadII.times(0.5));
        v[AVF] = leadII.minus(leadI.times(0.5));
        for (int k = 0; k < 6; k++) {
            v[V1 + k] = new Vec3(CHEST_VECTORS[k][0], CHEST_VECTORS[k][1], CHEST_VECTORS[k][2]).times(CHEST_SCALE);
        }
        return v;
    }

    /** Lead vector of lead {@code lead}: the lead's voltage is the dot product of the dipole with it. */
    static Vec3 leadVector(int lead) {
        return VECTORS[lead];
    }

    /** Leads (in standard order) whose direction lies within {@code acos(minCosine)} of {@code direction}. */
    static List<Integer> leadsFacing(Vec3 direction, double minCosine) {
        Vec3 u = direction.unit();
        List<Integer> out = new ArrayList<>();
        for (int lead = 0; lead < LEADS; lead++) {
            if (VECTORS[lead].unit().dot(u) >= minCosine) {
                out.add(lead);
            }
        }
        return out;
    }

    /**
     * Projects a dipole (three rows x, y, z in mV, from {@code sample 0}) onto the 12 leads and adds the
     * electrodes' interference.
     *
     * @param dipole          3 x N dipole samples
     * @param electrodeNoise  9 x N electrode potentials in mV (RA, LA, LL, V1-V6), or null for none
     * @return 12 x N lead signals in mV
     */
    static float[][] project(double[][] dipole, double[][] electrodeNoise) {
        int n = dipole[0].length;
        float[][] out = new float[LEADS][n];
        int[] projected = {I, II, V1, V1 + 1, V1 + 2, V1 + 3, V1 + 4, V1 + 5};
        for (int lead : projected) {
            Vec3 v = VECTORS[lead];
            double[] x = dipole[0];
            double[] y = dipole[1];
            double[] z = dipole[2];
            float[] row = out[lead];
            for (int t = 0; t < n; t++) {
                row[t] = (float) (v.x() * x[t] + v.y() * y[t] + v.z() * z[t]);
            }
        }
        if (electrodeNoise != null) {
            addElectrodeNoise(out, electrodeNoise);
        }
        deriveLimbLeads(out);
        return out;
    }

    private static void addElectrodeNoise(float[][] leads, double[][] e) {
        int n = leads[0].length;
        for (int t = 0; t < n; t++) {
            double ra = e[RA][t];
            double la = e[LA][t];
            double ll = e[LL][t];
            double wilson = (ra + la + ll) / 3;
            leads[I][t] = (float) (leads[I][t] + (la - ra));
            leads[II][t] = (float) (leads[II][t] + (ll - ra));
            for (int k = 0; k < 6; k++) {
                leads[V1 + k][t] = (float) (leads[V1 + k][t] + (e[CHEST + k][t] - wilson));
            }
        }
    }

    /** Fills III, aVR, aVL and aVF from I and II (Einthoven: III = II - I; Goldberger for the augmented leads). */
    static void deriveLimbLeads(float[][] leads) {
        float[] a = leads[I];
        float[] b = leads[II];
        for (int t = 0; t < a.length; t++) {
            leads[III][t] = b[t] - a[t];
            leads[AVR][t] = -(a[t] + b[t]) / 2;
            leads[AVL][t] = a[t] - b[t] / 2;
            leads[AVF][t] = b[t] - a[t] / 2;
        }
    }
}
