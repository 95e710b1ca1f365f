package org.cardiograd.nn.optim;

/**
 * A learning rate as a pure function of the optimizer step (0 for the first step): the same step always gives
 * the same rate, so a resumed run needs only the step count. Apply it before each step:
 * {@code optimizer.setLearningRate(schedule.lr(step))}.
 */
@FunctionalInterface
public interface LrSchedule {
    double lr(long step);

    /** The same rate at every step. */
    static LrSchedule constant(double lr) {
        checkRate("constant", lr);
        return step -> lr;
    }

    /**
     * Linear warm-up from 0 to {@code peak} over {@code warmupSteps} steps (lr = peak * step / warmup, so step 0
     * runs at 0, as MAE's and HuggingFace's schedules), then half a cosine from {@code peak} down to {@code min}
     * at {@code totalSteps}, and {@code min} after that.
     */
    static LrSchedule warmupCosine(double peak, double min, long warmupSteps, long totalSteps) {
        checkRate("warmupCosine", peak);
        checkRate("warmupCosine", min);
        if (warmupSteps < 0 || totalSteps < warmupSteps) {
            throw new IllegalArgumentException("warmupCosine: need 0 <= warm-up steps (" + warmupSteps
                    + ") <= total steps (" + totalSteps + ")");
        }
        return step -> {
            checkStep(step);
            if (step < warmupSteps) {
                return peak * step / warmupSteps;
            }
            if (step >= totalSteps) {
                return min;
            }
            double progress = (double) (step - warmupSteps) / (totalSteps - warmupSteps);
            return min + (peak - min) * 0.5 * (1.0 + Math.cos(Math.PI * progress));
        };
    }

    /** {@code base * gamma^(step / stepSize)} with integer division, as torch's StepLR. */
    static LrSchedule stepDecay(double base, long stepSize, double gamma) {
        checkRate("stepDecay", base);
        if (stepSize < 1 || !(gamma > 0)) {
            throw new IllegalArgumentException("stepDecay: step size " + stepSize + " must be >= 1 and gamma "
                    + gamma + " positive");
        }
        return step -> {
            checkStep(step);
            return base * Math.pow(gamma, step / stepSize);
        };
    }

    private static void checkRate(String op, double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException(op + ": learning rate must be finite and non-negative, got " + lr);
        }
    }

    private static void checkStep(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("learning-rate schedule: negative step " + step);
        }
    }
}
