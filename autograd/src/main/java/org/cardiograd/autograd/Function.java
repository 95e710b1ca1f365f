package org.cardiograd.autograd;

import java.util.ArrayList;
import java.util.List;

import org.cardiograd.tensor.Tensor;

/**
 * One recorded op on the tape. A subclass computes its forward in a static {@code apply} method, keeps only
 * what its backward needs (through {@link #save}), and implements {@link #backward}: given the gradient of
 * its output, the gradients of its inputs (null for an input that needs none).
 *
 * <p>After backward the engine detaches every variable of the graph from its function (it points to a small
 * {@link Freed} marker instead), so functions, their saved tensors and intermediate values become garbage and
 * the memory of a step goes back to the parameters; a second backward through the graph is an error.
 */
public abstract class Function {
    private Variable[] inputs;
    private final List<Tensor> saved = new ArrayList<>(2);
    private final List<Integer> savedVersions = new ArrayList<>(2);
    private boolean released;

    /** The gradient of this function's output, summed over its uses while backward runs. */
    Tensor pendingGrad;

    /** The op's name in error messages and graph dumps. */
    public String name() {
        return getClass().getSimpleName();
    }

    /** Gradients of the inputs given the output gradient; entry i may be null when input i needs none. */
    protected abstract Tensor[] backward(Tensor gradOutput);

    /**
     * Records {@code fn} as the creator of a new variable holding {@code value}, when grad mode is on and any
     * input requires a gradient; otherwise returns a constant variable and {@code fn} is dropped.
     */
    protected static Variable record(Function fn, Tensor value, Variable... inputs) {
        if (!GradMode.isEnabled() || !anyRequiresGrad(inputs)) {
            return Variable.constant(value);
        }
        fn.inputs = inputs;
        return Variable.created(value, fn);
    }

    /** Whether any input needs a gradient while grad mode is on: ops use it to skip saving. */
    protected static boolean needsGrad(Variable... inputs) {
        return GradMode.isEnabled() && anyRequiresGrad(inputs);
    }

    private static boolean anyRequiresGrad(Variable[] inputs) {
        for (Variable v : inputs) {
            if (v != null && v.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    /** Keeps a tensor for backward and remembers its version, so an in-place change later is caught. */
    protected final <T extends Tensor> T save(T t) {
        saved.add(t);
        savedVersions.add(t.version());
        return t;
    }

    /** Whether input i needs a gradient: lets backward skip work. */
    protected final boolean needsInputGrad(int i) {
        return inputs[i] != null && inputs[i].requiresGrad();
    }

    final Variable[] inputs() {
        return inputs;
    }

    final boolean released() {
        return released;
    }

    /** Checks that no saved tensor was modified in place since forward. */
    final void checkSavedVersions() {
        for (int i = 0; i < saved.size(); i++) {
            int now = saved.get(i).version();
            if (now != savedVersions.get(i)) {
                throw new IllegalStateException(name() + ": a tensor saved for backward (shape "
                        + java.util.Arrays.toString(saved.get(i).shape()) + ") was modified in place after the "
                        + "forward pass (version " + savedVersions.get(i) + ", now " + now + "); clone it before "
                        + "changing it, or change it outside the graph");
            }
        }
    }

    /** Drops inputs and saved tensors; called by the engine after this function's backward ran. */
    void release() {
        released = true;
        inputs = null;
        saved.clear();
        savedVersions.clear();
        pendingGrad = null;
    }

    /** What a variable points to once its graph was freed: remembers only the op's name for the error. */
    static final class Freed extends Function {
        private final String op;

        Freed(String op) {
            this.op = op;
            release();
        }

        @Override
        public String name() {
            return op;
        }

        @Override
        protected Tensor[] backward(Tensor gradOutput) {
            throw new IllegalStateException("backward through " + op + " whose graph was already freed by an "
                    + "earlier backward(); run the forward pass again");
        }
    }
}
