package org.cardiograd.ecg.synth;

/** The conduction disturbances the generator draws for the CD class. */
public enum BundleBranchBlock {
    /** Right bundle branch block: late rightward-anterior forces, rsR' in V1, wide S in I and V6. */
    RBBB,
    /** Left bundle branch block: broad notched R in I, aVL, V5-V6, QS in V1-V3, discordant ST-T. */
    LBBB
}
