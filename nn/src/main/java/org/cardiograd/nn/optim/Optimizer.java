package org.cardiograd.nn.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.cardiograd.autograd.NoGrad;
import org.cardiograd.autograd.Variable;
import org.cardiograd.tensor.Tensor;

/**
 * Updates parameters in place from their accumulated gradients, over parameter groups, the way torch.optim does.
 *
 * <p>A training step: {@code loss.backward(); GradClip.clipGradNorm(...); optimizer.step(); optimizer.zeroGrad();}.
 * A parameter whose gradient is null (it took no part in the loss) is skipped, and its state and step count stay
 * as they were, as in PyTorch.
 *
 * <p>State is kept per parameter name: a step count and the named buffers of the algorithm, allocated on the
 * parameter's backend at its first step. {@link #stateDict()} exposes it as named tensors and counters, and
 * {@link #loadStateDict} restores it after checking everything first: a state that does not fit (unknown
 * parameter or buffer, wrong shape, incomplete entry) is rejected with every problem listed, and the optimizer is
 * left unchanged.
 */
public abstract class Optimizer {
    /** Key suffix of a parameter's step counter in {@link #stateDict()}. */
    public static final String STEP = "step";

    private final List<ParamGroup> groups;
    private final LinkedHashMap<String, Variable> byName = new LinkedHashMap<>();
    private LinkedHashMap<String, ParamState> state = new LinkedHashMap<>();

    /** One parameter's state: its step count and its buffers. */
    protected static final class ParamState {
        long step;
        final LinkedHashMap<String, Tensor> buffers = new LinkedHashMap<>();

        /** Number of completed updates of this parameter, counting the one in progress inside {@link #update}. */
        public long step() {
            return step;
        }

        public Tensor buffer(String name) {
            return buffers.get(name);
        }

        public void putBuffer(String name, Tensor t) {
            buffers.put(name, t);
        }
    }

