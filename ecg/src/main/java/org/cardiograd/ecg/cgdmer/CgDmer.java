package org.cardiograd.ecg.cgdmer;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.cardiograd.autograd.Variable;
import org.cardiograd.ecg.crema.TokenMasking;
import org.cardiograd.ecg.text.BertConfig;
import org.cardiograd.ecg.text.BertMlmHead;
import org.cardiograd.ecg.text.BertModel;
import org.cardiograd.ecg.text.MlmMasking;
import org.cardiograd.ecg.text.WordPieceTokenizer;
import org.cardiograd.nn.Module;
import org.cardiograd.nn.loss.ClipLoss;
import org.cardiograd.nn.loss.Losses;
import org.cardiograd.nn.loss.SigLipLoss;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;

/**
 * CG-DMER (arXiv 2602.21154): a hybrid contrastive-generative model of ECGs paired with their reports.
 * <pre>
 *   ECG:    masked on the lead x time grid -> SpatialTemporalEncoder -> h_e ; decoder -> L_e_rec (masked patches)
 *   report: MLM-masked tokens -> BERT -> h_t ; MLM head -> L_t_rec (masked tokens)
 *   disentangle: (h_sp, h_sh) = (specific(h), shared(h)) per modality ; L_orth = S(h_sp, h_sh)^2 per modality
 *   align the shared parts only: L_InfoNCE (ECG->text and text->ECG, learnable temperature),
 *                                L_SigLIP (learnable temperature and bias)
 *   L = L_Cons + lambda1 L_t_rec + lambda2 L_orth + lambda3 L_SigLIP,  L_Cons = L_e_rec + L_InfoNCE
 * </pre>
 * Both modalities are aligned from the same (masked) forward pass that feeds their reconstruction, so each
 * modality is encoded once per step. Every term has a switch in {@link CgDmerConfig.Objective}.
 *
 * <p>State-dict names: {@code ecg_encoder.*} ({@link SpatialTemporalEncoder}), {@code ecg_decoder.*}
 * ({@link MaskedPatchDecoder}), {@code text_encoder.*} (HuggingFace BertModel names, no pooler),
 * {@code mlm_head.*} (BertLMPredictionHead: {@code transform.*}, {@code bias}; the decoder is tied to the word
 * embeddings), {@code ecg_heads.*} and {@code text_heads.*} ({@link ModalityHeads}),
 * {@code contrastive.logit_scale} ({@link ClipLoss}), {@code siglip.logit_scale}, {@code siglip.logit_bias}
 * ({@link SigLipLoss}). Modules of switched-off terms are not built.
 */
public final class CgDmer extends Module {
    private final CgDmerConfig config;
    private final SpatialTemporalEncoder ecgEncoder;
    private final MaskedPatchDecoder ecgDecoder;
    private final BertModel textEncoder;
    private final BertMlmHead mlmHead;
    private final ModalityHeads ecgHeads;
    private final ModalityHeads textHeads;
    private final ClipLoss contrastive;
    private final SigLipLoss sigLip;
    private final GridMasking gridMasking;
    private final MlmMasking mlmMasking;

    /**
     * The masking of one batch: the ECG token masking, the report ids the text encoder sees (MLM-masked, or
     * the originals with MLM off), and the MLM targets: flat positions [N] (b * T + t) of the selected tokens and
     * their original ids [N] (both null with MLM off).
     */
    public record Masks(TokenMasking ecg, Tensor textIds, Tensor mlmPositions, Tensor mlmTargets) {}

    /**
     * A model whose reports come from a {@link WordPieceTokenizer} trained on the corpus: its special tokens
     * are the first ids ([PAD] 0, [UNK] 1, [CLS] 2, [SEP] 3, [MASK] 4).
     */
    public CgDmer(CgDmerConfig c, Rng rng) {
        this(c, new MlmMasking(c.text().vocabSize(),
                IntStream.range(0, WordPieceTokenizer.SPECIAL_TOKENS.size()).boxed().collect(Collectors.toSet()),
                WordPieceTokenizer.SPECIAL_TOKENS.indexOf(WordPieceTokenizer.MASK), MlmMasking.DEFAULT_PROBABILITY), rng);
    }

