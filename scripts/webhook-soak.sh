#!/usr/bin/env bash
# Soak test of `gitops-guard serve` (not part of scripts/test.sh): MINUTES at a
# constant RATE of reviews while the TLS certificate is rotated every minute and
# the platform changes every two minutes (a service registered in core.yaml,
# written the way a mounted ConfigMap changes). Server and load generator are
# pinned to different cores, as in scripts/webhook-bench.sh.
#
#   scripts/webhook-soak.sh [MINUTES] [RATE]
#
# RATE defaults to 70 % of the maximum measured first (20 s flat out, same
# pinning). The load runs as one oha run per minute, so the report has a line
# per minute (a rotation or platform change that slows answers shows in its
# minute) and no run holds ten minutes of results in memory. The p99 reported
# is the highest minute's p99, an upper bound of the whole run's; requests in
# flight when a minute's run stops ("aborted due to deadline") are the load
# generator's, not answers. Needs oha (constant rate with latency correction;
# installed with cargo when missing), openssl, curl and taskset. Passes when no answer is
# non-2xx, p99 < 5 ms, every rotation and platform change was applied, and
# RSS grows less than 5 % after the first minute (warm-up).
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

command -v oha >/dev/null || cargo install oha --locked
cargo build --release -p gitops-guard >&2
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

taskset -c "$server_cpu" "$bin" serve --platform "$platform" \
  --tls-cert "$work/tls.crt" --tls-key "$work/tls.key" --listen 127.0.0.1:18443 \
  --health-listen 127.0.0.1:18080 --workers 1 --log-level info 2> "$work/serve.log" &
serve_pid=$!
wait_ready http://127.0.0.1:18080/readyz
url=https://127.0.0.1:18443/validate
curl -sk -H 'Content-Type: application/json' --data-binary @"$review" "$url" | grep -q '"allowed":true'

oha_run() { # OUT ARGS…: oha against the webhook from the load CPU, JSON into OUT
  local out=$1
  shift
  taskset -c "$load_cpu" oha --no-tui --insecure -c "$connections" -m POST \
    -H 'Content-Type: application/json' -D "$review" --output-format json "$@" "$url" > "$out"
}

if [ -z "$rate" ]; then
  oha_run "$work/max.json" -z 20s
  max=$(python3 -c 'import json, sys; print(round(json.load(open(sys.argv[1]))["summary"]["requestsPerSec"]))' "$work/max.json")
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
# RSS every 5 s: "seconds KiB".
(
  start=$(date +%s)
  while kill -0 "$serve_pid" 2>/dev/null; do
    echo "$(( $(date +%s) - start )) $(rss_kib "$serve_pid")"
    sleep 5
  done
) > "$work/rss.log" &

for minute in $(seq 1 "$minutes"); do
  oha_run "$work/soak-$minute.json" -z 60s -q "$rate" --latency-correction
done
wait "$changes_pid" || true
sleep 12 # one more reload interval: the last change is applied
curl -s http://127.0.0.1:18080/metrics > "$work/metrics.txt"
last_cert=$(openssl s_client -connect 127.0.0.1:18443 -servername localhost </dev/null 2>/dev/null |
  openssl x509 -noout -fingerprint -sha256)
rotations=$(grep -c '"TLS certificate reloaded"' "$work/serve.log" || true)
kill -TERM "$serve_pid"; wait "$serve_pid" || true

python3 - "$work" "$work/rss.log" "$work/metrics.txt" "$minutes" "$rate" "$rotations" <<'PY'
import json, sys
work, rss_log, metrics_file = sys.argv[1:4]
minutes, rate, rotations = map(int, sys.argv[4:7])
runs = [json.load(open(f"{work}/soak-{m}.json")) for m in range(1, minutes + 1)]
samples = [tuple(map(int, line.split())) for line in open(rss_log) if len(line.split()) == 2]
def rss_at(seconds):
    before = [kib for t, kib in samples if t <= seconds]
    return before[-1] if before else 0
codes, total, bad, done = {}, 0, 0, 0.0
print("minute  req/s    p50 ms   p99 ms   slowest ms  RSS MiB")
for m, d in enumerate(runs, 1):
    p = d["latencyPercentiles"]
    for code, n in d.get("statusCodeDistribution", {}).items():
        codes[code] = codes.get(code, 0) + n
        total += n
        bad += 0 if code.startswith("2") else n
    errors = {e: n for e, n in d.get("errorDistribution", {}).items() if e != "aborted due to deadline"}
    bad += sum(errors.values())
    total += sum(errors.values())
    done += d["summary"]["requestsPerSec"]
    print(f"{m:>6} {d['summary']['requestsPerSec']:>7.0f} {p['p50']*1000:>9.3f} {p['p99']*1000:>8.3f} "
          f"{d['summary']['slowest']*1000:>12.3f} {rss_at(60 * m)/1024:>8.1f}" + (f"  errors {errors}" if errors else ""))
p50 = sorted(d["latencyPercentiles"]["p50"] for d in runs)[len(runs) // 2]
p99 = max(d["latencyPercentiles"]["p99"] for d in runs)
slowest = max(d["summary"]["slowest"] for d in runs)
warm = [kib for t, kib in samples if t >= 60]
after, peak = (warm[0], max(warm)) if warm else (0, 0)
growth = 100.0 * (peak - after) / after if after else float("nan")
metrics = open(metrics_file).read()
applied = sum(float(line.split()[-1]) for line in metrics.splitlines()
              if line.startswith('gitops_guard_admission_platform_reloads_total{result="applied"}'))
stale = [line for line in metrics.splitlines() if line.startswith("gitops_guard_admission_platform_stale ")]
changes = (minutes - 1) // 2
print(f"soak: {minutes} min at {rate} req/s, {total} reviews ({done / len(runs):.0f} req/s done)")
print(f"  answers: {codes}; non-2xx or failed {bad}")
print(f"  latency (corrected for coordinated omission): median of the minutes' p50 {p50*1000:.3f} ms, highest minute's p99 {p99*1000:.3f} ms, slowest {slowest*1000:.3f} ms")
print(f"  RSS after warm-up {after/1024:.1f} MiB, peak after it {peak/1024:.1f} MiB: {growth:+.1f} %")
print(f"  certificates reloaded {rotations} of {minutes - 1}; platform changes applied {applied:.0f} of {changes}; {stale[0] if stale else 'no stale gauge'}")
failed = []
if bad: failed.append(f"{bad} non-2xx answers")
if p99 * 1000 >= 5: failed.append("p99 >= 5 ms")
if not growth < 5: failed.append(f"RSS grew {growth:.1f} %")
if rotations < minutes - 1: failed.append("a certificate rotation was not applied")
if applied < changes: failed.append("a platform change was not applied")
if failed:
    print("FAILED: " + "; ".join(failed))
    sys.exit(1)
print("passed")
PY
[ "$first_cert" != "$last_cert" ] || { echo "FAILED: the server still presents the first certificate" >&2; exit 1; }
