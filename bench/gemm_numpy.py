#!/usr/bin/env python3
"""numpy float32 matmul (OpenBLAS) on the GEMM shapes of GemmShapes.java, in GFLOP/s.

Timing matches GemmReport: several measurement rounds of about a second each, every round averaging many calls;
the best round and the mean over rounds are printed as tab-separated lines: shape, best GFLOP/s, mean GFLOP/s.
Transposed operands are transposed views, which numpy hands to sgemm as a transpose flag (no copy).

Usage: python3 gemm_numpy.py [--threads 2] [--rounds 5] [--shapes 512,1024] [--out file.tsv (appended)]
       python3 gemm_numpy.py --threads 1,2 ...   several thread counts in one process, rounds interleaved
                                                 (1, 2, 1, 2, ...); lines are then: shape, threads, best, median
                                                 GFLOP/s, the format of GemmScaling.java
       python3 gemm_numpy.py --serve --threads 2   one round per request, for GemmPaired.java: reads lines
                                                 "shape seconds" on stdin, answers each with the GFLOP/s
                                                 of about that many seconds of calls and of the fastest call
       python3 gemm_numpy.py --table cardiograd.tsv openblas.tsv
                                                 markdown table of two files in that format (best line per shape
                                                 and thread count), with the ratio per thread count
Run it with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset: they can force a slower kernel.
"""
import argparse
import ctypes
import glob
import os
import sys
import time

SHAPES = [  # name, M, N, K, transA, transB  (same as GemmShapes.java)
    ("256", 256, 256, 256, False, False),
    ("512", 512, 512, 512, False, False),
    ("1024", 1024, 1024, 1024, False, False),
    ("2048", 2048, 2048, 2048, False, False),
    ("mlp-fwd", 1280, 4096, 1024, False, False),
    ("mlp-dX", 1280, 1024, 4096, False, True),
    ("mlp-dW", 1024, 4096, 1280, True, False),
]


def parse():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", default="2", help="a count, or a comma list to interleave")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--warmup", type=int, default=3, help="warm-up rounds")
    p.add_argument("--seconds", type=float, default=1.0, help="length of one round")
    p.add_argument("--shapes", default=None)
    p.add_argument("--out", default=None)
    p.add_argument("--thread-column", action="store_true",
                   help="write shape, threads, best, median (as with several counts) also for one thread count")
    p.add_argument("--serve", action="store_true", help="answer round requests on stdin (GemmPaired.java)")
    p.add_argument("--table", nargs=2, metavar=("CARDIOGRAD_TSV", "OPENBLAS_TSV"))
    return p.parse_args()


def table(ours_path, blas_path):
    """Best GFLOP/s per (shape, threads) of each side and their ratio, as a markdown table."""
    def best(path):
        b = {}
        for line in open(path):
            shape, t, top, _ = line.rstrip("\n").split("\t")
            b[(shape, int(t))] = max(b.get((shape, int(t)), 0.0), float(top))
        return b
    ours, blas = best(ours_path), best(blas_path)
    counts = sorted({t for _, t in ours})
    print("| shape | " + " | ".join(f"cardiograd {t}T | OpenBLAS {t}T | ratio {t}T" for t in counts) + " |")
    print("|---|" + "---:|" * (3 * len(counts)))
    for shape in dict.fromkeys(s for s, _ in ours):
        cells = []
        for t in counts:
            o, b = ours.get((shape, t)), blas.get((shape, t))
            cells += [f"{o:.1f}", f"{b:.1f}", f"{o / b:.2f}"] if o and b else ["", "", ""]
        print(f"| {shape} | " + " | ".join(cells) + " |")


def set_threads_fn(np):
    """OpenBLAS's own openblas_set_num_threads from numpy's bundled library (threadpoolctl is not installed)."""
    for path in glob.glob(os.path.join(os.path.dirname(np.__file__), "..", "numpy.libs", "*openblas*.so*")):
        lib = ctypes.CDLL(path)
        for name in ("scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads"):
            fn = getattr(lib, name, None)
            if fn is not None:
                fn.argtypes = [ctypes.c_int]
                return fn
    raise SystemExit("cannot find openblas_set_num_threads in numpy's OpenBLAS; run one thread count per process")


