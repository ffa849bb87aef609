#!/usr/bin/env bash
# Lint throughput and cold start of gitops-guard on synthetic platforms.
# Every figure is printed with the command that reproduces it; read them as
# ratios against the baselines measured alongside (see crates/bench/README.md).
#
#   scripts/bench.sh                      # 1,000 services, 5 runs, 100 cold starts
#   SERVICES=200 RUNS=3 COLD_RUNS=30 scripts/bench.sh
#   NO_BUILD=1 scripts/bench.sh           # use the release binaries already built
set -euo pipefail
cd "$(dirname "$0")/.."

SERVICES=${SERVICES:-1000}
RUNS=${RUNS:-5}
COLD_RUNS=${COLD_RUNS:-100}
TARGET=${CARGO_TARGET_DIR:-target}

if [ "${NO_BUILD:-0}" != 1 ]; then
  echo "\$ cargo build --release -p gitops-guard -p gg-bench"
  cargo build --release -p gitops-guard -p gg-bench
fi
GG="$TARGET/release/gitops-guard"
BENCH="$TARGET/release/gg-bench"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
BIG="$WORK/platform-$SERVICES"
ONE="$WORK/platform-1"

show() {
  echo
  echo "\$ $*"
  "$@"
}

# median_ms RUNS CMD...: median wall time of CMD (stdout discarded), in ms.
median_ms() {
  local runs=$1
  shift
  if command -v hyperfine > /dev/null; then
    local json="$WORK/hyperfine.json"
    hyperfine --shell=none --warmup 2 --runs "$runs" --export-json "$json" "$*" > /dev/null
    jq -r '.results[0].median * 1000 | . * 100 | round / 100' "$json"
  else
    local times=() start end
    "$@" > /dev/null 2>&1 || true
    for _ in $(seq "$runs"); do
      start=$(date +%s%N)
      "$@" > /dev/null 2>&1 || true
      end=$(date +%s%N)
      times+=($(((end - start) / 1000)))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{ t[NR] = $1 } END { printf "%.2f\n", t[int(NR / 2) + 1] / 1000 }'
  fi
}

ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'
}

echo
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
if command -v hyperfine > /dev/null; then
  echo "timer: hyperfine (median)"
else
  echo "timer: date +%s%N loop (median); install hyperfine for better numbers"
fi

show "$BENCH" generate --services "$SERVICES" --out "$BIG"
show "$BENCH" generate --services 1 --out "$ONE"
show "$BENCH" lint --dir "$BIG" --runs "$RUNS" | tee "$WORK/lint.txt"
in_process=$(tail -n 1 "$WORK/lint.txt" | jq -r '.lint.median_ms')

echo
echo "== CLI end to end, $SERVICES services"
echo "\$ $GG lint $BIG --format json > /dev/null   (median of $RUNS)"
e2e=$(median_ms "$RUNS" "$GG" lint "$BIG" --format json)
echo "CLI lint: $e2e ms; in-process parallel::lint: $in_process ms; ratio CLI/in-process: $(ratio "$e2e" "$in_process")"

echo
echo "== cold start: 1 service (4 files) + platform (3 files)"
echo "\$ $GG --version > /dev/null   (median of $COLD_RUNS, the process-start baseline)"
start_only=$(median_ms "$COLD_RUNS" "$GG" --version)
echo "\$ $GG lint $ONE --format json > /dev/null   (median of $COLD_RUNS)"
cold=$(median_ms "$COLD_RUNS" "$GG" lint "$ONE" --format json)
echo "process start: $start_only ms; cold lint of one service: $cold ms; ratio: $(ratio "$cold" "$start_only")"

echo
jq -cn --argjson services "$SERVICES" --argjson e2e "$e2e" --argjson inproc "$in_process" \
  --argjson start "$start_only" --argjson cold "$cold" \
  '{bench: "cli", services: $services, cli_lint_median_ms: $e2e, in_process_lint_median_ms: $inproc,
    process_start_median_ms: $start, cold_lint_one_service_median_ms: $cold}'
