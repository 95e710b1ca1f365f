package org.cardiograd.nn.checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.cardiograd.nn.Module;
import org.cardiograd.nn.optim.ExponentialMovingAverage;
import org.cardiograd.nn.optim.Optimizer;
import org.cardiograd.nn.optim.OptimizerState;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;
import org.cardiograd.tensor.io.DType;
import org.cardiograd.tensor.io.SafeTensors;
import org.cardiograd.tensor.io.SafeTensorsFile;
import org.cardiograd.tensor.io.SafeTensorsWriter;

/**
 * Everything a run needs to continue exactly, in one safetensors file written atomically:
 * <pre>
 * model.&lt;name&gt;                    F32   parameters and buffers under their state-dict names
 * optimizer.&lt;param&gt;.&lt;buffer&gt;     F32   exp_avg, exp_avg_sq, momentum_buffer
 * optimizer.&lt;param&gt;.step          I64   per-parameter step counts
 * ema.&lt;param&gt;                     F32   moving averages (when an EMA is saved)
 * ema_num_updates                  I64   its update count
 * train.step                       I64   the global step (what the learning-rate schedule is a function of)
 * rng.&lt;name&gt;                      I64   the state of each named random generator
 * __metadata__                           cardiograd.format = training-checkpoint, plus free-form strings
 *                                        (a config as JSON, a git hash) under keys not starting "cardiograd."
 * </pre>
 * <pre>{@code
 * TrainingCheckpoint.builder().model(model).optimizer(opt).ema(ema).step(step).rng("data", dataRng)
 *     .metadata("config", configJson).write(path);
 * ...
 * TrainingCheckpoint.Restored r = TrainingCheckpoint.load(path, model, opt, ema);
 * long step = r.step();
 * Rng dataRng = r.rng("data");
 * }</pre>
 * Loading reads the whole file and checks every part (model keys and shapes, strictly; optimizer state; EMA;
 * counters) before writing anything: on any problem it throws, listing them all, and the model, optimizer and
 * EMA are unchanged.
 */
public final class TrainingCheckpoint {
    public static final String FORMAT_KEY = "cardiograd.format";
    public static final String FORMAT = "training-checkpoint";
    public static final String VERSION_KEY = "cardiograd.version";
    public static final String VERSION = "1";

    static final String MODEL = "model.";
    static final String OPTIMIZER = "optimizer.";
    static final String EMA = "ema.";
    static final String EMA_UPDATES = "ema_num_updates";
    static final String STEP = "train.step";
    static final String RNG = "rng.";

    private TrainingCheckpoint() {}

    public static Builder builder() {
        return new Builder();
    }

    /** Collects the parts of a training checkpoint; model and step are required. */
    public static final class Builder {
        private Module model;
        private Optimizer optimizer;
        private ExponentialMovingAverage ema;
        private Long step;
        private final TreeMap<String, Long> rngs = new TreeMap<>();
        private final TreeMap<String, String> metadata = new TreeMap<>();

        private Builder() {}

        public Builder model(Module m) {
            this.model = m;
            return this;
        }

        public Builder optimizer(Optimizer o) {
            this.optimizer = o;
            return this;
        }

        public Builder ema(ExponentialMovingAverage e) {
            this.ema = e;
            return this;
        }

        public Builder step(long s) {
            if (s < 0) {
                throw new IllegalArgumentException("TrainingCheckpoint: negative step " + s);
            }
            this.step = s;
            return this;
        }

        /** Records a generator's current state under a name (the generator is not advanced). */
        public Builder rng(String name, Rng rng) {
            checkPart("rng", name);
            rngs.put(name, rng.state());
            return this;
        }

        public Builder metadata(String key, String value) {
            if (key.startsWith("cardiograd.")) {
                throw new IllegalArgumentException("TrainingCheckpoint: metadata keys starting 'cardiograd.' are "
                        + "reserved, got '" + key + "'");
            }
            metadata.put(key, value);
            return this;
        }

        /** Writes the file atomically (temporary file in the same folder, fsync, rename). */
        public void write(Path path) throws IOException {
            if (model == null || step == null) {
                throw new IllegalStateException("TrainingCheckpoint: a model and a step are required");
            }
            SafeTensorsWriter w = SafeTensors.writer();
            model.stateDict().forEach((n, t) -> w.put(MODEL + n, t));
            if (optimizer != null) {
                OptimizerState s = optimizer.stateDict();
                s.tensors().forEach((n, t) -> w.put(OPTIMIZER + n, t));
                s.counters().forEach((n, c) -> w.putLongs(OPTIMIZER + n, new int[0], new long[] {c}));
            }
            if (ema != null) {
                ema.stateTensors().forEach((n, t) -> w.put(EMA + n, t));
                w.putLongs(EMA_UPDATES, new int[0], new long[] {ema.numUpdates()});
            }
            w.putLongs(STEP, new int[0], new long[] {step});
            rngs.forEach((n, s) -> w.putLongs(RNG + n, new int[0], new long[] {s}));
            w.metadata(metadata).metadata(FORMAT_KEY, FORMAT).metadata(VERSION_KEY, VERSION);
            w.write(path);
        }

