package org.cardiograd.nn.loss;

import java.util.Arrays;

import org.cardiograd.autograd.Functional;
import org.cardiograd.autograd.Variable;
import org.cardiograd.tensor.Tensor;

/**
 * Loss functions: each takes Variables (and constant Tensors for targets and masks) and returns a scalar
 * Variable. They are composed from autograd ops, except cross-entropy and binary cross-entropy, which are fused
 * Functions of their own ({@link CrossEntropyFunction}, {@link BceWithLogitsFunction}).
 *
 * <p>The contrastive losses with a learnable temperature also exist as modules owning their parameters under
 * PyTorch's names: {@link ClipLoss} ({@code logit_scale}) and {@link SigLipLoss} ({@code logit_scale},
 * {@code logit_bias}).
 *
 * <p>Where these differ from PyTorch: an empty selection (every target ignored, an all-zero mask) gives a loss of 0
 * with zero gradients, where PyTorch gives NaN; cross-entropy takes the classes on the <em>last</em> axis
 * ({@code [..., C]}, the layout of a transformer's output), where PyTorch takes them on axis 1.
 */
public final class Losses {
    /** PyTorch's default ignore index for cross-entropy (what MLM labels use for unmasked tokens). */
    public static final int IGNORE_INDEX = -100;
    /** Added to the per-patch variance before the square root in the norm-pix target (MAE's value). */
    public static final float NORM_PIX_EPS = 1e-6f;
    /** The floor of an L2 norm when normalizing embeddings (F.normalize's default). */
    public static final float NORMALIZE_EPS = 1e-12f;
    /** What self-similarities are replaced by before the softmax: exp of it is exactly 0 in float32. */
    static final float EXCLUDED_LOGIT = -1e9f;

    private Losses() {}

    // ---- regression -----------------------------------------------------------------------------------

    /** Mean squared error over all elements (torch.nn.functional.mse_loss). */
    public static Variable mse(Variable prediction, Variable target) {
        checkSameShape("mse", prediction, target);
        return prediction.sub(target).square().mean();
    }

    /**
     * MAE's reconstruction loss: squared error averaged over each patch, then averaged over the patches the mask
     * selects.
     *
     * <p>prediction and target are {@code [B, L, P]} (any rank r). mask is null (every patch counts) or of rank
     * k &lt;= r, broadcastable to the first k axes of prediction ({@code [B, L]} for MAE: 1 = masked patch, whose
     * reconstruction is scored). The loss of one patch is the mean of the squared error over the trailing r - k
     * axes; the result is sum(patchLoss * mask) / sum(mask). A mask of the prediction's full shape makes it a
     * mean over the selected elements. With {@code normalizeTarget} (MAE's norm_pix_loss) the target is first
     * normalized per patch over its last axis: (t - mean) / sqrt(var + 1e-6), var unbiased like torch.var.
     */
    public static Variable maskedMse(Variable prediction, Variable target, Tensor mask, boolean normalizeTarget) {
        checkSameShape("maskedMse", prediction, target);
        Variable t = target;
        if (normalizeTarget) {
            if (target.shape(-1) < 2) {
                throw new IllegalArgumentException("maskedMse: the norm-pix target needs at least 2 values per patch"
                        + " (unbiased variance), got shape " + Arrays.toString(target.shape()));
            }
            Variable mean = target.mean(-1, true);
            Variable var = target.var(new int[] {-1 + target.rank()}, 1, true);
            t = target.sub(mean).div(var.add(NORM_PIX_EPS).sqrt());
        }
        Variable sq = prediction.sub(t).square();
        if (mask == null) {
            return sq.mean();
        }
        int r = prediction.rank();
        int k = mask.rank();
        if (k > r) {
            throw new IllegalArgumentException("maskedMse: mask shape " + Arrays.toString(mask.shape())
                    + " has more axes than the prediction " + Arrays.toString(prediction.shape()));
        }
        int[] lead = Arrays.copyOf(prediction.shape(), k);
        Tensor m;
        try {
            m = mask.expand(lead);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("maskedMse: mask shape " + Arrays.toString(mask.shape())
                    + " does not broadcast to the leading axes " + Arrays.toString(lead) + " of the prediction "
                    + Arrays.toString(prediction.shape()));
        }
        Variable perPatch = sq;
        if (k < r) {
            int[] trailing = new int[r - k];
            for (int i = 0; i < trailing.length; i++) {
                trailing[i] = k + i;
            }
            perPatch = sq.mean(trailing, false);
        }
        // the count stays on the device (reading it would be a host round trip inside the step)
        return perPatch.mul(Variable.constant(m.mul(reciprocalOrZero(m.sum())))).sum();
    }

    // ---- classification -------------------------------------------------------------------------------

