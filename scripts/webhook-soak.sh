#!/usr/bin/env bash
# Soak test of `gitops-guard serve` (not part of scripts/test.sh): MINUTES at a
# constant RATE of reviews while the TLS certificate is rotated every minute and
# the platform changes every two minutes (a service registered in core.yaml,
# written the way a mounted ConfigMap changes). Server and load generator are
# pinned to different cores, as in scripts/webhook-bench.sh.
#
#   scripts/webhook-soak.sh [MINUTES] [RATE]
#
# The load comes from `gg-bench webhook-load` (crates/bench): every connection
# sends its requests at their due times, and a latency counts from when the
# request was due, so a stall of the server counts for every request it delays
# (no coordinated omission); the run is recorded per second. RATE defaults to
# 70 % of the maximum measured first (20 s flat out, same pinning and
# connections). Before the soak, the same generator loads the bare hyper +
# rustls server of scripts/webhook-bench.sh (`ceiling`) for 60 s at 70 % of its
# own maximum: its p99 is what this machine allows any server, the baseline the
# soak's figures are read against. Needs openssl, curl and taskset. Passes
# when no answer is non-2xx and none failed, p99 < 5 ms, every rotation and
# platform change was applied, and RSS grows less than 5 % from the first minute
# after warm-up to the last (medians of its 5-second samples). It also prints how
# busy the server's core was (its CPU time from /proc, every 5 s): the flat-out
# maximum is reached with every connection's next review waiting, while at a
# constant rate each review also wakes the server, so 70 % of that maximum can
# keep the core busier than 70 % — the headroom the p99 depends on.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-10}
rate=${2:-}
server_cpu=${SERVER_CPU:-0}
load_cpu=${LOAD_CPU:-1}
connections=${CONNECTIONS:-8}
target=${CARGO_TARGET_DIR:-target}
fixture=${REVIEW:-fixtures/admission/allowed-deployment.json}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
# shellcheck source=scripts/lib/webhook.sh
source scripts/lib/webhook.sh

cargo build --release -p gitops-guard >&2
cargo build --release -p gg-bench >&2
cargo build --release -p gg-webhook --example ceiling >&2
bin=$target/release/gitops-guard
review=$work/review.json
compact_review "$fixture" "$review"

# The platform repository, as the mounted ConfigMaps hold it.
platform=$work/platform
for file in platform/base.yaml platform/core.yaml shared/k8app-defaults.yaml; do
  mkdir -p "$(dirname "$platform/$file")"
  cp "fixtures/example/gitops-config/$file" "$platform/$file"
done
issue_cert "$work/tls.crt" "$work/tls.key"

load() { # OUT URL ARGS…: the generator from the load CPU; the report on stderr, JSON into OUT
  local out=$1 url=$2
  shift 2
  taskset -c "$load_cpu" "$target/release/gg-bench" webhook-load --url "$url" --body "$review" \
    --connections "$connections" --json "$out" "$@" >&2
}
json_field() { # FILE PATH…: one number of a run's JSON
  python3 -c 'import json, sys
v = json.load(open(sys.argv[1]))
for k in sys.argv[2:]: v = v[k]
print(round(v) if isinstance(v, float) and v > 100 else v)' "$@"
}

# The baseline: the bare server under the same generator.
taskset -c "$server_cpu" "$target/release/examples/ceiling" 127.0.0.1:18444 "$work/tls.crt" "$work/tls.key" &
ceiling_pid=$!
wait_ready https://127.0.0.1:18444/validate -X POST
echo "baseline: the bare hyper + rustls server (ceiling)" >&2
load "$work/ceiling-max.json" https://127.0.0.1:18444/validate --seconds 20 --interval 20
ceiling_rate=$(( $(json_field "$work/ceiling-max.json" total rate) * 70 / 100 ))
load "$work/ceiling.json" https://127.0.0.1:18444/validate --seconds 60 --interval 60 --rate "$ceiling_rate"
kill "$ceiling_pid"; wait "$ceiling_pid" 2>/dev/null || true

