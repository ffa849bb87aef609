#!/usr/bin/env bash
# Runs fuzz targets one after another, each for SECONDS (default 600), and
# prints one line per target: executions and coverage (edges, features).
#   fuzz/run.sh [SECONDS] [TARGET...]      (default: every target)
# Each target starts from its committed seeds (fuzz/seeds/TARGET) plus a
# corpus in $GG_FUZZ_WORK (default: a temporary directory, deleted at the
# end); crashes land in fuzz/artifacts/TARGET. Needs the nightly toolchain
# and cargo-fuzz (`cargo install cargo-fuzz --locked`). One core per run.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo +nightly fuzz list)
work=${GG_FUZZ_WORK:-}
if [ -z "$work" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
cargo +nightly fuzz build -O
bin="target/x86_64-unknown-linux-gnu/release"
status=0
for target in "${targets[@]}"; do
  mkdir -p "$work/$target" "seeds/$target"
  log="$work/$target.log"
  mkdir -p "artifacts/$target"
  if "$bin/$target" "$work/$target" "seeds/$target" -artifact_prefix="artifacts/$target/" \
    -max_total_time="$seconds" -print_final_stats=1 >"$log" 2>&1; then
    verdict=ok
  else
    verdict="FAILED (see fuzz/artifacts/$target, log: $log)"
    status=1
    trap - EXIT
  fi
  runs=$(grep -o '^stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
  last=$(grep -E '^#[0-9]+[[:space:]].*cov: ' "$log" | tail -1 || true)
  cov=$(sed -nE 's/.* cov: ([0-9]+) ft: ([0-9]+).*/edges \1, features \2/p' <<<"$last")
  printf '%-14s %ss  executions %s  %s  %s\n' "$target" "$seconds" "${runs:-?}" "${cov:-?}" "$verdict"
done
exit "$status"
