#!/usr/bin/env bash
# GEMM: cardiograd against numpy/OpenBLAS, same shapes, same thread count, same run.
#
#   bench/run-gemm.sh [threads]                  JMH (GemmReport), default 2 threads
#   bench/run-gemm.sh --interleave [1,2]         several thread counts, each side in one process with its
#                                                rounds interleaved (GemmScaling, gemm_numpy.py --threads 1,2)
#   bench/run-gemm.sh --paired [2]               both sides alive at once, rounds alternating between them
#                                                (GemmPaired); reports the median ratio of adjacent rounds,
#                                                the steadiest figure on a VM whose speed drifts within seconds
#   JAVA_HOME selects the JDK (default: java on PATH).
#
# For every shape the two sides run back to back (cardiograd, then numpy), and the whole sweep is repeated
# GEMM_REPEAT times; each side keeps its best measurement round per shape (and thread count). On a machine
# shared with other jobs a burst of load then hits both sides of a comparison, not one side of every shape.
# The 1-minute load average is printed with every pair.
# Env: GEMM_SHAPES=512,1024 (a subset), GEMM_REPEAT (2; 3 interleaved), GEMM_ITERATIONS=5, GEMM_WARMUP=5 (JMH),
#      GEMM_ROUNDS=5 (numpy and interleaved; 12 pairs when paired), GEMM_SECONDS=0.5 (length of an interleaved
#      or paired round, both sides),
#      GEMM_REBUILD=1 to rebuild bench/target/benchmarks.jar.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
mode=jmh
if [[ "${1:-}" == --interleave || "${1:-}" == --paired ]]; then
  mode="${1#--}"
  shift
fi
threads="${1:-$([[ $mode == interleave ]] && echo 1,2 || echo 2)}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
jar="$here/target/benchmarks.jar"
rounds="${GEMM_ROUNDS:-5}"
seconds="${GEMM_SECONDS:-0.5}"

if [[ ! -f "$jar" || "${GEMM_REBUILD:-0}" == 1 ]]; then
  (cd "$root" && mvn -B -q package -pl bench -am -DskipTests)
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "== $("$java" -version 2>&1 | head -1), threads $threads, $(nproc) CPUs; numpy with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset"
numpy() {
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 "$here/gemm_numpy.py" "$@"
}
numpy --threads "${threads##*,}" --shapes 256 --rounds 1 --warmup 0 2>&1 >/dev/null | grep "^# numpy" || true
jvm=("$java" --add-modules jdk.incubator.vector -XX:+UseParallelGC -cp "$jar")

if [[ $mode == jmh ]]; then
  shapes="${GEMM_SHAPES:-256,512,1024,2048,mlp-fwd,mlp-dX,mlp-dW}"
  for repeat in $(seq "${GEMM_REPEAT:-2}"); do
    for shape in ${shapes//,/ }; do
      load="$(cut -d' ' -f1 /proc/loadavg)"
      "${jvm[@]}" org.cardiograd.bench.GemmReport run --threads "$threads" --warmup "${GEMM_WARMUP:-5}" \
        --iterations "${GEMM_ITERATIONS:-5}" --shapes "$shape" --out "$work/cardiograd.tsv" > "$work/jmh.log" 2>&1 \
        || { cat "$work/jmh.log"; exit 1; }
      numpy --threads "$threads" --rounds "$rounds" --shapes "$shape" --out "$work/openblas.tsv" > /dev/null 2>&1
      printf "run %s load %s %-8s cardiograd %6s  OpenBLAS %6s GFLOP/s\n" "$repeat" "$load" "$shape" \
        "$(tail -1 "$work/cardiograd.tsv" | cut -f2)" "$(tail -1 "$work/openblas.tsv" | cut -f2)"
    done
  done
  echo "== GFLOP/s (best measurement round of each side over the runs; ratio = cardiograd / OpenBLAS)"
  "$java" -cp "$jar" org.cardiograd.bench.GemmReport table "$work/cardiograd.tsv" "$work/openblas.tsv"
  exit 0
fi

shapes="${GEMM_SHAPES:-512,1024,2048,mlp-fwd,mlp-dX,mlp-dW}"
if [[ $mode == paired ]]; then
  echo "== paired rounds: ${GEMM_ROUNDS:-12} pairs of ${seconds} s per shape; ratio = cardiograd / OpenBLAS per pair"
  "${jvm[@]}" org.cardiograd.bench.GemmPaired --python python3 --script "$here/gemm_numpy.py" --threads "$threads" \
    --shapes "$shapes" --rounds "${GEMM_ROUNDS:-12}" --seconds "$seconds" 2>&1 | grep -v '^WARNING: Using incubator'
  exit 0
fi
for repeat in $(seq "${GEMM_REPEAT:-3}"); do
  for shape in ${shapes//,/ }; do
    load="$(cut -d' ' -f1 /proc/loadavg)"
    "${jvm[@]}" org.cardiograd.bench.GemmScaling --threads "$threads" --shapes "$shape" --rounds "$rounds" \
      --seconds "$seconds" --out "$work/cardiograd.tsv" 2>/dev/null | grep -v '^#' \
      | sed "s/^/run $repeat load $load cardiograd /"
    numpy --threads "$threads" --thread-column --rounds "$rounds" --warmup 2 --seconds "$seconds" --shapes "$shape" \
      --out "$work/openblas.tsv" 2>/dev/null | sed "s/^/run $repeat load $load OpenBLAS   /"
  done
done
echo "== GFLOP/s, best round over the runs; ratio = cardiograd / OpenBLAS at the same thread count"
python3 "$here/gemm_numpy.py" --table "$work/cardiograd.tsv" "$work/openblas.tsv"
