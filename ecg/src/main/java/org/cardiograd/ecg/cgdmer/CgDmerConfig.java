package org.cardiograd.ecg.cgdmer;

/**
 * Everything that defines a CG-DMER model and its pretraining objective, in three parts: the ECG side
 * ({@link Ecg}), the report side ({@link Text}) and the objective with its ablation switches ({@link Objective}).
 * Presets: {@link #bench()} (the benchmark size) and {@link #cpu()} (a demo that pretrains in minutes on 2 cores).
 *
 * @param ecg       ECG tokenization, encoder, decoder and masking
 * @param text      the BERT report encoder's size
 * @param objective loss weights and switches
 * @param embedDim  width of the specific and shared (or, without disentanglement, the single) projection heads
 */
public record CgDmerConfig(Ecg ecg, Text text, Objective objective, int embedDim) {

    /** Per-lead tokens (the paper) or CREMA-style tokens spanning all leads (the ablation). */
    public enum Tokenization { SPATIAL_TEMPORAL, LEAD_AGNOSTIC }

    /** Temporal position embedding: fixed sine-cosine table or learned. */
    public enum TemporalEmbedding { SIN_COS, LEARNED }

    /** How the encoder's tokens become one vector: the CLS token or the mean of the patch tokens. */
    public enum Pooling { CLS, MEAN }

    /**
     * The ECG side.
     *
     * @param leads        ECG leads (12)
     * @param samples      samples per lead the model takes; with {@code samples % patch != 0} the trailing
     *                     {@code samples % patch} samples are not tokenized (10 s at 250 Hz = 2500 samples, patch
     *                     75: 33 patches cover 2475, the last 0.1 s is left out)
     * @param patch        samples per patch (75 = 0.3 s at 250 Hz)
     * @param width        encoder width
     * @param depth        encoder blocks
     * @param heads        encoder heads
     * @param decoderWidth decoder width
     * @param decoderDepth decoder blocks
     * @param decoderHeads decoder heads
     * @param mlpRatio     MLP hidden width / width (encoder and decoder)
     * @param tokenization spatial-temporal (a token = one lead's patch) or lead-agnostic (a token = all leads)
     * @param temporal     temporal embedding kind
     * @param separators   a learned separator token per lead in front of the patch tokens (spatial-temporal only)
     * @param pooling      representation pooling
     * @param maskRatio    share of tokens hidden from the encoder
     * @param leadMaskRatio share of leads hidden entirely (spatial-temporal masking; 0 in lead-agnostic mode)
     * @param timeMaskRatio share of time columns hidden in all leads
     * @param maskSpan     length in patches of the hidden time spans
     */
    public record Ecg(int leads, int samples, int patch, int width, int depth, int heads, int decoderWidth,
                      int decoderDepth, int decoderHeads, float mlpRatio, Tokenization tokenization,
                      TemporalEmbedding temporal, boolean separators, Pooling pooling, float maskRatio,
                      float leadMaskRatio, float timeMaskRatio, int maskSpan) {
        public Ecg {
            if (leads < 1 || patch < 1 || samples < patch) {
                throw new IllegalArgumentException("CG-DMER ecg config: need leads >= 1 and samples >= patch >= 1, got "
                        + leads + " leads, " + samples + " samples, patch " + patch);
            }
            if (width % heads != 0 || decoderWidth % decoderHeads != 0) {
                throw new IllegalArgumentException("CG-DMER ecg config: widths must be divisible by their heads ("
                        + width + "/" + heads + ", " + decoderWidth + "/" + decoderHeads + ")");
            }
            if (!(maskRatio >= 0f && maskRatio < 1f)) {
                throw new IllegalArgumentException("CG-DMER ecg config: maskRatio " + maskRatio + " outside [0, 1)");
            }
            if (separators && tokenization == Tokenization.LEAD_AGNOSTIC) {
                throw new IllegalArgumentException("CG-DMER ecg config: separator tokens need per-lead tokens"
                        + " (tokenization SPATIAL_TEMPORAL)");
            }
            if (temporal == TemporalEmbedding.SIN_COS && width % 2 != 0) {
                throw new IllegalArgumentException("CG-DMER ecg config: sine-cosine embedding needs an even width, got "
                        + width);
            }
        }

        /** Patches per lead (time columns of the token grid). */
        public int patchesPerLead() {
            return samples / patch;
        }

        /** Samples that are tokenized: patchesPerLead * patch. */
        public int usedSamples() {
            return patchesPerLead() * patch;
        }

        /** Rows of the token grid: the leads, or 1 in lead-agnostic mode. */
        public int gridRows() {
            return tokenization == Tokenization.SPATIAL_TEMPORAL ? leads : 1;
        }

        /** Maskable tokens per ECG (12 x 33 = 396 in the bench preset). */
        public int tokens() {
            return gridRows() * patchesPerLead();
        }

        /** Values one token carries: patch, or leads * patch in lead-agnostic mode. */
        public int valuesPerToken() {
            return tokenization == Tokenization.SPATIAL_TEMPORAL ? patch : leads * patch;
        }

        /** Tokens in front of the patch tokens: CLS and the separators. */
        public int prefixTokens() {
            return 1 + (separators ? leads : 0);
        }

        public Ecg withTokenization(Tokenization t) {
            return new Ecg(leads, samples, patch, width, depth, heads, decoderWidth, decoderDepth, decoderHeads,
                    mlpRatio, t, temporal, t == Tokenization.LEAD_AGNOSTIC ? false : separators, pooling, maskRatio,
                    leadMaskRatio, timeMaskRatio, maskSpan);
        }

        public Ecg withTemporal(TemporalEmbedding t) {
            return new Ecg(leads, samples, patch, width, depth, heads, decoderWidth, decoderDepth, decoderHeads,
                    mlpRatio, tokenization, t, separators, pooling, maskRatio, leadMaskRatio, timeMaskRatio, maskSpan);
        }

        public Ecg withSeparators(boolean s) {
            return new Ecg(leads, samples, patch, width, depth, heads, decoderWidth, decoderDepth, decoderHeads,
                    mlpRatio, tokenization, temporal, s, pooling, maskRatio, leadMaskRatio, timeMaskRatio, maskSpan);
        }

        public Ecg withPooling(Pooling p) {
            return new Ecg(leads, samples, patch, width, depth, heads, decoderWidth, decoderDepth, decoderHeads,
                    mlpRatio, tokenization, temporal, separators, p, maskRatio, leadMaskRatio, timeMaskRatio, maskSpan);
        }

        /** The masking: overall ratio, whole-lead ratio, time-column ratio and span length. */
        public Ecg withMasking(float ratio, float leadRatio, float timeRatio, int span) {
            return new Ecg(leads, samples, patch, width, depth, heads, decoderWidth, decoderDepth, decoderHeads,
                    mlpRatio, tokenization, temporal, separators, pooling, ratio, leadRatio, timeRatio, span);
        }
    }

