package org.cardiograd.ecg.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.cardiograd.ecg.EcgRecord;
import org.cardiograd.tensor.Backend;
import org.cardiograd.tensor.Tensor;

/**
 * Builds batch {@code number} of an epoch from the epoch's record order. The result depends only on its
 * arguments (and the source), so it is the same on any thread. One instance is used by one thread at a time:
 * it reuses a staging array for the signals, which {@link Tensor}s copy.
 */
final class BatchAssembler {
    private final RecordSource source;
    private final int batchSize;
    private final long seed;
    private final SampleTransform transform;
    private final Backend backend;
    private final int recordFloats;
    private float[] staging = new float[0];

    BatchAssembler(RecordSource source, int batchSize, long seed, SampleTransform transform, Backend backend) {
        this.source = source;
        this.batchSize = batchSize;
        this.seed = seed;
        this.transform = transform;
        this.backend = backend;
        this.recordFloats = EcgRecord.LEADS.size() * source.length();
    }

    /** Thrown inside {@link #assemble} when it notices it was cancelled. */
    static final class Cancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Cancelled() {
            super(null, null, false, false);
        }
    }

    /** @param cancelled polled between records, so closing a loader need not wait for a whole batch */
    Batch assemble(int epoch, int number, int[] order, java.util.function.BooleanSupplier cancelled) {
        int from = number * batchSize;
        int[] indices = Arrays.copyOfRange(order, from, Math.min(from + batchSize, order.length));
        int b = indices.length;
        int classes = source.labelVocabulary().size();
        if (staging.length < b * recordFloats) {
            staging = new float[b * recordFloats];
        }
        float[] labels = new float[b * classes];
        List<String> ids = new ArrayList<>(b);
        List<String> reports = new ArrayList<>(b);
        List<String> patients = new ArrayList<>(b);
        float[][] views = null;
        int[][] viewShapes = null;
        for (int k = 0; k < b; k++) {
            if (cancelled.getAsBoolean()) {
                throw new Cancelled();
            }
            int record = indices[k];
            try {
                source.readSignal(record, staging, k * recordFloats);
                for (int p : source.labelPositions(record)) {
                    labels[k * classes + p] = 1f;
                }
                ids.add(source.id(record));
                reports.add(source.report(record));
                patients.add(source.patientId(record));
                if (transform != null) {
                    float[][][] out = transform.apply(source.record(record), EpochPlan.sampleRng(seed, epoch, record));
                    if (views == null) {
                        viewShapes = shapesOf(out);
                        views = new float[out.length][];
                        for (int v = 0; v < out.length; v++) {
                            views[v] = new float[b * viewShapes[v][0] * viewShapes[v][1]];
                        }
                    }
                    copyViews(out, viewShapes, views, k);
                }
            } catch (Cancelled e) {
                throw e;
            } catch (RuntimeException e) {
                throw new DataLoaderException("epoch " + epoch + ", batch " + number + ": record " + record + " '"
                        + safeId(record) + "': " + e, e);
            }
        }
        Tensor signals = tensor(staging, b, EcgRecord.LEADS.size(), source.length());
        List<Tensor> viewTensors = new ArrayList<>();
        for (int v = 0; views != null && v < views.length; v++) {
            viewTensors.add(tensor(views[v], b, viewShapes[v][0], viewShapes[v][1]));
        }
        return new Batch(epoch, number, indices, signals, tensor(labels, b, classes),
                Collections.unmodifiableList(viewTensors), Collections.unmodifiableList(ids),
                Collections.unmodifiableList(reports), Collections.unmodifiableList(patients));
    }

    private Tensor tensor(float[] data, int... shape) {
        Tensor t = Tensor.zeros(backend, shape);
        backend.write(t.storage(), 0, data, 0, (int) t.numel());
        return t;
    }

    private static int[][] shapesOf(float[][][] views) {
        if (views == null || views.length == 0) {
            throw new IllegalStateException("the transform returned no views; expected at least one");
        }
        int[][] shapes = new int[views.length][];
        for (int v = 0; v < views.length; v++) {
            if (views[v] == null || views[v].length == 0 || views[v][0] == null) {
                throw new IllegalStateException("the transform's view " + v + " is empty");
            }
            shapes[v] = new int[] {views[v].length, views[v][0].length};
        }
        return shapes;
    }

    private static void copyViews(float[][][] out, int[][] shapes, float[][] views, int k) {
        if (out == null || out.length != shapes.length) {
            throw new IllegalStateException("the transform returned " + (out == null ? "null" : out.length
                    + " views") + "; expected " + shapes.length + " like the batch's first record");
        }
        for (int v = 0; v < out.length; v++) {
            int rows = shapes[v][0];
            int cols = shapes[v][1];
            if (out[v] == null || out[v].length != rows) {
                throw new IllegalStateException("the transform's view " + v + " has " + (out[v] == null ? "no"
                        : out[v].length) + " rows; expected " + rows + " like the batch's first record");
            }
            for (int r = 0; r < rows; r++) {
                if (out[v][r] == null || out[v][r].length != cols) {
                    throw new IllegalStateException("the transform's view " + v + " row " + r + " has "
                            + (out[v][r] == null ? "no" : out[v][r].length) + " samples; expected " + cols
                            + " like the batch's first record");
                }
                System.arraycopy(out[v][r], 0, views[v], (k * rows + r) * cols, cols);
            }
        }
    }

    private String safeId(int record) {
        try {
            return source.id(record);
        } catch (RuntimeException e) {
            return "?";
        }
    }
}