    /** Cross-entropy of logits {@code [..., C]} against class indices {@code [...]} (floats), mean reduction. */
    public static Variable crossEntropy(Variable logits, Tensor target) {
        return CrossEntropyFunction.apply(logits, target, 0f, IGNORE_INDEX);
    }

    /**
     * Cross-entropy with label smoothing as PyTorch defines it (the target distribution is (1 - eps) on the class
     * plus eps / C on every class) and an ignore index: rows whose target equals it contribute nothing and are not
     * counted in the mean (MLM labels use -100, {@link #IGNORE_INDEX}).
     */
    public static Variable crossEntropy(Variable logits, Tensor target, float labelSmoothing, int ignoreIndex) {
        return CrossEntropyFunction.apply(logits, target, labelSmoothing, ignoreIndex);
    }

    /** Binary cross-entropy on logits, mean over all elements (multi-label targets in [0, 1]). */
    public static Variable binaryCrossEntropyWithLogits(Variable logits, Tensor target) {
        return binaryCrossEntropyWithLogits(logits, target, null);
    }

    /**
     * Binary cross-entropy on logits with a weight of the positive term per class ({@code [C]}, broadcast over
     * the last axis), mean over all elements, as torch's BCEWithLogitsLoss(pos_weight=...). posWeight may be null.
     */
    public static Variable binaryCrossEntropyWithLogits(Variable logits, Tensor target, Tensor posWeight) {
        long n = logits.value().numel();
        return BceWithLogitsFunction.apply(logits, target, posWeight, n == 0 ? 0f : 1f / n);
    }

    // ---- contrastive ----------------------------------------------------------------------------------

    /**
     * NT-Xent (SimCLR): z1 and z2 are {@code [N, D]}, two views of the same N samples. The 2N embeddings are
     * L2-normalized, s_ij = cos(z_i, z_j) / temperature, self-similarity excluded; the positive of view i is the
     * other view of the same sample. Loss = mean over the 2N anchors of -log softmax_i(positive).
     */
    public static Variable ntXent(Variable z1, Variable z2, float temperature) {
        return ntXent(z1, z2, temperature, null);
    }

    /**
     * NT-Xent with positive groups: {@code groups} is null or {@code [N]} ids (e.g. patient ids); every other
     * embedding whose sample has the same id is a positive of the anchor (both views included), so the plain
     * NT-Xent is the case of all-distinct ids.
     *
     * <p>The multi-positive form is SupCon's L_out (Khosla et al. 2020): for anchor i with positives P(i),
     * loss_i = -1/|P(i)| sum_{p in P(i)} log( exp(s_ip) / sum_{a != i} exp(s_ia) ), and the loss is the mean over
     * the anchors (every anchor has at least its other view as a positive).
     */
    public static Variable ntXent(Variable z1, Variable z2, float temperature, Tensor groups) {
        checkSameShape("ntXent", z1, z2);
        if (z1.rank() != 2) {
            throw new IllegalArgumentException("ntXent: embeddings must be [N, D], got " + Arrays.toString(z1.shape()));
        }
        checkTemperature("ntXent", temperature);
        int n = z1.shape(0);
        Tensor ids;
        if (groups == null) {
            ids = Tensor.arange(z1.value().backend(), n);
        } else {
            if (groups.rank() != 1 || groups.shape(0) != n) {
                throw new IllegalArgumentException("ntXent: groups shape " + Arrays.toString(groups.shape())
                        + ", expected [" + n + "] (one id per sample)");
            }
            ids = groups.to(z1.value().backend());
        }
        Tensor ids2 = Tensor.cat(0, ids, ids);
        Tensor eye = Tensor.eye(z1.value().backend(), 2 * n);
        Tensor positives = ids2.reshape(2 * n, 1).eq(ids2.reshape(1, 2 * n)).mul(eye.rsub(1f));
        Tensor weights = positives.div(positives.sum(1, true)).div(2f * n);
        Variable z = Functional.cat(0, z1, z2).l2Normalize(-1, NORMALIZE_EPS);
        Variable logits = z.matmul(z.mT()).div(temperature).maskedFill(eye, EXCLUDED_LOGIT);
        return logits.logSoftmax(-1).mul(Variable.constant(weights)).sum().neg();
    }

    /**
     * One-directional InfoNCE: query i's positive is key i, the other keys are its negatives; both L2-normalized,
     * logits = cos / temperature, mean cross-entropy over the queries.
     */
    public static Variable infoNce(Variable queries, Variable keys, float temperature) {
        checkPairs("infoNce", queries, keys);
        checkTemperature("infoNce", temperature);
        Variable logits = queries.l2Normalize(-1, NORMALIZE_EPS).matmul(keys.l2Normalize(-1, NORMALIZE_EPS).mT());
        return crossEntropy(logits.div(temperature), diagonalTargets(queries));
    }

