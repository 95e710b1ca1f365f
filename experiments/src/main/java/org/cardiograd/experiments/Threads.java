package org.cardiograd.experiments;

import org.cardiograd.tensor.Backends;

/** The --threads option: new tensors go to a CPU backend with that many threads. */
final class Threads {
    private Threads() {}

    static void declare(Options o) {
        o.value("--threads", "N", Integer.toString(Runtime.getRuntime().availableProcessors()),
                "compute threads (same seed and threads give the same numbers)");
    }

    static void use(int threads) {
        Backends.setCurrent(Backends.byName("cpu:" + threads));
    }
}