    /** A model with the MLM corruption of a given vocabulary (e.g. a HuggingFace vocab.txt's tokenizer). */
    public CgDmer(CgDmerConfig c, MlmMasking mlmMasking, Rng rng) {
        this.config = c;
        this.mlmMasking = mlmMasking;
        CgDmerConfig.Objective o = c.objective();
        this.ecgEncoder = module("ecg_encoder", new SpatialTemporalEncoder(c.ecg(), rng));
        this.ecgDecoder = o.ecgReconstruction() ? module("ecg_decoder", new MaskedPatchDecoder(c.ecg(), rng)) : null;
        this.textEncoder = module("text_encoder", new BertModel(bertConfig(c.text()), false, rng));
        this.mlmHead = o.textMlm() ? module("mlm_head", new BertMlmHead(textEncoder, rng)) : null;
        this.ecgHeads = module("ecg_heads", new ModalityHeads(c.ecg().width(), c.embedDim(), o.disentangle(), rng));
        this.textHeads = module("text_heads", new ModalityHeads(c.text().width(), c.embedDim(), o.disentangle(),
                rng));
        this.contrastive = o.contrastive() ? module("contrastive", new ClipLoss()) : null;
        this.sigLip = o.sigLip() ? module("siglip", new SigLipLoss()) : null;
        this.gridMasking = new GridMasking(c.ecg());
    }

    /** The report encoder's BERT shape (no dropout: the masking is the regularizer, as on the ECG side). */
    public static BertConfig bertConfig(CgDmerConfig.Text t) {
        return new BertConfig(t.vocabSize(), t.width(), t.depth(), t.heads(), t.intermediate(), t.maxTokens(), 2,
                1e-12f, 0f);
    }

    /**
     * The objective of a batch: ecg [B, leads, samples], reportIds [B, T] (integer-valued floats), reportMask
     * [B, T] (1 = token, 0 = padding). Draws the ECG masking and the MLM masking from rng. The MLM masking reads
     * the ids on the host: on a device, pass reportIds and reportMask as CPU tensors (the tokenizer's output) and
     * they are uploaded with the masking as inputs, instead of being read back from the device.
     */
    public CgDmerLoss loss(Tensor ecg, Tensor reportIds, Tensor reportMask, Rng rng) {
        return loss(ecg, reportMask, sampleMasks(ecg, reportIds, reportMask, rng));
    }

    /** The ECG and report maskings of a batch, drawn from rng. */
    public Masks sampleMasks(Tensor ecg, Tensor reportIds, Tensor reportMask, Rng rng) {
        TokenMasking ecgMask = gridMasking.sample(ecg.backend(), rng, ecg.shape(0));
        if (mlmHead == null) {
            return new Masks(ecgMask, reportIds.to(ecg.backend()), null, null);
        }
        MlmMasking.Masked text = mlmMasking.apply(reportIds, reportMask, rng);
        return new Masks(ecgMask, text.inputIds().to(ecg.backend()), text.positions().to(ecg.backend()),
                text.targets().to(ecg.backend()));
    }

