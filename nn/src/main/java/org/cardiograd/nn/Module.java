package org.cardiograd.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.cardiograd.autograd.NoGrad;
import org.cardiograd.autograd.Variable;
import org.cardiograd.tensor.Tensor;

/**
 * A layer or a model: owns parameters, buffers and sub-modules, registered explicitly in the constructor so
 * that names are deterministic and match PyTorch's {@code state_dict} ({@code encoder.blocks.0.attn.qkv.weight}).
 * Parameters are leaf {@link Variable}s that collect gradients; buffers are tensors that are saved but not
 * trained (BatchNorm's running statistics).
 */
public abstract class Module {
    private final Map<String, Variable> params = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** Registers a trainable parameter under a local name and returns it. */
    protected final Variable param(String name, Tensor value) {
        checkName(name);
        Variable v = Variable.parameter(value).named(name);
        params.put(name, v);
        return v;
    }

    /** Registers a non-trainable tensor that belongs in the state dict. */
    protected final Tensor buffer(String name, Tensor value) {
        checkName(name);
        buffers.put(name, value);
        return value;
    }

    /** Replaces a buffer's value (running statistics). */
    protected final void setBuffer(String name, Tensor value) {
        if (!buffers.containsKey(name)) {
            throw new IllegalArgumentException("no buffer '" + name + "' in " + getClass().getSimpleName());
        }
        buffers.put(name, value);
    }

    protected final Tensor buffer(String name) {
        return buffers.get(name);
    }

    /** Registers a sub-module under a local name and returns it. */
    protected final <M extends Module> M module(String name, M child) {
        checkName(name);
        children.put(name, child);
        return child;
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("module part name '" + name + "' must be non-empty without dots");
        }
        if (params.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("'" + name + "' registered twice in " + getClass().getSimpleName());
        }
    }

    // ---- traversal ------------------------------------------------------------------------------------

    /** Every parameter with its dotted name, in registration order (depth-first). */
    public final LinkedHashMap<String, Variable> namedParameters() {
        LinkedHashMap<String, Variable> out = new LinkedHashMap<>();
        collectParameters("", out);
        return out;
    }

    private void collectParameters(String prefix, Map<String, Variable> out) {
        params.forEach((n, v) -> out.put(prefix + n, v));
        children.forEach((n, m) -> m.collectParameters(prefix + n + ".", out));
    }

    public final List<Variable> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Every buffer with its dotted name. */
    public final LinkedHashMap<String, Tensor> namedBuffers() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        collectBuffers("", out);
        return out;
    }

    private void collectBuffers(String prefix, Map<String, Tensor> out) {
        buffers.forEach((n, t) -> out.put(prefix + n, t));
        children.forEach((n, m) -> m.collectBuffers(prefix + n + ".", out));
    }

    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** Number of trainable scalars. */
    public final long parameterCount() {
        long n = 0;
        for (Variable v : namedParameters().values()) {
            n += v.value().numel();
        }
        return n;
    }

    // ---- modes ----------------------------------------------------------------------------------------

    /** Training mode (dropout active, batch statistics); returns this. */
    public final Module train() {
        return setTraining(true);
    }

    /** Evaluation mode (dropout off, running statistics); returns this. */
    public final Module eval() {
        return setTraining(false);
    }

    private Module setTraining(boolean on) {
        training = on;
        children.values().forEach(m -> m.setTraining(on));
        return this;
    }

    public final boolean isTraining() {
        return training;
    }

    /** Forgets every parameter's gradient. */
    public final void zeroGrad() {
        for (Variable v : namedParameters().values()) {
            v.zeroGrad();
        }
    }

    // ---- state dict -----------------------------------------------------------------------------------

    /** Parameters and buffers under their dotted names (the tensors themselves, not copies). */
    public final LinkedHashMap<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        namedParameters().forEach((n, v) -> out.put(n, v.value()));
        out.putAll(namedBuffers());
        return out;
    }

    /**
     * Copies values from a state dict. Everything is checked before anything is written, so a failed load
     * leaves the module as it was. With {@code strict}, missing and unexpected keys are errors; shape
     * mismatches always are. The message lists every problem.
     */
    public final void loadStateDict(Map<String, Tensor> state, boolean strict) {
        List<String> problems = checkStateDict(state, strict);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("loadStateDict into " + getClass().getSimpleName() + ": "
                    + String.join("; ", problems) + " (nothing was loaded)");
        }
        LinkedHashMap<String, Tensor> own = stateDict();
        try (NoGrad ignored = NoGrad.enter()) {
            for (Map.Entry<String, Tensor> e : own.entrySet()) {
                Tensor src = state.get(e.getKey());
                if (src != null) {
                    e.getValue().copyFromInPlace(src.to(e.getValue().backend()));
                }
            }
        }
    }

    /**
     * What would stop {@link #loadStateDict} from loading {@code state}: missing and unexpected keys (when
     * strict) and shape mismatches (always). Empty when the load would succeed; nothing is changed.
     */
    public final List<String> checkStateDict(Map<String, Tensor> state, boolean strict) {
        LinkedHashMap<String, Tensor> own = stateDict();
        List<String> problems = new ArrayList<>();
        TreeSet<String> missing = new TreeSet<>(own.keySet());
        missing.removeAll(state.keySet());
        TreeSet<String> unexpected = new TreeSet<>(state.keySet());
        unexpected.removeAll(own.keySet());
        if (strict && !missing.isEmpty()) {
            problems.add("missing keys " + missing);
        }
        if (strict && !unexpected.isEmpty()) {
            problems.add("unexpected keys " + unexpected);
        }
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src != null && !src.sameShape(e.getValue())) {
                problems.add("shape mismatch for '" + e.getKey() + "': checkpoint " + Arrays.toString(src.shape())
                        + ", module " + Arrays.toString(e.getValue().shape()));
            }
        }
        return problems;
    }

    // ---- printing -------------------------------------------------------------------------------------

    /** The module tree with every parameter's shape and the parameter counts. */
    public final String summary() {
        StringBuilder sb = new StringBuilder();
        summarize(getClass().getSimpleName(), "", sb);
        sb.append(String.format("total trainable parameters: %,d%n", parameterCount()));
        return sb.toString();
    }

    private void summarize(String name, String indent, StringBuilder sb) {
        sb.append(indent).append(name).append(" (").append(getClass().getSimpleName()).append(String.format(
                ", %,d params)%n", parameterCount()));
        params.forEach((n, v) -> sb.append(indent).append("  ").append(n).append(' ')
                .append(Arrays.toString(v.shape())).append('\n'));
        buffers.forEach((n, t) -> sb.append(indent).append("  ").append(n).append(' ')
                .append(Arrays.toString(t.shape())).append(" (buffer)\n"));
        children.forEach((n, m) -> m.summarize(n, indent + "  ", sb));
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + parameterCount() + " params)";
    }
}