    /**
     * The report encoder (BERT) size.
     *
     * @param vocabSize   WordPiece vocabulary size
     * @param width       hidden size
     * @param depth       layers
     * @param heads       attention heads
     * @param intermediate MLP hidden size
     * @param maxTokens   report length in tokens (position embeddings)
     */
    public record Text(int vocabSize, int width, int depth, int heads, int intermediate, int maxTokens) {
        public Text {
            if (vocabSize < 5 || width % heads != 0 || maxTokens < 2) {
                throw new IllegalArgumentException("CG-DMER text config: need vocabSize >= 5, width divisible by heads"
                        + " and maxTokens >= 2, got vocab " + vocabSize + ", width " + width + ", heads " + heads
                        + ", maxTokens " + maxTokens);
            }
        }

        public Text withVocabSize(int v) {
            return new Text(v, width, depth, heads, intermediate, maxTokens);
        }
    }

    /**
     * The objective L = [ecgReconstruction] L_e_rec + [contrastive] L_InfoNCE + lambda1 [textMlm] L_t_rec
     * + lambda2 [orthogonality] L_orth + lambda3 [sigLip] L_SigLIP, each bracket a switch.
     *
     * @param lambda1 weight of the report MLM loss
     * @param lambda2 weight of the orthogonality loss
     * @param lambda3 weight of the SigLIP loss
     * @param ecgReconstruction spatial-temporal masked ECG modeling (L_e_rec)
     * @param textMlm        masked language modeling on the reports (L_t_rec)
     * @param disentangle    specific + shared heads per modality, alignment of the shared parts only; off: one
     *                       projection per modality, the whole representation is aligned (and no L_orth)
     * @param orthogonality  L_orth = S(h_sp, h_sh)^2 per modality (needs disentangle)
     * @param sigLip         SigLIP sigmoid loss on the shared parts
     * @param contrastive    bidirectional InfoNCE (ECG->text and text->ECG) on the shared parts
     */
    public record Objective(float lambda1, float lambda2, float lambda3, boolean ecgReconstruction, boolean textMlm,
                            boolean disentangle, boolean orthogonality, boolean sigLip, boolean contrastive) {
        public Objective {
            if (orthogonality && !disentangle) {
                throw new IllegalArgumentException("CG-DMER objective: the orthogonality loss needs disentangle on"
                        + " (it separates the specific from the shared part)");
            }
            if (!(ecgReconstruction || textMlm || sigLip || contrastive || orthogonality)) {
                throw new IllegalArgumentException("CG-DMER objective: every term is switched off");
            }
        }

        /** Everything on, lambda1 = lambda2 = lambda3 = 1. */
        public static Objective full() {
            return new Objective(1f, 1f, 1f, true, true, true, true, true, true);
        }

        public Objective withWeights(float l1, float l2, float l3) {
            return new Objective(l1, l2, l3, ecgReconstruction, textMlm, disentangle, orthogonality, sigLip,
                    contrastive);
        }

        public Objective withEcgReconstruction(boolean on) {
            return new Objective(lambda1, lambda2, lambda3, on, textMlm, disentangle, orthogonality, sigLip,
                    contrastive);
        }

        public Objective withTextMlm(boolean on) {
            return new Objective(lambda1, lambda2, lambda3, ecgReconstruction, on, disentangle, orthogonality, sigLip,
                    contrastive);
        }

        /** Switching disentanglement off also switches the orthogonality loss off. */
        public Objective withDisentangle(boolean on) {
            return new Objective(lambda1, lambda2, lambda3, ecgReconstruction, textMlm, on, on && orthogonality,
                    sigLip, contrastive);
        }

        public Objective withOrthogonality(boolean on) {
            return new Objective(lambda1, lambda2, lambda3, ecgReconstruction, textMlm, disentangle, on, sigLip,
                    contrastive);
        }

        public Objective withSigLip(boolean on) {
            return new Objective(lambda1, lambda2, lambda3, ecgReconstruction, textMlm, disentangle, orthogonality,
                    on, contrastive);
        }

        public Objective withContrastive(boolean on) {
            return new Objective(lambda1, lambda2, lambda3, ecgReconstruction, textMlm, disentangle, orthogonality,
                    sigLip, on);
        }
    }

