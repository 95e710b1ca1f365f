#!/usr/bin/env bash
# Times one full CREMA training step (forward, backward, AdamW; batch 32, 10 s x 500 Hz) and encoder-only
# inference (batch 64) in cardiograd and in the PyTorch reference (bench/crema_reference.py), in the same run,
# and prints the ratio against PyTorch's better thread setting. Peak RSS comes from /usr/bin/time.
#   bench/run-crema-step.sh [crema-s|paper] [steps]
# JVM flags: ParallelGC (see docs/architecture.md) and a heap cap per config, chosen so that peak RSS stays near
# the memory target (1.5x PyTorch's): ParallelGC otherwise grows the heap to a quarter of RAM, because a step
# allocates far more than it keeps. Override with CARDIOGRAD_JAVA_OPTS="...".
# Needs: JDK 17+, Maven, Debian's python3-torch and libopenblas0 (apt-get install -y python3-torch libopenblas0).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CONFIG="${1:-crema-s}"
STEPS="${2:-10}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAR="$ROOT/bench/target/benchmarks.jar"
if [[ ! -f "$JAR" || -n "$(find "$ROOT" -path "$ROOT/*/target" -prune -o -name '*.java' -newer "$JAR" -print -quit)" ]]; then
  (cd "$ROOT" && mvn -q -B -o -DskipTests -pl bench -am package)
fi
rss() { grep "Maximum resident" "$1" | awk '{printf "%.0f", $6/1024}'; }
run() { # label, command...
  local label=$1; shift
  /usr/bin/time -v -o "/tmp/crema-step-$label.time" "$@" 2>/dev/null | tail -1 > "/tmp/crema-step-$label.json"
  echo "$(cat "/tmp/crema-step-$label.json") peak_rss_mb=$(rss "/tmp/crema-step-$label.time")"
}
case "$CONFIG" in
  crema-s) HEAP="-Xmx768m" ;;
  paper) HEAP="-Xmx1536m" ;;
  *) HEAP="" ;;
esac
JAVA_OPTS="${CARDIOGRAD_JAVA_OPTS:--XX:+UseParallelGC $HEAP}"
echo "config $CONFIG, $STEPS timed steps after warm-up, $(nproc) cores, $("$JAVA" -version 2>&1 | head -1)," \
  "JVM flags: $JAVA_OPTS, load average $(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
run cardiograd "$JAVA" --add-modules jdk.incubator.vector $JAVA_OPTS -cp "$JAR" \
  org.cardiograd.bench.CremaStepBench "$CONFIG" "$STEPS" 3
for t in 1 2; do
  run "torch-$t" /usr/bin/python3 "$ROOT/bench/crema_reference.py" time --config "$CONFIG" --threads "$t" --steps "$STEPS"
done
echo "load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 - "$CONFIG" <<'PY'
import json, sys
ours = json.load(open("/tmp/crema-step-cardiograd.json"))
torch = [json.load(open(f"/tmp/crema-step-torch-{t}.json")) for t in (1, 2)]
best = min(torch, key=lambda r: r["step_ms_median"])
best_inf = max(torch, key=lambda r: r["infer_ecg_per_s"])
print(f"training step: cardiograd {ours['step_ms_median']:.1f} ms, PyTorch best {best['step_ms_median']:.1f} ms "
      f"({best['threads']} thread(s)) -> time ratio {ours['step_ms_median'] / best['step_ms_median']:.2f}x")
print(f"CPU time per step (all threads): cardiograd {ours['step_cpu_ms_median']:.1f} ms, PyTorch "
      + ", ".join(f"{r['threads']} thread(s) {r['step_cpu_ms_median']:.1f} ms" for r in torch))
print(f"inference: cardiograd {ours['infer_ecg_per_s']:.1f} ECG/s, PyTorch best {best_inf['infer_ecg_per_s']:.1f} "
      f"-> throughput ratio {ours['infer_ecg_per_s'] / best_inf['infer_ecg_per_s']:.2f}x")
def rss_mb(label):
    for line in open(f"/tmp/crema-step-{label}.time"):
        if "Maximum resident" in line:
            return int(line.split()[-1]) / 1024
ours_rss, torch_rss = rss_mb("cardiograd"), max(rss_mb(f"torch-{t}") for t in (1, 2))
print(f"peak RSS: cardiograd {ours_rss:.0f} MB, PyTorch {torch_rss:.0f} MB (larger of its two runs) "
      f"-> ratio {ours_rss / torch_rss:.2f}x")
PY