def blas_info(np):
    """Which OpenBLAS kernel runs: threadpoolctl if installed, else ask numpy's bundled OpenBLAS directly."""
    try:
        import threadpoolctl
        infos = [i for i in threadpoolctl.threadpool_info() if i.get("internal_api") == "openblas"]
        return "; ".join(f"{i.get('version')} {i.get('architecture')} threads={i.get('num_threads')}" for i in infos)
    except ImportError:
        pass
    libs = glob.glob(os.path.join(os.path.dirname(np.__file__), "..", "numpy.libs", "*openblas*.so*"))
    for path in libs:
        lib = ctypes.CDLL(path)
        for suffix in ("64_", ""):
            core = getattr(lib, "scipy_openblas_get_corename" + suffix, None)
            config = getattr(lib, "scipy_openblas_get_config" + suffix, None)
            threads = getattr(lib, "scipy_openblas_get_num_threads" + suffix, None)
            if core is not None:
                core.restype = ctypes.c_char_p
                config.restype = ctypes.c_char_p
                return (f"threadpoolctl not installed; {config().decode()} core={core().decode()} "
                        f"threads={threads()}")
    return "threadpoolctl not installed and OpenBLAS not found; kernel unknown"


def operands(np, rng, m, n, k, ta, tb):
    """a, b (transposed views where the shape says so) and the output."""
    a = rng.uniform(-1, 1, (k, m) if ta else (m, k)).astype(np.float32)
    b = rng.uniform(-1, 1, (n, k) if tb else (k, n)).astype(np.float32)
    return (a.T if ta else a), (b.T if tb else b), np.empty((m, n), dtype=np.float32)


def serve(np):
    """One round per request line "shape seconds": answers the round's GFLOP/s and its fastest call's."""
    rng = np.random.default_rng(42)
    cache = {}
    for line in sys.stdin:
        name, seconds = line.split()
        if name not in cache:
            spec = next((s for s in SHAPES if s[0] == name), None)
            if spec is None:
                print(f"error: unknown shape {name}", flush=True)
                continue
            cache[name] = (spec, operands(np, rng, *spec[1:]))
        (_, m, n, k, _, _), (a, b, out) = cache[name]
        calls = 0
        fastest = float("inf")
        t0 = time.perf_counter()
        deadline = t0 + float(seconds)
        now = t0
        while True:
            start = now
            np.matmul(a, b, out=out)
            calls += 1
            now = time.perf_counter()
            fastest = min(fastest, now - start)
            if now >= deadline:
                break
        flops = 2.0 * m * n * k
        print(f"{flops * calls / (now - t0) / 1e9:.2f} {flops / fastest / 1e9:.2f}", flush=True)


def main():
    args = parse()
    if args.table:
        table(*args.table)
        return
    counts = [int(t) for t in args.threads.split(",")]
    # Must be set before numpy loads OpenBLAS: the largest count, lowered per round when interleaving.
    os.environ["OPENBLAS_NUM_THREADS"] = str(max(counts))
    os.environ["OMP_NUM_THREADS"] = str(max(counts))
    import numpy as np

    if args.serve:
        if len(counts) > 1:
            raise SystemExit("--serve takes one thread count")
        serve(np)
        return
    set_threads = set_threads_fn(np) if len(counts) > 1 else None
    wanted = set(args.shapes.split(",")) if args.shapes else None
    rng = np.random.default_rng(42)
    print(f"# numpy {np.__version__}, {blas_info(np)}", file=sys.stderr)
    for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        if k in os.environ:
            print(f"# warning: {k}={os.environ[k]} is set and may slow OpenBLAS down", file=sys.stderr)
    lines = []
    for name, m, n, k, ta, tb in SHAPES:
        if wanted and name not in wanted:
            continue
        opa, opb, out = operands(np, rng, m, n, k, ta, tb)
        np.matmul(opa, opb, out=out)
        once = time.perf_counter()
        np.matmul(opa, opb, out=out)
        once = time.perf_counter() - once
        calls = max(1, int(args.seconds / max(once, 1e-6)))
        rates = {t: [] for t in counts}
        for r in range(args.warmup + args.rounds):
            for t in counts:
                if set_threads:
                    set_threads(t)
                t0 = time.perf_counter()
                for _ in range(calls):
                    np.matmul(opa, opb, out=out)
                dt = (time.perf_counter() - t0) / calls
                if r >= args.warmup:
                    rates[t].append(2.0 * m * n * k / dt / 1e9)
        for t in counts:
            x = sorted(rates[t])
            if set_threads or args.thread_column:
                lines.append(f"{name}\t{t}\t{x[-1]:.1f}\t{x[len(x) // 2]:.1f}")
            else:
                lines.append(f"{name}\t{x[-1]:.1f}\t{sum(x) / len(x):.1f}")
            print(lines[-1], flush=True)
    if args.out:
        with open(args.out, "a") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
