package org.cardiograd.ecg.signal;

import java.util.Arrays;

/**
 * One sample's masking of a token sequence, in the index form MAE's {@code random_masking} produces, as plain
 * arrays that model code turns into index tensors:
 * <ul>
 *   <li>{@link #keep()}: indices of the visible tokens, in the order the encoder receives them;</li>
 *   <li>{@link #masked()}: indices of the hidden tokens (the reconstruction targets);</li>
 *   <li>{@link #mask()}: per token in original order, true = masked (MAE's mask value 1);</li>
 *   <li>{@link #shuffle()}: {@code keep} followed by {@code masked} (MAE's {@code ids_shuffle});</li>
 *   <li>{@link #restore()}: the inverse permutation (MAE's {@code ids_restore}): token {@code t} sits at
 *       position {@code restore[t]} of {@code shuffle}, so gathering [encoded visible tokens, mask tokens]
 *       with {@code restore} puts every token back in its original place.</li>
 * </ul>
 * Accessors return copies.
 */
public final class TokenMask {

    private final int[] shuffle;
    private final int keepCount;
    private final int[] restore;
    private final boolean[] mask;

    private TokenMask(int[] shuffle, int keepCount) {
        this.shuffle = shuffle;
        this.keepCount = keepCount;
        this.restore = new int[shuffle.length];
        this.mask = new boolean[shuffle.length];
        Arrays.fill(restore, -1);
        for (int pos = 0; pos < shuffle.length; pos++) {
            int token = shuffle[pos];
            if (token < 0 || token >= shuffle.length || restore[token] >= 0) {
                throw new IllegalArgumentException("shuffle is not a permutation of 0.." + (shuffle.length - 1)
                        + ": token " + token + " at position " + pos);
            }
            restore[token] = pos;
            mask[token] = pos >= keepCount;
        }
    }

    /**
     * @param shuffle   a permutation of the token indices; the first {@code keepCount} are kept
     * @param keepCount number of visible tokens
     */
    public static TokenMask fromShuffle(int[] shuffle, int keepCount) {
        if (keepCount < 0 || keepCount > shuffle.length) {
            throw new IllegalArgumentException("keepCount " + keepCount + " outside 0.." + shuffle.length);
        }
        return new TokenMask(shuffle.clone(), keepCount);
    }

    /** From a 0/1 mask (true = masked); keep and masked indices come out in ascending order. */
    public static TokenMask fromMask(boolean[] mask) {
        int[] shuffle = new int[mask.length];
        int pos = 0;
        for (int t = 0; t < mask.length; t++) {
            if (!mask[t]) {
                shuffle[pos++] = t;
            }
        }
        int keepCount = pos;
        for (int t = 0; t < mask.length; t++) {
            if (mask[t]) {
                shuffle[pos++] = t;
            }
        }
        return new TokenMask(shuffle, keepCount);
    }

    /**
     * Tokens to mask for {@code tokens} tokens at {@code ratio}: {@code tokens - floor(tokens (1 - ratio))}, the
     * count MAE uses (its {@code len_keep = int(L * (1 - mask_ratio))}), with a 1e-9 guard so that e.g.
     * 10 tokens at 0.9 keep 1 rather than falling to 0 through the rounding of 1 - 0.9.
     */
    public static int maskedCount(int tokens, double ratio) {
        if (!(ratio >= 0 && ratio <= 1)) {
            throw new IllegalArgumentException("mask ratio must be in [0, 1], got " + ratio);
        }
        return tokens - (int) Math.floor(tokens * (1 - ratio) + 1e-9);
    }

    public int tokenCount() {
        return shuffle.length;
    }

    public int keepCount() {
        return keepCount;
    }

    public int maskedCount() {
        return shuffle.length - keepCount;
    }

    public int[] keep() {
        return Arrays.copyOfRange(shuffle, 0, keepCount);
    }

    public int[] masked() {
        return Arrays.copyOfRange(shuffle, keepCount, shuffle.length);
    }

    public boolean[] mask() {
        return mask.clone();
    }

    /** The mask as 0/1 floats in original token order (1 = masked), for weighting a reconstruction loss. */
    public float[] maskAsFloats() {
        float[] out = new float[mask.length];
        for (int t = 0; t < mask.length; t++) {
            out[t] = mask[t] ? 1f : 0f;
        }
        return out;
    }

    public int[] shuffle() {
        return shuffle.clone();
    }

    public int[] restore() {
        return restore.clone();
    }

    /** {@code keep()} of every sample as {@code [batch][keepCount]}; all samples must keep the same count. */
    public static int[][] keepIndices(TokenMask[] batch) {
        int[][] out = new int[batch.length][];
        for (int b = 0; b < batch.length; b++) {
            if (batch[b].keepCount != batch[0].keepCount) {
                throw new IllegalArgumentException("sample " + b + " keeps " + batch[b].keepCount
                        + " tokens, sample 0 keeps " + batch[0].keepCount + "; a batch needs equal counts");
            }
            out[b] = batch[b].keep();
        }
        return out;
    }

    @Override
    public String toString() {
        return "TokenMask[" + keepCount + " of " + shuffle.length + " kept]";
    }
}
