# Shared by scripts/webhook-bench.sh and scripts/webhook-soak.sh (sourced, not run):
# a compact review body, certificates, readiness, load with wrk or oha, memory.

# The review as the API server sends it: compact JSON (fixtures are indented for reading).
compact_review() { # FIXTURE OUT
  python3 -c 'import json, sys; json.dump(json.load(open(sys.argv[1])), open(sys.argv[2], "w"), separators=(",", ":"))' \
    "$1" "$2"
}

# A self-signed certificate for localhost and 127.0.0.1, written as CERT and KEY
# through temporary files and renames, the way a mounted Secret changes.
issue_cert() { # CERT KEY
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
    -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
    -keyout "$2.new" -out "$1.new" 2>/dev/null
  mv "$2.new" "$2"
  mv "$1.new" "$1"
}

wait_ready() { # URL [CURL ARGS]
  for _ in $(seq 1 500); do
    curl -skf "$@" >/dev/null 2>&1 && return 0
    sleep 0.01
  done
  echo "not ready: $1" >&2; return 1
}

# Sends REVIEW to URL as fast as CONNECTIONS connections go, from CPU $load_cpu, for
# SECONDS; prints "rps p50 p99 non2xx" (times with their unit, as the tool prints them).
load() { # URL SECONDS CONNECTIONS REVIEW
  local url=$1 seconds=$2 connections=$3 review=$4 out
  out=$(mktemp)
  if command -v wrk >/dev/null; then
    local script
    script=$(mktemp --suffix .lua)
    cat > "$script" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$review", "rb"); wrk.body = f:read("*a"); f:close()
LUA
    taskset -c "$load_cpu" wrk -t1 -c"$connections" -d"${seconds}s" --latency -s "$script" "$url" > "$out"
    rm -f "$script"
    local rps p50 p99 non2xx
    rps=$(awk '/Requests\/sec/ {print $2}' "$out")
    p50=$(awk '$1=="50%" {print $2}' "$out")
    p99=$(awk '$1=="99%" {print $2}' "$out")
    non2xx=$(awk '/Non-2xx/ {print $4}' "$out")
    echo "$rps $p50 $p99 ${non2xx:-0}"
  else
    taskset -c "$load_cpu" oha --no-tui --insecure -z "${seconds}s" -c "$connections" -m POST \
      -H 'Content-Type: application/json' -D "$review" --output-format json "$url" > "$out"
    python3 - "$out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
p = d["latencyPercentiles"]
codes = d.get("statusCodeDistribution", {})
bad = sum(n for code, n in codes.items() if not code.startswith("2")) + sum(d.get("errorDistribution", {}).values())
print(f'{d["summary"]["requestsPerSec"]:.0f} {p["p50"]*1000:.3f}ms {p["p99"]*1000:.3f}ms {bad}')
PY
  fi
  rm -f "$out"
}

peak_rss() { awk '/VmHWM/ {printf "%.1f MiB", $2/1024}' "/proc/$1/status"; } # PID
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }                      # PID
cpu_ticks() { awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$1/stat"; }    # PID: user + system clock ticks