        private static void checkPart(String what, String name) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("TrainingCheckpoint: empty " + what + " name");
            }
        }
    }

    /** What a load gives back besides the restored objects. */
    public static final class Restored {
        private final long step;
        private final Map<String, Long> rngStates;
        private final Map<String, String> metadata;

        Restored(long step, Map<String, Long> rngStates, Map<String, String> metadata) {
            this.step = step;
            this.rngStates = Collections.unmodifiableMap(rngStates);
            this.metadata = Collections.unmodifiableMap(metadata);
        }

        /** The global step saved (the number of optimizer steps taken, if you saved that). */
        public long step() {
            return step;
        }

        /** A generator that continues exactly where the saved one was. */
        public Rng rng(String name) {
            Long s = rngStates.get(name);
            if (s == null) {
                throw new IllegalArgumentException("TrainingCheckpoint: no random generator '" + name
                        + "' saved (saved: " + rngStates.keySet() + ")");
            }
            return Rng.restore(s);
        }

        public Map<String, Long> rngStates() {
            return rngStates;
        }

        /** The free-form metadata (without the cardiograd.* keys). */
        public Map<String, String> metadata() {
            return metadata;
        }
    }

    /**
     * Restores model, optimizer (may be null: not restored) and EMA (may be null) from a training checkpoint.
     * Everything is read and checked first; on any problem this throws and nothing was changed.
     */
    public static Restored load(Path path, Module model, Optimizer optimizer, ExponentialMovingAverage ema)
            throws IOException {
        String file = path.toString();
        LinkedHashMap<String, Tensor> floats = new LinkedHashMap<>();
        LinkedHashMap<String, Long> longs = new LinkedHashMap<>();
        LinkedHashMap<String, String> metadata = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        try (SafeTensorsFile f = SafeTensors.read(path)) {
            String format = f.metadata().get(FORMAT_KEY);
            if (!FORMAT.equals(format)) {
                throw new CheckpointException(file, List.of("not a training checkpoint (metadata " + FORMAT_KEY + " is "
                        + (format == null ? "absent" : "'" + format + "'") + "); a model checkpoint loads with "
                        + "ModelCheckpoint.load"));
            }
            if (!VERSION.equals(f.metadata().get(VERSION_KEY))) {
                throw new CheckpointException(file, List.of("unsupported training-checkpoint version "
                        + f.metadata().get(VERSION_KEY) + ", this reader knows version " + VERSION));
            }
            f.metadata().forEach((k, v) -> {
                if (!k.startsWith("cardiograd.")) {
                    metadata.put(k, v);
                }
            });
            for (String name : f.names()) {
                DType dtype = f.dtype(name);
                if (dtype.isInteger()) {
                    long[] v = f.longs(name);
                    if (v.length != 1 || f.shape(name).length != 0) {
                        problems.add("counter '" + name + "' must be a single I64 value, has shape "
                                + java.util.Arrays.toString(f.shape(name)));
                    } else {
                        longs.put(name, v[0]);
                    }
                } else {
                    floats.put(name, f.tensor(name));
                }
            }
        }

        // sort the entries into their parts
        LinkedHashMap<String, Tensor> modelState = new LinkedHashMap<>();
        LinkedHashMap<String, Tensor> optTensors = new LinkedHashMap<>();
        LinkedHashMap<String, Long> optCounters = new LinkedHashMap<>();
        LinkedHashMap<String, Tensor> emaTensors = new LinkedHashMap<>();
        LinkedHashMap<String, Long> emaCounters = new LinkedHashMap<>();
        TreeMap<String, Long> rngs = new TreeMap<>();
        floats.forEach((n, t) -> {
            if (n.startsWith(MODEL)) {
                modelState.put(n.substring(MODEL.length()), t);
            } else if (n.startsWith(OPTIMIZER)) {
                optTensors.put(n.substring(OPTIMIZER.length()), t);
            } else if (n.startsWith(EMA)) {
                emaTensors.put(n.substring(EMA.length()), t);
            } else {
                problems.add("unexpected float tensor '" + n + "'");
            }
        });
        Long step = null;
        for (Map.Entry<String, Long> e : longs.entrySet()) {
            String n = e.getKey();
            if (n.equals(STEP)) {
                step = e.getValue();
            } else if (n.equals(EMA_UPDATES)) {
                emaCounters.put(ExponentialMovingAverage.NUM_UPDATES, e.getValue());
            } else if (n.startsWith(OPTIMIZER)) {
                optCounters.put(n.substring(OPTIMIZER.length()), e.getValue());
            } else if (n.startsWith(RNG)) {
                rngs.put(n.substring(RNG.length()), e.getValue());
            } else {
                problems.add("unexpected integer tensor '" + n + "'");
            }
        }
        if (step == null || step < 0) {
            problems.add("no valid '" + STEP + "' counter (" + step + ")");
        }

        // check every part before touching anything
        model.checkStateDict(modelState, true).forEach(p -> problems.add("model: " + p));
        OptimizerState optState = new OptimizerState(optTensors, optCounters);
        if (optimizer != null) {
            optimizer.checkState(optState).forEach(p -> problems.add("optimizer: " + p));
        }
        if (ema != null) {
            if (emaCounters.isEmpty() && emaTensors.isEmpty()) {
                problems.add("ema: the checkpoint holds no moving average");
            } else {
                ema.checkState(emaTensors, emaCounters).forEach(p -> problems.add("ema: " + p));
            }
        }
        if (!problems.isEmpty()) {
            throw new CheckpointException(file, problems);
        }

        model.loadStateDict(modelState, true);
        if (optimizer != null) {
            optimizer.loadStateDict(optState);
        }
        if (ema != null) {
            ema.load(emaTensors, emaCounters);
        }
        return new Restored(step, rngs, metadata);
    }
}
