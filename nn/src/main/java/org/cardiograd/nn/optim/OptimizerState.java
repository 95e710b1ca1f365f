package org.cardiograd.nn.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.cardiograd.tensor.Tensor;

/**
 * An optimizer's state as named values, for checkpoints: float tensors ({@code <param>.exp_avg},
 * {@code <param>.exp_avg_sq}, {@code <param>.momentum_buffer}) and integer counters ({@code <param>.step}).
 * A training checkpoint stores them under the prefix {@code optimizer.}, the counters as I64 tensors.
 * Names of parameters that have not been stepped yet (no gradient so far) are absent.
 */
public record OptimizerState(Map<String, Tensor> tensors, Map<String, Long> counters) {
    public OptimizerState {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
    }
}
