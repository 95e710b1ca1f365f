#!/usr/bin/env bash
# GEMM: cardiograd (JMH) against numpy/OpenBLAS, same shapes, same thread count.
#
#   bench/run-gemm.sh [threads]          default 2 threads; JAVA_HOME selects the JDK (default: java on PATH)
#
# For every shape the two run back to back (JMH fork, then numpy), and the whole sweep is repeated
# GEMM_REPEAT times; each side keeps its best measurement round per shape. On a machine shared with other jobs
# a burst of load then hits both sides of a comparison, not one side of every shape.
# Env: GEMM_SHAPES=512,1024 (a subset), GEMM_REPEAT=2, GEMM_ITERATIONS=5, GEMM_WARMUP=5, GEMM_ROUNDS=5 (numpy),
#      GEMM_REBUILD=1 to rebuild bench/target/benchmarks.jar even if it exists.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
threads="${1:-2}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
jar="$here/target/benchmarks.jar"
shapes="${GEMM_SHAPES:-256,512,1024,2048,mlp-fwd,mlp-dX,mlp-dW}"

if [[ ! -f "$jar" || "${GEMM_REBUILD:-0}" == 1 ]]; then
  (cd "$root" && mvn -B -q package -pl bench -am -DskipTests)
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "== $("$java" -version 2>&1 | head -1), $threads threads; numpy with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset"
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 "$here/gemm_numpy.py" --threads "$threads" --shapes 256 \
  --rounds 1 --warmup 0 2>&1 >/dev/null | grep "^# numpy" || true
for repeat in $(seq "${GEMM_REPEAT:-2}"); do
  for shape in ${shapes//,/ }; do
    "$java" --add-modules jdk.incubator.vector -XX:+UseParallelGC -cp "$jar" org.cardiograd.bench.GemmReport run \
      --threads "$threads" --warmup "${GEMM_WARMUP:-5}" --iterations "${GEMM_ITERATIONS:-5}" --shapes "$shape" \
      --out "$work/cardiograd.tsv" > "$work/jmh.log" 2>&1 || { cat "$work/jmh.log"; exit 1; }
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 "$here/gemm_numpy.py" --threads "$threads" \
      --rounds "${GEMM_ROUNDS:-5}" --shapes "$shape" --out "$work/openblas.tsv" > /dev/null 2>&1
    printf "run %s %-8s cardiograd %6s  OpenBLAS %6s GFLOP/s\n" "$repeat" "$shape" \
      "$(tail -1 "$work/cardiograd.tsv" | cut -f2)" "$(tail -1 "$work/openblas.tsv" | cut -f2)"
  done
done

echo "== GFLOP/s (best measurement round of each side over the runs; ratio = cardiograd / OpenBLAS)"
"$java" -cp "$jar" org.cardiograd.bench.GemmReport table "$work/cardiograd.tsv" "$work/openblas.tsv"