    /**
     * The benchmark size: 250 Hz x 10 s, 12 leads x 33 patches of 75 samples (396 tokens), encoder width 256,
     * depth 6, 8 heads, decoder 128 x 2 (4 heads), mask 0.75 (3 whole leads, 8 time columns in spans of 3, then
     * random cells); a 4-layer width-256 BERT on 64-token reports.
     */
    public static CgDmerConfig bench() {
        Ecg ecg = new Ecg(12, 2500, 75, 256, 6, 8, 128, 2, 4, 4f, Tokenization.SPATIAL_TEMPORAL,
                TemporalEmbedding.SIN_COS, false, Pooling.MEAN, 0.75f, 0.25f, 0.25f, 3);
        return new CgDmerConfig(ecg, new Text(4096, 256, 4, 4, 1024, 64), Objective.full(), 128);
    }

    /**
     * The demo's CPU preset: 250 Hz x 10 s in patches of 125 (12 x 20 = 240 tokens), width 64, 2 blocks, decoder
     * 32 x 1; a 2-layer width-64 BERT on 48-token reports.
     */
    public static CgDmerConfig cpu() {
        Ecg ecg = new Ecg(12, 2500, 125, 64, 2, 4, 32, 1, 2, 4f, Tokenization.SPATIAL_TEMPORAL,
                TemporalEmbedding.SIN_COS, false, Pooling.MEAN, 0.75f, 0.25f, 0.2f, 2);
        return new CgDmerConfig(ecg, new Text(2048, 64, 2, 4, 256, 48), Objective.full(), 64);
    }

    public CgDmerConfig withEcg(Ecg e) {
        return new CgDmerConfig(e, text, objective, embedDim);
    }

    public CgDmerConfig withText(Text t) {
        return new CgDmerConfig(ecg, t, objective, embedDim);
    }

    public CgDmerConfig withObjective(Objective o) {
        return new CgDmerConfig(ecg, text, o, embedDim);
    }

    public CgDmerConfig withEmbedDim(int d) {
        return new CgDmerConfig(ecg, text, objective, d);
    }
}
