#!/usr/bin/env bash
# Load test of `gitops-guard serve` against its ceiling (a minimal hyper +
# rustls server answering a constant review), pinned to different cores.
#
#   scripts/webhook-bench.sh [SECONDS] [CONNECTIONS]
#
# Needs wrk (apt-get install -y wrk) or oha (cargo install oha --locked),
# openssl and taskset. Prints requests/s, p50/p99, peak RSS and time to ready.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-30}
connections=${2:-8}
server_cpu=${SERVER_CPU:-0}
load_cpu=${LOAD_CPU:-1}
target=${CARGO_TARGET_DIR:-target}
fixture=${REVIEW:-fixtures/admission/allowed-deployment.json}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
# shellcheck source=scripts/lib/webhook.sh
source scripts/lib/webhook.sh
review=$work/review.json
compact_review "$fixture" "$review"

cargo build --release -p gitops-guard >&2
cargo build --release -p gg-webhook --example ceiling >&2
bin=$target/release/gitops-guard
ceiling=$target/release/examples/ceiling

issue_cert "$work/tls.crt" "$work/tls.key"

# gitops-guard serve
start=$(date +%s%N)
taskset -c "$server_cpu" "$bin" serve --platform fixtures/example/gitops-config \
  --tls-cert "$work/tls.crt" --tls-key "$work/tls.key" --listen 127.0.0.1:18443 \
  --health-listen 127.0.0.1:18080 --workers 1 --log-level warn 2> "$work/serve.log" &
serve_pid=$!
wait_ready http://127.0.0.1:18080/readyz
ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
curl -sk -H 'Content-Type: application/json' --data-binary @"$review" https://127.0.0.1:18443/validate | grep -q '"allowed":true'
read -r rps p50 p99 errors <<< "$(load https://127.0.0.1:18443/validate "$duration" "$connections" "$review")"
serve_rss=$(peak_rss $serve_pid)
kill -TERM $serve_pid; wait $serve_pid || true

# ceiling
taskset -c "$server_cpu" "$ceiling" 127.0.0.1:18444 "$work/tls.crt" "$work/tls.key" &
ceiling_pid=$!
wait_ready https://127.0.0.1:18444/validate -X POST
read -r c_rps c_p50 c_p99 c_errors <<< "$(load https://127.0.0.1:18444/validate "$duration" "$connections" "$review")"
ceiling_rss=$(peak_rss $ceiling_pid)
kill $ceiling_pid; wait $ceiling_pid 2>/dev/null || true

share=$(awk -v a="$rps" -v b="$c_rps" 'BEGIN {printf "%.0f", 100*a/b}')
cat <<REPORT
review: $fixture, compacted ($(wc -c < "$review") bytes), ${duration}s, $connections connections, server on CPU $server_cpu (1 worker), load on CPU $load_cpu
                 req/s      p50        p99        peak RSS    non-2xx
gitops-guard     $rps  $p50  $p99  $serve_rss  $errors
ceiling          $c_rps  $c_p50  $c_p99  $ceiling_rss  $c_errors
throughput: ${share}% of the ceiling; ready ${ready_ms} ms after start (log: $(grep -o '"ready_after_ms":[0-9.]*' "$work/serve.log" || echo n/a))
REPORT
