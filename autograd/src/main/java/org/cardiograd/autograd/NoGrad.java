package org.cardiograd.autograd;

/**
 * A scope in which ops record nothing: {@code try (NoGrad ignored = NoGrad.enter()) { ... }}. Use it for
 * evaluation and for in-place parameter updates. Scopes nest; closing restores the previous mode.
 */
public final class NoGrad implements AutoCloseable {
    private final boolean previous;

    private NoGrad() {
        this.previous = GradMode.set(false);
    }

    public static NoGrad enter() {
        return new NoGrad();
    }

    /** True when ops currently record themselves for backward. */
    public static boolean gradEnabled() {
        return GradMode.isEnabled();
    }

    @Override
    public void close() {
        GradMode.set(previous);
    }
}