    /** The objective with given maskings: used to match a reference step exactly. */
    public CgDmerLoss loss(Tensor ecg, Tensor reportMask, Masks masks) {
        CgDmerConfig.Objective o = config.objective();
        Variable ecgLatent = ecgEncoder.encode(ecg, masks.ecg().keepIndex());
        Variable textHidden = textEncoder.forward(masks.textIds(), reportMask.to(ecg.backend()));
        Variable total = null;

        Variable eRec = null;
        if (o.ecgReconstruction()) {
            Variable prediction = ecgDecoder.forward(ecgLatent, masks.ecg().restoreIndex());
            Variable target = Variable.constant(ecgEncoder.tokens().patchify(ecg));
            eRec = Losses.maskedMse(prediction, target, masks.ecg().mask(), false);
            total = plus(total, eRec, 1f);
        }
        Variable tRec = null;
        if (o.textMlm() && masks.mlmPositions().shape(0) > 0) { // no selected token: L_t_rec = 0
            tRec = Losses.crossEntropy(mlmHead.forwardAt(textHidden, masks.mlmPositions()), masks.mlmTargets());
            total = plus(total, tRec, o.lambda1());
        }
        ModalityHeads.Split e = ecgHeads.forward(ecgEncoder.pool(ecgLatent));
        ModalityHeads.Split t = textHeads.forward(BertModel.cls(textHidden));
        Variable orth = null;
        if (o.orthogonality()) {
            orth = Losses.orthogonality(e.specific(), e.shared()).add(Losses.orthogonality(t.specific(), t.shared()));
            total = plus(total, orth, o.lambda2());
        }
        Variable con = null;
        if (o.contrastive()) {
            con = contrastive.forward(e.shared(), t.shared());
            total = plus(total, con, 1f);
        }
        Variable sig = null;
        if (o.sigLip()) {
            sig = sigLip.forward(e.shared(), t.shared());
            total = plus(total, sig, o.lambda3());
        }
        if (total == null) { // only MLM on, and this batch selected no token
            total = Variable.constant(Tensor.zeros(ecg.backend()));
        }
        return new CgDmerLoss(total, eRec, con, tRec, orth, sig);
    }

    /**
     * Call after every optimizer step: clamps the InfoNCE log-scale parameter to [0, ln 100] in place, on the
     * parameter's device (no host read), as CLIP does. SigLIP's t' and b stay unbounded: the SigLIP paper
     * (arXiv 2303.15343) initializes them to ln 10 and -10 and learns them with no clamp, and CG-DMER takes its
     * SigLIP term from there without adding one.
     */
    public void clampLogitScale() {
        if (contrastive != null) {
            contrastive.clampLogitScale();
        }
    }

    private static Variable plus(Variable total, Variable term, float weight) {
        Variable w = weight == 1f ? term : term.mul(weight);
        return total == null ? w : total.add(w);
    }

    /** The shared ECG embedding [B, embedDim] of unmasked ECGs (probing, zero-shot). */
    public Variable encodeEcg(Tensor ecg) {
        return ecgHeads.shared(ecgRepresentation(ecg));
    }

    /** The pooled encoder output [B, width] of unmasked ECGs, before the heads. */
    public Variable ecgRepresentation(Tensor ecg) {
        return ecgEncoder.pool(ecgEncoder.encode(ecg, null));
    }

    /** The shared text embedding [B, embedDim] of reports or category descriptions (zero-shot). */
    public Variable encodeText(Tensor ids, Tensor attentionMask) {
        return textHeads.shared(BertModel.cls(textEncoder.forward(ids, attentionMask)));
    }

    /**
     * Reconstruction of one batch for pictures: the masking used and the predicted signal
     * [B, leads, usedSamples] (visible patches carry the prediction too; the figure shades the hidden ones).
     */
    public record Reconstruction(TokenMasking masking, Tensor predicted) {}

    public Reconstruction reconstruct(Tensor ecg, Rng rng) {
        if (ecgDecoder == null) {
            throw new IllegalStateException("reconstruct: this CG-DMER has ECG reconstruction switched off (no decoder)");
        }
        TokenMasking m = gridMasking.sample(ecg.backend(), rng, ecg.shape(0));
        Variable prediction = ecgDecoder.forward(ecgEncoder.encode(ecg, m.keepIndex()), m.restoreIndex());
        return new Reconstruction(m, ecgEncoder.tokens().unpatchify(prediction.value()));
    }

    public SpatialTemporalEncoder ecgEncoder() {
        return ecgEncoder;
    }

    public BertModel textEncoder() {
        return textEncoder;
    }

    public GridMasking gridMasking() {
        return gridMasking;
    }

    public CgDmerConfig config() {
        return config;
    }
}
