#!/usr/bin/env bash
# GEMM at 1 and 2 threads, cardiograd and numpy/OpenBLAS, in one run:
#
#   bench/run-gemm-scaling.sh [threads=1,2]       JAVA_HOME selects the JDK (default: java on PATH)
#
# Per shape: one JVM (GemmScaling) times every thread count with its rounds interleaved, then one Python
# process does the same for numpy; the pair is repeated GEMM_REPEAT times (default 3), so a burst of load on a
# shared machine hits both sides. Each side keeps its best round per shape and thread count; the 1-minute load
# average is printed with every pair. Env: GEMM_SHAPES, GEMM_REPEAT, GEMM_ROUNDS (default 5), GEMM_REBUILD=1.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
threads="${1:-1,2}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
jar="$here/target/benchmarks.jar"
shapes="${GEMM_SHAPES:-512,1024,2048,mlp-fwd,mlp-dX,mlp-dW}"
rounds="${GEMM_ROUNDS:-5}"

if [[ ! -f "$jar" || "${GEMM_REBUILD:-0}" == 1 ]]; then
  (cd "$root" && mvn -B -q package -pl bench -am -DskipTests)
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "== $("$java" -version 2>&1 | head -1); threads $threads; $(nproc) CPUs"
for repeat in $(seq "${GEMM_REPEAT:-3}"); do
  for shape in ${shapes//,/ }; do
    load="$(cut -d' ' -f1 /proc/loadavg)"
    "$java" --add-modules jdk.incubator.vector -XX:+UseParallelGC -cp "$jar" org.cardiograd.bench.GemmScaling \
      --threads "$threads" --shapes "$shape" --rounds "$rounds" --out "$work/cardiograd.tsv" 2>/dev/null \
      | grep -v '^#' | sed "s/^/run $repeat load $load cardiograd /"
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 "$here/gemm_numpy.py" --threads "$threads" \
      --rounds "$rounds" --warmup 2 --shapes "$shape" --out "$work/openblas.tsv" 2>/dev/null \
      | sed "s/^/run $repeat load $load OpenBLAS   /"
  done
done
echo "== best round over the runs, GFLOP/s; ratio = cardiograd / OpenBLAS at the same thread count"
python3 - "$work/cardiograd.tsv" "$work/openblas.tsv" <<'PY'
import sys
def best(path):
    b = {}
    for line in open(path):
        shape, t, top, _ = line.split("\t")
        b[(shape, int(t))] = max(b.get((shape, int(t)), 0.0), float(top))
    return b
ours, blas = best(sys.argv[1]), best(sys.argv[2])
counts = sorted({t for _, t in ours})
print("| shape | " + " | ".join(f"cardiograd {t}T | OpenBLAS {t}T | ratio {t}T" for t in counts) + " |")
print("|---|" + "---:|" * (3 * len(counts)))
for shape in dict.fromkeys(s for s, _ in ours):
    cells = []
    for t in counts:
        o, b = ours.get((shape, t)), blas.get((shape, t))
        cells += [f"{o:.1f}", f"{b:.1f}", f"{o / b:.2f}"] if o and b else ["", "", ""]
    print(f"| {shape} | " + " | ".join(cells) + " |")
PY
