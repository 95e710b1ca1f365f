package org.cardiograd.nn.optim;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.cardiograd.autograd.Variable;
import org.cardiograd.tensor.Tensor;

/**
 * Stochastic gradient descent as torch.optim.SGD: d = g + wd p (coupled L2); with momentum mu the buffer starts
 * as d and then becomes mu buf + (1 - dampening) d; the step uses d + mu buf (Nesterov) or buf; p -= lr d.
 * State per parameter: {@code step} (a counter PyTorch does not keep for SGD) and, with momentum,
 * {@code momentum_buffer}.
 */
public final class Sgd extends Optimizer {
    static final String MOMENTUM_BUFFER = "momentum_buffer";

    private final float momentum;
    private final float dampening;
    private final boolean nesterov;

    public Sgd(List<ParamGroup> groups, double momentum, double dampening, boolean nesterov) {
        super(groups);
        if (!(momentum >= 0) || !(dampening >= 0 && dampening <= 1)) {
            throw new IllegalArgumentException("Sgd: momentum " + momentum + " must be >= 0 and dampening "
                    + dampening + " in [0, 1]");
        }
        if (nesterov && (momentum == 0 || dampening != 0)) {
            throw new IllegalArgumentException("Sgd: Nesterov momentum requires a momentum and zero dampening");
        }
        this.momentum = (float) momentum;
        this.dampening = (float) dampening;
        this.nesterov = nesterov;
    }

    /** Plain SGD, no momentum. */
    public Sgd(List<ParamGroup> groups) {
        this(groups, 0, 0, false);
    }

    public static Sgd of(Map<String, Variable> params, double lr, double momentum, boolean nesterov,
                         double weightDecay) {
        return new Sgd(List.of(new ParamGroup(params, lr, weightDecay)), momentum, 0, nesterov);
    }

    @Override
    protected void update(ParamGroup group, String name, Tensor param, Tensor grad, ParamState state) {
        float wd = (float) group.weightDecay();
        Tensor d = wd != 0f ? grad.add(param.mul(wd)) : grad;
        if (momentum != 0f) {
            Tensor buf = state.buffer(MOMENTUM_BUFFER);
            if (buf == null) {
                buf = d.copy();
                state.putBuffer(MOMENTUM_BUFFER, buf);
            } else {
                buf.mulInPlace(momentum).addInPlace(dampening == 0f ? d : d.mul(1f - dampening));
            }
            d = nesterov ? d.add(buf.mul(momentum)) : buf;
        }
        param.subInPlace(d.mul((float) group.lr()));
    }

    @Override
    protected List<String> bufferNames() {
        return List.of(MOMENTUM_BUFFER);
    }

    @Override
    protected String checkEntry(String param, Long step, Set<String> buffers) {
        if (step == null) {
            return "incomplete state: no step";
        }
        if (momentum == 0f && !buffers.isEmpty()) {
            return "has a momentum buffer but this optimizer has no momentum";
        }
        if (momentum != 0f && buffers.isEmpty()) {
            return "incomplete state: no " + MOMENTUM_BUFFER;
        }
        return null;
    }
}
