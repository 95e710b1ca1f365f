package org.cardiograd.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.cardiograd.tensor.Tensor;

/**
 * The reverse pass: orders the functions reachable from the output so that each runs after every function
 * that consumes its output, runs each backward once, and frees the graph.
 */
final class Backprop {
    private Backprop() {}

    static void run(Variable root, Tensor gradOutput) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward: " + root + " does not require a gradient (it was computed "
                    + "from constants only, or inside NoGrad)");
        }
        if (!Arrays.equals(root.shape(), gradOutput.shape())) {
            throw new IllegalArgumentException("backward: gradient shape " + Arrays.toString(gradOutput.shape())
                    + " differs from output shape " + Arrays.toString(root.shape()));
        }
        if (root.isLeaf()) {
            root.accumulateGrad(gradOutput);
            return;
        }
        List<Function> order = topologicalOrder(root.creator());
        root.creator().pendingGrad = gradOutput;
        List<Variable> intermediates = new ArrayList<>();
        try (NoGrad ignored = NoGrad.enter()) {
            for (Function fn : order) {
                Tensor g = fn.pendingGrad;
                fn.pendingGrad = null;
                if (g == null) { // no path from the output reaches it with a gradient
                    fn.release();
                    continue;
                }
                fn.checkSavedVersions();
                Tensor[] grads = fn.backward(g);
                Variable[] inputs = fn.inputs();
                for (int i = 0; i < inputs.length; i++) {
                    Variable in = inputs[i];
                    if (in == null || !in.requiresGrad() || grads[i] == null) {
                        continue;
                    }
                    checkShape(fn, i, in, grads[i]);
                    if (in.isLeaf()) {
                        in.accumulateGrad(grads[i]);
                    } else {
                        Function producer = in.creator();
                        producer.pendingGrad = producer.pendingGrad == null ? grads[i]
                                : producer.pendingGrad.add(grads[i]);
                    }
                }
                for (Variable in : inputs) {
                    if (in != null && !in.isLeaf()) {
                        intermediates.add(in);
                    }
                }
                fn.release();
            }
        }
        // Point every variable of the graph at a marker, so functions and what they saved become garbage.
        intermediates.add(root);
        for (Variable v : intermediates) {
            if (!(v.creator() instanceof Function.Freed)) {
                v.setCreator(new Function.Freed(v.creator().name()));
            }
        }
    }

    /**
     * Depth-first post-order from the root, reversed: a function appears before all functions that produced
     * its inputs. Iterative, so deep graphs do not overflow the stack.
     */
    private static List<Function> topologicalOrder(Function root) {
        List<Function> postOrder = new ArrayList<>();
        Map<Function, Boolean> visited = new IdentityHashMap<>();
        Deque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, 0});
        visited.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Function fn = (Function) frame[0];
            int next = (Integer) frame[1];
            if (fn.released()) {
                throw new IllegalStateException("backward through " + fn.name() + " whose graph was already freed "
                        + "by an earlier backward(); run the forward pass again");
            }
            Variable[] inputs = fn.inputs();
            if (next < inputs.length) {
                frame[1] = next + 1;
                Variable in = inputs[next];
                if (in != null && in.requiresGrad() && !in.isLeaf()) {
                    Function producer = in.creator();
                    if (visited.put(producer, Boolean.TRUE) == null) {
                        stack.push(new Object[] {producer, 0});
                    }
                }
            } else {
                postOrder.add(fn);
                stack.pop();
            }
        }
        java.util.Collections.reverse(postOrder);
        return postOrder;
    }

    private static void checkShape(Function fn, int i, Variable in, Tensor g) {
        if (!Arrays.equals(in.shape(), g.shape())) {
            throw new IllegalStateException(fn.name() + ".backward returned a gradient of shape "
                    + Arrays.toString(g.shape()) + " for input " + i + " of shape " + Arrays.toString(in.shape()));
        }
    }
}
