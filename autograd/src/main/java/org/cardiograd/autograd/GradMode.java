package org.cardiograd.autograd;

/** Whether new ops record themselves on the tape. Per thread, so a data-loader thread never disables it. */
final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {}

    static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    static boolean set(boolean enabled) {
        boolean[] cell = ENABLED.get();
        boolean previous = cell[0];
        cell[0] = enabled;
        return previous;
    }
}
