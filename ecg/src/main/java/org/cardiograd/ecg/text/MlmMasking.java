package org.cardiograd.ecg.text;

import java.util.Arrays;
import java.util.Set;

import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.loss.Losses;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;

/**
 * BERT's masked-language-model corruption (Devlin et al. 2019, section 3.1): each real token that is not a
 * special token is selected with probability 15%; a selected token is replaced by [MASK] 80% of the time, by a
 * random token 10% of the time and left unchanged 10% of the time, and the model must predict the original.
 * Random replacements are drawn uniformly from the non-special tokens (HuggingFace's collator draws from the
 * whole vocabulary, specials included). Special tokens, including [UNK], and padding are never selected.
 */
public final class MlmMasking {
    public static final float DEFAULT_PROBABILITY = 0.15f;
    public static final float MASK_SHARE = 0.8f;
    public static final float RANDOM_SHARE = 0.1f;

    private final float probability;
    private final int maskId;
    private final boolean[] special;
    private final int[] ordinary;

    public MlmMasking(WordPieceTokenizer tokenizer) {
        this(tokenizer.vocabSize(), tokenizer.specialIds(), tokenizer.maskId(), DEFAULT_PROBABILITY);
    }

    public MlmMasking(int vocabSize, Set<Integer> specialIds, int maskId, float probability) {
        if (!(probability > 0f && probability <= 1f)) {
            throw new IllegalArgumentException("MlmMasking: probability must be in (0, 1], got " + probability);
        }
        this.probability = probability;
        this.maskId = maskId;
        this.special = new boolean[vocabSize];
        for (int id : specialIds) {
            checkId("special token id", id, vocabSize);
            special[id] = true;
        }
        checkId("[MASK] id", maskId, vocabSize);
        this.ordinary = new int[vocabSize - specialIds.size()];
        for (int id = 0, k = 0; id < vocabSize; id++) {
            if (!special[id]) {
                ordinary[k++] = id;
            }
        }
        if (ordinary.length == 0) {
            throw new IllegalArgumentException("MlmMasking: the vocabulary has no non-special token");
        }
    }

    private static void checkId(String what, int id, int vocabSize) {
        if (id < 0 || id >= vocabSize) {
            throw new IllegalArgumentException("MlmMasking: " + what + " " + id + " outside the vocabulary [0, "
                    + vocabSize + ")");
        }
    }

    /**
     * Corrupts ids [B, T] (attentionMask [B, T] with 0 at padding, or null), which it reads on the host: pass
     * them as CPU tensors (the tokenizer's output) to avoid a device read. The result is on the current backend.
     * Draws, in row-major token order,
     * one uniform for selection and, for a selected token, one for the 80/10/10 choice and (when it is
     * replaced by a random token) one for that token, so the result is a function of the ids and the Rng's state.
     */
    public Masked apply(Tensor inputIds, Tensor attentionMask, Rng rng) {
        if (inputIds.rank() != 2 || (attentionMask != null && !attentionMask.sameShape(inputIds))) {
            throw new IllegalArgumentException("MlmMasking: ids must be [B, T] with a mask of the same shape, got "
                    + Arrays.toString(inputIds.shape()) + " and "
                    + (attentionMask == null ? "no mask" : Arrays.toString(attentionMask.shape())));
        }
        float[] ids = inputIds.toArray();
        float[] real = attentionMask == null ? null : attentionMask.toArray();
        float[] corrupted = ids.clone();
        float[] labels = new float[ids.length];
        Arrays.fill(labels, Losses.IGNORE_INDEX);
        int[] positions = new int[ids.length];
        int selected = 0;
        for (int i = 0; i < ids.length; i++) {
            int id = (int) ids[i];
            if (id < 0 || id >= special.length || id != ids[i]) {
                throw new IllegalArgumentException("MlmMasking: id " + ids[i] + " at element " + i
                        + " is not an integer in [0, " + special.length + ")");
            }
            if (special[id] || (real != null && real[i] == 0f) || !(rng.nextDouble() < probability)) {
                continue;
            }
            labels[i] = id;
            positions[selected++] = i;
            double choice = rng.nextDouble();
            if (choice < MASK_SHARE) {
                corrupted[i] = maskId;
            } else if (choice < MASK_SHARE + RANDOM_SHARE) {
                corrupted[i] = ordinary[rng.nextInt(ordinary.length)];
            }
        }
        float[] flatPositions = new float[selected];
        float[] targets = new float[selected];
        for (int k = 0; k < selected; k++) {
            flatPositions[k] = positions[k];
            targets[k] = ids[positions[k]];
        }
        // one host-to-device transfer for the four tensors (views of one upload): on a device each transfer is a
        // synchronization, and these are inputs of the step, drawn by the seeded host Rng
        int n = ids.length;
        float[] all = new float[2 * n + 2 * selected];
        System.arraycopy(corrupted, 0, all, 0, n);
        System.arraycopy(labels, 0, all, n, n);
        System.arraycopy(flatPositions, 0, all, 2 * n, selected);
        System.arraycopy(targets, 0, all, 2 * n + selected, selected);
        Tensor[] parts = Tensor.fromArray(all, all.length).split(0, n, n, selected, selected);
        int[] shape = inputIds.shape();
        return new Masked(parts[0].reshape(shape), parts[1].reshape(shape), parts[2], parts[3]);
    }

    /**
     * L_t_rec: the mean negative log-likelihood of the original tokens at the selected positions. logits
     * [..., V] with labels [...] holding {@link Losses#IGNORE_INDEX} at unselected positions, or logits [N, V] of
     * the selected positions only with their targets [N]. No selected token gives 0.
     */
    public static Variable loss(Variable logits, Tensor labels) {
        return Losses.crossEntropy(logits, labels, 0f, Losses.IGNORE_INDEX);
    }

    /**
     * A corrupted batch.
     *
     * @param inputIds  the model's input [B, T]
     * @param labels    [B, T]: the original id where selected, {@link Losses#IGNORE_INDEX} elsewhere
     * @param positions [N] flat indices b * T + t of the selected tokens, ascending
     * @param targets   [N] their original ids
     */
    public record Masked(Tensor inputIds, Tensor labels, Tensor positions, Tensor targets) {
        public int selected() {
            return positions.shape(0);
        }
    }
}
