package org.cardiograd.tensor;

/**
 * A seeded, splittable source of random-number keys. Each draw of a random tensor consumes one key; the
 * tensor's elements are then a pure function of (key, element index) (see {@link #bits}), so the same seed
 * gives the same numbers on every backend and at every thread count.
 */
public final class Rng {
    private long state;

    public Rng(long seed) {
        this.state = seed;
    }

    /** The next key; advances the generator. */
    public long nextKey() {
        state += 0x9E3779B97F4A7C15L;
        return mix(state);
    }

    /** An independent generator derived from this one (advances this one by one key). */
    public Rng split() {
        return new Rng(nextKey());
    }

    /** A uniform double in [0, 1), drawn on the host (for shuffles, masks decided on the host, and such). */
    public double nextDouble() {
        return (nextKey() >>> 11) * 0x1.0p-53;
    }

    /** A uniform int in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("Rng.nextInt: bound must be positive, got " + bound);
        }
        return (int) ((nextKey() >>> 33) % bound);
    }

    /** The state, to store in a checkpoint; {@link #restore} continues exactly from it. */
    public long state() {
        return state;
    }

    public static Rng restore(long state) {
        return new Rng(state);
    }

    /** Continues from a state taken with {@link #state()} (resuming a checkpoint in place). */
    public void setState(long newState) {
        this.state = newState;
    }

    /** 64 random bits for element {@code index} of the tensor drawn with {@code key}. */
    public static long bits(long key, long index) {
        return mix(key ^ mix(index + 0x632BE59BD9B4E019L));
    }

    /** A uniform float in [0, 1) with 24 random bits: exactly representable, identical on every device. */
    public static float uniform(long key, long index) {
        return (bits(key, index) >>> 40) * 0x1.0p-24f;
    }

    /** A standard normal sample by Box-Muller from two 24-bit uniforms of the same 64 bits. */
    public static float normal(long key, long index) {
        long b = bits(key, index);
        double u1 = ((b >>> 40) + 1) * 0x1.0p-24; // (0, 1]: log is finite
        double u2 = ((b >>> 16) & 0xFFFFFF) * 0x1.0p-24;
        return (float) (Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2));
    }

    /** SplitMix64's finalizer: a bijective 64-bit mix. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
