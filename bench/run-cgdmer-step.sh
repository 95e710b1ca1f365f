#!/usr/bin/env bash
# Times one full CG-DMER training step (bench preset: 12 leads x 33 patches of 75 samples, encoder 256 x 6,
# decoder 128 x 2, 4-layer width-256 BERT on 64-token reports with MLM, orthogonality, InfoNCE and SigLIP;
# forward, backward, AdamW; batch 32) in cardiograd and in the PyTorch reference (bench/cgdmer_reference.py)
# with 1 and 2 intra-op threads, in the same run, and prints the ratio against PyTorch's better setting.
#   bench/run-cgdmer-step.sh [steps]
# Needs: JDK 17+, Maven, Debian's python3-torch and libopenblas0.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STEPS="${1:-10}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAR="$ROOT/bench/target/benchmarks.jar"
if [[ ! -f "$JAR" || -n "$(find "$ROOT" -path "$ROOT/*/target" -prune -o -name '*.java' -newer "$JAR" -print -quit)" ]]; then
  (cd "$ROOT" && mvn -q -B -DskipTests -pl bench -am package)
fi
OUT="$(mktemp -d)"
rss() { grep "Maximum resident" "$1" | awk '{printf "%.0f", $6/1024}'; }
run() { # label, command...
  local label=$1; shift
  /usr/bin/time -v -o "$OUT/$label.time" "$@" 2>/dev/null | tail -1 > "$OUT/$label.json"
  echo "$(cat "$OUT/$label.json") peak_rss_mb=$(rss "$OUT/$label.time")"
}
echo "CG-DMER bench preset, $STEPS timed steps after warm-up, $(nproc) cores, $("$JAVA" -version 2>&1 | head -1)"
# A deliberate heap cap, as for CREMA: a step allocates far more than it keeps, and ParallelGC would otherwise
# grow the heap to a quarter of RAM (6.3 GB RSS uncapped, 2.2 GB with 2g at the same step time).
run cardiograd "$JAVA" --add-modules jdk.incubator.vector -XX:+UseParallelGC -Xmx2g -cp "$JAR" \
  org.cardiograd.bench.CgDmerStepBench bench "$STEPS" 3
for t in 1 2; do
  run "torch-$t" /usr/bin/python3 "$ROOT/bench/cgdmer_reference.py" time --threads "$t" --steps "$STEPS"
done
/usr/bin/python3 - "$OUT" <<'PY'
import json, sys
d = sys.argv[1]
ours = json.load(open(f"{d}/cardiograd.json"))
torch = [json.load(open(f"{d}/torch-{t}.json")) for t in (1, 2)]
best = min(torch, key=lambda r: r["step_ms_median"])
print(f"training step: cardiograd {ours['step_ms_median']:.1f} ms, PyTorch 1 thread {torch[0]['step_ms_median']:.1f} ms,"
      f" 2 threads {torch[1]['step_ms_median']:.1f} ms -> time ratio vs best "
      f"{ours['step_ms_median'] / best['step_ms_median']:.2f}x")
PY