    protected Optimizer(List<ParamGroup> groups) {
        if (groups.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": no parameter groups");
        }
        this.groups = List.copyOf(groups);
        Set<Variable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ParamGroup g : this.groups) {
            for (Map.Entry<String, Variable> e : g.params().entrySet()) {
                if (byName.containsKey(e.getKey())) {
                    throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter name '" + e.getKey()
                            + "' appears in more than one group");
                }
                if (!seen.add(e.getValue())) {
                    throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter '" + e.getKey()
                            + "' is the same variable as another parameter");
                }
                if (!e.getValue().isLeaf() || !e.getValue().requiresGrad()) {
                    throw new IllegalArgumentException(getClass().getSimpleName() + ": '" + e.getKey()
                            + "' is not a trainable leaf parameter");
                }
                if (!e.getValue().value().isContiguous()) {
                    throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter '" + e.getKey()
                            + "' must be dense to be updated in place");
                }
                byName.put(e.getKey(), e.getValue());
            }
        }
    }

    public final List<ParamGroup> groups() {
        return groups;
    }

    /** Every parameter by name, across groups. */
    public final Map<String, Variable> parameters() {
        return Collections.unmodifiableMap(byName);
    }

    /** Sets every group's learning rate to {@code lr * group.lrScale()} (what a schedule calls each step). */
    public final void setLearningRate(double lr) {
        for (ParamGroup g : groups) {
            g.setLr(lr * g.lrScale());
        }
    }

    /** Forgets every parameter's gradient. */
    public final void zeroGrad() {
        for (Variable v : byName.values()) {
            v.zeroGrad();
        }
    }

    /** One update of every parameter that has a gradient. */
    public final void step() {
        try (NoGrad ignored = NoGrad.enter()) {
            for (ParamGroup g : groups) {
                for (Map.Entry<String, Variable> e : g.params().entrySet()) {
                    Tensor grad = e.getValue().grad();
                    if (grad == null) {
                        continue;
                    }
                    ParamState s = state.computeIfAbsent(e.getKey(), k -> new ParamState());
                    s.step++;
                    update(g, e.getKey(), e.getValue().value(), grad, s);
                }
            }
        }
    }

    /** The step count of a parameter (0 before its first update). */
    public final long stepCount(String param) {
        ParamState s = state.get(param);
        return s == null ? 0 : s.step;
    }

    /**
     * Updates one parameter in place. {@code state.step()} has already been incremented (it counts from 1).
     */
    protected abstract void update(ParamGroup group, String name, Tensor param, Tensor grad, ParamState state);

    /** The names of the buffers this algorithm keeps per parameter (all of them, even if some are optional). */
    protected abstract List<String> bufferNames();

    /**
     * Checks one parameter's loaded state for completeness (e.g. Adam needs both moments); returns a problem or
     * null. Called only with known buffer names of the right shape.
     */
    protected abstract String checkEntry(String param, Long step, Set<String> buffers);

    // ---- state ----------------------------------------------------------------------------------------

    /** The state as named tensors (the live tensors, not copies) and counters. */
    public final OptimizerState stateDict() {
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        LinkedHashMap<String, Long> counters = new LinkedHashMap<>();
        state.forEach((name, s) -> {
            counters.put(name + "." + STEP, s.step);
            s.buffers.forEach((b, t) -> tensors.put(name + "." + b, t));
        });
        return new OptimizerState(tensors, counters);
    }

    /** Every problem that would stop {@link #loadStateDict} (empty when the state fits). */
    public final List<String> checkState(OptimizerState loaded) {
        List<String> problems = new ArrayList<>();
        TreeMap<String, Long> steps = new TreeMap<>();
        TreeMap<String, Set<String>> buffers = new TreeMap<>();
        for (Map.Entry<String, Long> e : loaded.counters().entrySet()) {
            String param = paramOf(e.getKey(), List.of(STEP));
            if (param == null) {
                problems.add("unexpected counter '" + e.getKey() + "'");
            } else if (e.getValue() == null || e.getValue() < 1) {
                problems.add("counter '" + e.getKey() + "' is " + e.getValue() + ", expected a step count >= 1");
            } else {
                steps.put(param, e.getValue());
            }
        }
        for (Map.Entry<String, Tensor> e : loaded.tensors().entrySet()) {
            String param = paramOf(e.getKey(), bufferNames());
            if (param == null) {
                problems.add("unexpected tensor '" + e.getKey() + "'");
                continue;
            }
            Tensor own = byName.get(param).value();
            if (!own.sameShape(e.getValue())) {
                problems.add("shape mismatch for '" + e.getKey() + "': checkpoint "
                        + Arrays.toString(e.getValue().shape()) + ", parameter " + Arrays.toString(own.shape()));
                continue;
            }
            buffers.computeIfAbsent(param, k -> new java.util.TreeSet<>())
                    .add(e.getKey().substring(param.length() + 1));
        }
        TreeMap<String, Boolean> params = new TreeMap<>();
        steps.keySet().forEach(p -> params.put(p, true));
        buffers.keySet().forEach(p -> params.put(p, true));
        for (String p : params.keySet()) {
            String problem = checkEntry(p, steps.get(p), buffers.getOrDefault(p, Set.of()));
            if (problem != null) {
                problems.add("'" + p + "': " + problem);
            }
        }
        return problems;
    }

    /**
     * Replaces the whole state by a loaded one (copied onto each parameter's backend). Parameters absent from it
     * start afresh. Everything is checked first; on any problem it throws, listing them all, and nothing changes.
     */
    public final void loadStateDict(OptimizerState loaded) {
        List<String> problems = checkState(loaded);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".loadStateDict: "
                    + String.join("; ", problems) + " (the optimizer state was left unchanged)");
        }
        LinkedHashMap<String, ParamState> fresh = new LinkedHashMap<>();
        for (String name : byName.keySet()) {
            Long step = loaded.counters().get(name + "." + STEP);
            boolean any = step != null;
            ParamState s = new ParamState();
            s.step = step == null ? 0 : step;
            for (String b : bufferNames()) {
                Tensor t = loaded.tensors().get(name + "." + b);
                if (t != null) {
                    s.buffers.put(b, t.to(byName.get(name).value().backend()).copy());
                    any = true;
                }
            }
            if (any) {
                fresh.put(name, s);
            }
        }
        state = fresh;
    }

    /** The parameter a key belongs to when it is {@code <param>.<suffix>} for a known suffix, else null. */
    private String paramOf(String key, List<String> suffixes) {
        for (String suffix : suffixes) {
            if (key.endsWith("." + suffix)) {
                String param = key.substring(0, key.length() - suffix.length() - 1);
                if (byName.containsKey(param)) {
                    return param;
                }
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + groups;
    }
}
