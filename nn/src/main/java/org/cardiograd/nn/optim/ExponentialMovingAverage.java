package org.cardiograd.nn.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.cardiograd.autograd.NoGrad;
import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.Module;
import org.cardiograd.tensor.Tensor;

/**
 * An exponential moving average of parameters (Polyak averaging), as torch_ema's ExponentialMovingAverage:
 * after every optimizer step, {@link #update()} moves each shadow copy towards its parameter,
 * shadow -= (1 - d) (shadow - param).
 *
 * <p>With warm-up, d = min(decay, (1 + n) / (10 + n)) where n is the number of updates so far (torch_ema's
 * {@code use_num_updates}), so early averages are not dominated by the random initialization; without it,
 * d = decay from the start.
 *
 * <p>For evaluation, {@link #apply()} swaps the averaged weights into the parameters and returns a handle whose
 * {@code close()} puts the training weights back:
 * <pre>{@code
 * try (ExponentialMovingAverage.Applied ignored = ema.apply()) {
 *     evaluate(model);
 * }
 * }</pre>
 * Only parameters are averaged, not buffers (like torch_ema; BatchNorm statistics stay the live ones).
 */
public final class ExponentialMovingAverage {
    /** Counter name of the update count in {@link #stateTensors()} / {@link #counters()}. */
    public static final String NUM_UPDATES = "num_updates";

    private final LinkedHashMap<String, Variable> params;
    private final LinkedHashMap<String, Tensor> shadow = new LinkedHashMap<>();
    private final float decay;
    private final boolean warmup;
    private long numUpdates;
    private LinkedHashMap<String, Tensor> backup;

    public ExponentialMovingAverage(Map<String, Variable> params, double decay, boolean warmup) {
        if (!(decay >= 0 && decay <= 1)) {
            throw new IllegalArgumentException("ExponentialMovingAverage: decay " + decay + " outside [0, 1]");
        }
        this.params = new LinkedHashMap<>(params);
        this.decay = (float) decay;
        this.warmup = warmup;
        this.params.forEach((n, v) -> shadow.put(n, v.value().copy()));
    }

    /** Averages every parameter of a module. */
    public ExponentialMovingAverage(Module module, double decay, boolean warmup) {
        this(module.namedParameters(), decay, warmup);
    }

    /** The decay the next update will use. */
    public float currentDecay() {
        if (!warmup) {
            return decay;
        }
        return (float) Math.min(decay, (1.0 + numUpdates) / (10.0 + numUpdates));
    }

    /** Moves the averages towards the current parameters. */
    public void update() {
        if (backup != null) {
            throw new IllegalStateException("ExponentialMovingAverage.update while the averaged weights are applied;"
                    + " close the handle of apply() first");
        }
        float oneMinus = 1f - currentDecay();
        numUpdates++;
        try (NoGrad ignored = NoGrad.enter()) {
            params.forEach((n, v) -> {
                Tensor s = shadow.get(n);
                s.subInPlace(s.sub(v.value()).mul(oneMinus));
            });
        }
    }

    public long numUpdates() {
        return numUpdates;
    }

    /** The averaged tensors by parameter name (live, not copies). */
    public Map<String, Tensor> stateTensors() {
        return Collections.unmodifiableMap(shadow);
    }

    /** The counters to checkpoint: {@value #NUM_UPDATES}. */
    public Map<String, Long> counters() {
        return Map.of(NUM_UPDATES, numUpdates);
    }

    /** Copies the averages into the parameters (in place); the returned handle restores the training weights. */
    public Applied apply() {
        if (backup != null) {
            throw new IllegalStateException("ExponentialMovingAverage.apply: already applied");
        }
        LinkedHashMap<String, Tensor> saved = new LinkedHashMap<>();
        try (NoGrad ignored = NoGrad.enter()) {
            params.forEach((n, v) -> {
                saved.put(n, v.value().copy());
                v.value().copyFromInPlace(shadow.get(n));
            });
        }
        backup = saved;
        return new Applied();
    }

    /** Copies the averages into the parameters for good (e.g. before exporting the final model). */
    public void copyTo() {
        if (backup != null) {
            throw new IllegalStateException("ExponentialMovingAverage.copyTo while applied");
        }
        try (NoGrad ignored = NoGrad.enter()) {
            params.forEach((n, v) -> v.value().copyFromInPlace(shadow.get(n)));
        }
    }

    /** Restores the training weights saved by {@link #apply()}. */
    public final class Applied implements AutoCloseable {
        private boolean closed;

        private Applied() {}

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try (NoGrad ignored = NoGrad.enter()) {
                params.forEach((n, v) -> v.value().copyFromInPlace(backup.get(n)));
            }
            backup = null;
        }
    }

    /** Every problem that would stop {@link #load} (empty when the state fits). */
    public List<String> checkState(Map<String, Tensor> tensors, Map<String, Long> counters) {
        List<String> problems = new ArrayList<>();
        TreeSet<String> missing = new TreeSet<>(shadow.keySet());
        missing.removeAll(tensors.keySet());
        TreeSet<String> unexpected = new TreeSet<>(tensors.keySet());
        unexpected.removeAll(shadow.keySet());
        if (!missing.isEmpty()) {
            problems.add("missing averages " + missing);
        }
        if (!unexpected.isEmpty()) {
            problems.add("unexpected averages " + unexpected);
        }
        shadow.forEach((n, s) -> {
            Tensor t = tensors.get(n);
            if (t != null && !t.sameShape(s)) {
                problems.add("shape mismatch for average '" + n + "': checkpoint " + Arrays.toString(t.shape())
                        + ", parameter " + Arrays.toString(s.shape()));
            }
        });
        Long n = counters.get(NUM_UPDATES);
        if (n == null || n < 0) {
            problems.add("counter " + NUM_UPDATES + " is " + n + ", expected a count >= 0");
        }
        TreeSet<String> extraCounters = new TreeSet<>(counters.keySet());
        extraCounters.remove(NUM_UPDATES);
        if (!extraCounters.isEmpty()) {
            problems.add("unexpected counters " + extraCounters);
        }
        return problems;
    }

    /** Restores averages and update count; everything is checked first and nothing changes on a problem. */
    public void load(Map<String, Tensor> tensors, Map<String, Long> counters) {
        List<String> problems = checkState(tensors, counters);
        if (backup != null) {
            problems.add("the averaged weights are applied");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("ExponentialMovingAverage.load: " + String.join("; ", problems)
                    + " (the averages were left unchanged)");
        }
        try (NoGrad ignored = NoGrad.enter()) {
            shadow.forEach((n, s) -> s.copyFromInPlace(tensors.get(n).to(s.backend())));
        }
        numUpdates = counters.get(NUM_UPDATES);
    }
}