taskset -c "$server_cpu" "$bin" serve --platform "$platform" \
  --tls-cert "$work/tls.crt" --tls-key "$work/tls.key" --listen 127.0.0.1:18443 \
  --health-listen 127.0.0.1:18080 --workers 1 --log-level info 2> "$work/serve.log" &
serve_pid=$!
wait_ready http://127.0.0.1:18080/readyz
url=https://127.0.0.1:18443/validate
curl -sk -H 'Content-Type: application/json' --data-binary @"$review" "$url" | grep -q '"allowed":true'

if [ -z "$rate" ]; then
  echo "gitops-guard serve, flat out" >&2
  load "$work/max.json" "$url" --seconds 20 --interval 20
  max=$(json_field "$work/max.json" total rate)
  rate=$(( max * 70 / 100 ))
  echo "maximum ${max} req/s; soaking at 70 %: ${rate} req/s for ${minutes} min" >&2
fi
first_cert=$(openssl x509 -in "$work/tls.crt" -noout -fingerprint -sha256)

# Every minute a new certificate; every second minute a new service.
(
  for minute in $(seq 1 "$((minutes - 1))"); do
    sleep 60
    issue_cert "$work/tls.crt" "$work/tls.key"
    if [ $((minute % 2)) -eq 0 ]; then
      core=$platform/platform/core.yaml
      awk -v name="soak-$minute" '{ print } /^services:$/ {
          print "  " name ":"; print "    repoURL: https://gitlab.com/acme-shop/services/" name ".git" }' \
        "$core" > "$core.new"
      mv "$core.new" "$core"
    fi
  done
) &
changes_pid=$!
# RSS and CPU time every 5 s: "seconds KiB ticks".
(
  start=$(date +%s)
  while kill -0 "$serve_pid" 2>/dev/null; do
    echo "$(( $(date +%s) - start )) $(rss_kib "$serve_pid") $(cpu_ticks "$serve_pid")"
    sleep 5
  done
) > "$work/rss.log" &

load "$work/soak.json" "$url" --seconds "$((minutes * 60))" --interval 60 --rate "$rate"
wait "$changes_pid" || true
sleep 12 # one more reload interval: the last change is applied
curl -s http://127.0.0.1:18080/metrics > "$work/metrics.txt"
last_cert=$(openssl s_client -connect 127.0.0.1:18443 -servername localhost </dev/null 2>/dev/null |
  openssl x509 -noout -fingerprint -sha256)
rotations=$(grep -c '"TLS certificate reloaded"' "$work/serve.log" || true)
kill -TERM "$serve_pid"; wait "$serve_pid" || true

python3 - "$work" "$rotations" "$(getconf CLK_TCK)" <<'PY'
import json, sys
work, rotations, hz = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
run = json.load(open(f"{work}/soak.json"))
ceiling = json.load(open(f"{work}/ceiling.json"))
minutes = len(run["intervals"])
rows = [tuple(map(int, line.split())) for line in open(f"{work}/rss.log") if len(line.split()) == 3]
samples = [(t, kib) for t, kib, _ in rows]
def rss_at(seconds):
    before = [kib for t, kib in samples if t <= seconds]
    return before[-1] if before else 0
def busy(since, until):
    # The server's CPU time over [since, until] as a share of its one core (the soak pins it).
    inside = [(t, ticks) for t, _, ticks in rows if since <= t <= until]
    if len(inside) < 2 or inside[-1][0] == inside[0][0]:
        return float("nan")
    return (inside[-1][1] - inside[0][1]) / hz / (inside[-1][0] - inside[0][0])
