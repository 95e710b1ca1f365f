package org.cardiograd.ecg.cgdmer;

import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.Init;
import org.cardiograd.nn.Module;
import org.cardiograd.nn.layers.PositionalEmbedding;
import org.cardiograd.tensor.Rng;

/**
 * A token's position on the lead x time grid: temporal embedding ("temporal", [1, patchesPerLead, width],
 * sine-cosine buffer or learned) plus, for per-lead tokens, a learned spatial (lead) embedding ("lead",
 * [1, leads, width]). Lead-agnostic tokens get the temporal part only.
 */
public final class LeadTimeEmbedding extends Module {
    private final CgDmerConfig.Ecg c;
    private final Variable lead;
    private final PositionalEmbedding temporal;

    public LeadTimeEmbedding(CgDmerConfig.Ecg c, int width, Rng rng) {
        this.c = c;
        this.lead = c.tokenization() == CgDmerConfig.Tokenization.SPATIAL_TEMPORAL
                ? param("lead", Init.truncatedNormal(rng, 0.02f, 1, c.leads(), width)) : null;
        this.temporal = module("temporal", c.temporal() == CgDmerConfig.TemporalEmbedding.SIN_COS
                ? PositionalEmbedding.sinCos(c.patchesPerLead(), width)
                : PositionalEmbedding.learned(c.patchesPerLead(), width, rng));
    }

    /** The embedding of every token in grid order: [1, tokens, width] (lead + temporal, lead-major). */
    public Variable table() {
        Variable time = temporal.table();
        if (lead == null) {
            return time;
        }
        int w = time.shape(2);
        int rows = c.leads();
        int cols = c.patchesPerLead();
        return lead.unsqueeze(2).expand(1, rows, cols, w).add(time.unsqueeze(1).expand(1, rows, cols, w))
                .reshape(1, rows * cols, w);
    }

    /** The lead embeddings [1, leads, width] (separator tokens add them); null for lead-agnostic tokens. */
    public Variable leads() {
        return lead;
    }
}
