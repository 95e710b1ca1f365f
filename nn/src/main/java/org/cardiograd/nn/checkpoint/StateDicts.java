package org.cardiograd.nn.checkpoint;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.cardiograd.tensor.Tensor;

/** The checks of a state dict against a module's, before anything is written. */
final class StateDicts {
    private StateDicts() {}

    /** Appends missing / unexpected keys (when strict) and shape mismatches (always) to problems. */
    static void check(String what, Map<String, Tensor> own, Map<String, Tensor> loaded, boolean strict,
                      List<String> problems) {
        TreeSet<String> missing = new TreeSet<>(own.keySet());
        missing.removeAll(loaded.keySet());
        TreeSet<String> unexpected = new TreeSet<>(loaded.keySet());
        unexpected.removeAll(own.keySet());
        if (strict && !missing.isEmpty()) {
            problems.add(what + ": missing keys " + missing);
        }
        if (strict && !unexpected.isEmpty()) {
            problems.add(what + ": unexpected keys " + unexpected);
        }
        own.forEach((name, t) -> {
            Tensor src = loaded.get(name);
            if (src != null && !src.sameShape(t)) {
                problems.add(what + ": shape mismatch for '" + name + "': checkpoint " + Arrays.toString(src.shape())
                        + ", module " + Arrays.toString(t.shape()));
            }
        });
    }
}