print("minute    req/s    p50 ms    p99 ms  p99.9 ms    max ms  RSS MiB  CPU busy")
for m, i in enumerate(run["intervals"], 1):
    print(f"{m:>6} {i['rate']:>8.0f} {i['p50_ms']:>9.3f} {i['p99_ms']:>9.3f} {i['p999_ms']:>9.3f} "
          f"{i['max_ms']:>9.3f} {rss_at(60 * m) / 1024:>8.1f} {100 * busy(60 * (m - 1), 60 * m):>8.0f} %")
total = run["total"]
bad = total["non_2xx"] + total["failed"]
def median(values):
    return sorted(values)[len(values) // 2] if values else 0
# Growth is the trend: the last minute's median RSS against the first minute's after warm-up.
# The peak (a platform reload holds the new platform beside the old one for a moment) is shown too.
end = max((t for t, _ in samples), default=0)
first = median([kib for t, kib in samples if 60 <= t < 120])
last = median([kib for t, kib in samples if t >= end - 60])
peak = max((kib for t, kib in samples if t >= 60), default=0)
growth = 100.0 * (last - first) / first if first else float("nan")
metrics = open(f"{work}/metrics.txt").read()
applied = sum(float(line.split()[-1]) for line in metrics.splitlines()
              if line.startswith('gitops_guard_admission_platform_reloads_total{result="applied"}'))
stale = [line for line in metrics.splitlines() if line.startswith("gitops_guard_admission_platform_stale ")]
changes = (minutes - 1) // 2
slow = sorted(((r[1], s) for s, r in enumerate(run["per_second"]["rows"])), reverse=True)[:5]
c = ceiling["total"]
print(f"soak: {minutes} min at {run['rate']:.0f} req/s over {run['connections']} connections, {total['answered']} answers ({total['rate']:.0f} req/s)")
print(f"  answers: non-2xx {total['non_2xx']}, failed {total['failed']} {run['failures'] or ''}")
print(f"  latency from when each request was due: p50 {total['p50_ms']:.3f} ms, p99 {total['p99_ms']:.3f} ms, "
      f"p99.9 {total['p999_ms']:.3f} ms, slowest {total['max_ms']:.3f} ms")
print("  slowest seconds (second: p99 ms): " + ", ".join(f"{s}: {p:.1f}" for p, s in slow))
print(f"  baseline, the bare server at 70 % of its maximum ({ceiling['rate']:.0f} req/s, 60 s): "
      f"p50 {c['p50_ms']:.3f} ms, p99 {c['p99_ms']:.3f} ms, p99.9 {c['p999_ms']:.3f} ms, slowest {c['max_ms']:.3f} ms")
whole = busy(0, 60 * minutes)
print(f"  the server's core was busy {100 * whole:.0f} % of the time: {1e6 * whole / run['rate']:.1f} µs of CPU per review at this rate "
      f"(flat out it answered as many as its core allows; at a constant rate every review also pays for waking the server)")
print(f"  RSS (medians) first minute after warm-up {first/1024:.1f} MiB, last minute {last/1024:.1f} MiB: {growth:+.1f} %; peak {peak/1024:.1f} MiB")
print(f"  certificates reloaded {rotations} of {minutes - 1}; platform changes applied {applied:.0f} of {changes}; {stale[0] if stale else 'no stale gauge'}")
failed = []
if bad: failed.append(f"{bad} non-2xx or failed requests")
if total["p99_ms"] >= 5: failed.append(f"p99 {total['p99_ms']:.1f} ms >= 5 ms (the bare server's: {c['p99_ms']:.1f} ms)")
if not growth < 5: failed.append(f"RSS grew {growth:.1f} %")
if rotations < minutes - 1: failed.append("a certificate rotation was not applied")
if applied < changes: failed.append("a platform change was not applied")
if failed:
    print("FAILED: " + "; ".join(failed))
    sys.exit(1)
print("passed")
PY
[ "$first_cert" != "$last_cert" ] || { echo "FAILED: the server still presents the first certificate" >&2; exit 1; }