    /**
     * The symmetric CLIP loss over paired embeddings a and b ({@code [N, D]}, L2-normalized here): logits =
     * exp(min(logScale, ln 100)) a b^T, loss = (CE(logits, diag) + CE(logits^T, diag)) / 2. {@code logScale} is
     * a one-element Variable (the learnable log of the inverse temperature, CLIP's {@code logit_scale}); above
     * ln 100 it is clamped and gets no gradient.
     */
    public static Variable clip(Variable a, Variable b, Variable logScale) {
        checkPairs("clip", a, b);
        checkScalar("clip", "logScale", logScale);
        Variable scale = logScale.reshape().clamp(-Float.MAX_VALUE, ClipLoss.MAX_LOG_SCALE).exp();
        Variable logits = a.l2Normalize(-1, NORMALIZE_EPS).matmul(b.l2Normalize(-1, NORMALIZE_EPS).mT()).mul(scale);
        Tensor labels = diagonalTargets(a);
        return crossEntropy(logits, labels).add(crossEntropy(logits.mT(), labels)).mul(0.5f);
    }

    /**
     * The SigLIP sigmoid loss (Zhai et al. 2023) over paired embeddings x and y ({@code [N, D]}, L2-normalized
     * here): with logits l_ij = exp(logScale) x_i.y_j + bias and z_ij = +1 on the diagonal, -1 elsewhere,
     * loss = -1/N sum_ij log sigmoid(z_ij l_ij) (the paper's normalization: by the batch size, not N^2).
     * logScale (t') and bias (b) are one-element Variables; the paper initializes them to ln 10 and -10.
     */
    public static Variable sigLip(Variable x, Variable y, Variable logScale, Variable bias) {
        checkPairs("sigLip", x, y);
        checkScalar("sigLip", "logScale", logScale);
        checkScalar("sigLip", "bias", bias);
        int n = x.shape(0);
        Variable logits = x.l2Normalize(-1, NORMALIZE_EPS).matmul(y.l2Normalize(-1, NORMALIZE_EPS).mT())
                .mul(logScale.reshape().exp()).add(bias.reshape());
        // -log sigmoid(z l) is the binary cross-entropy of l against the label (z + 1) / 2 = identity.
        Tensor labels = Tensor.eye(x.value().backend(), n);
        return BceWithLogitsFunction.apply(logits, labels, null, 1f / n);
    }

    // ---- regularizers ---------------------------------------------------------------------------------

    /**
     * Orthogonality loss L_orth = S(a, b)^2: the squared cosine similarity between two representations of the
     * same sample (last axis), averaged over the samples (all leading axes). Cosine similarity here is
     * a.b / (max(|a|, 1e-12) max(|b|, 1e-12)), which differs from torch.cosine_similarity only for near-zero vectors.
     */
    public static Variable orthogonality(Variable a, Variable b) {
        checkSameShape("orthogonality", a, b);
        Variable cos = a.l2Normalize(-1, NORMALIZE_EPS).mul(b.l2Normalize(-1, NORMALIZE_EPS)).sum(-1, false);
        return cos.square().mean();
    }

    // ---- helpers --------------------------------------------------------------------------------------

    /** 0 .. N-1, built on a's device (no host transfer). */
    private static Tensor diagonalTargets(Variable a) {
        return Tensor.arange(a.value().backend(), a.shape(0));
    }

    /** 1 / count, or 0 when count is 0 (an empty selection), computed where count lives. */
    static Tensor reciprocalOrZero(Tensor count) {
        return Tensor.where(count.eq(0f), count, count.reciprocal());
    }

    private static void checkSameShape(String op, Variable a, Variable b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException(op + ": shapes " + Arrays.toString(a.shape()) + " and "
                    + Arrays.toString(b.shape()) + " differ");
        }
    }

    private static void checkPairs(String op, Variable a, Variable b) {
        if (a.rank() != 2 || b.rank() != 2 || a.shape(0) != b.shape(0) || a.shape(1) != b.shape(1)) {
            throw new IllegalArgumentException(op + ": embeddings must be two [N, D] of the same shape, got "
                    + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape()));
        }
    }

    private static void checkScalar(String op, String what, Variable v) {
        if (v.value().numel() != 1) {
            throw new IllegalArgumentException(op + ": " + what + " must hold one value, got shape "
                    + Arrays.toString(v.shape()));
        }
    }

    private static void checkTemperature(String op, float temperature) {
        if (!(temperature > 0f) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException(op + ": temperature must be positive and finite, got " + temperature);
        }
    }
}
