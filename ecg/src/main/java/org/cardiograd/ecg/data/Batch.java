package org.cardiograd.ecg.data;

import java.util.List;
import org.cardiograd.tensor.Tensor;

/**
 * One batch from a {@link DataLoader}.
 *
 * @param epoch      the epoch it belongs to
 * @param number     its position in the epoch (0, 1, ...)
 * @param indices    the records' positions in the source
 * @param signals    {@code [B, 12, N]} signals in mV (or the units the source was normalized to)
 * @param labels     {@code [B, classes]} multi-hot labels over the source's label vocabulary
 * @param views      the per-sample transform's outputs, one {@code [B, rows, samples]} tensor per view (empty
 *                   without a transform)
 * @param ids        record ids
 * @param reports    reports (an entry is null for a record without one)
 * @param patientIds patient ids (null entries allowed)
 */
public record Batch(int epoch, int number, int[] indices, Tensor signals, Tensor labels, List<Tensor> views,
                    List<String> ids, List<String> reports, List<String> patientIds) {

    /** Number of records in the batch. */
    public int size() {
        return indices.length;
    }
}
