#!/usr/bin/env bash
# HTTP benchmark: /healthz, / and /areas at 32 connections on loopback, bounded in time.
# Usage: bench/http.sh [BINARY]   (default: a release build in .build-release; build it with
#        swift build -c release --scratch-path .build-release --product cohesion)
# Prints a Markdown table of requests per second and p99 latency, and the /areas : /healthz ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.build-release/release/cohesion}
PORT=${PORT:-18090}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk"; exit 1; }
[ -x "$BIN" ] || { echo "no binary at $BIN"; exit 1; }
TMP=$(mktemp -d)
export COHESION_SQLITE_PATH="$TMP/bench.sqlite" LOG_LEVEL=error
"$BIN" demo --password "bench-password-1" --no-serve >/dev/null
"$BIN" serve --env production --hostname 127.0.0.1 --port "$PORT" >"$TMP/serve.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$TMP"' EXIT
for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.2; done

declare -A RPS
echo "| path | requests/s | p99 latency | non-2xx or errors |"
echo "|---|---:|---:|---:|"
for path in /healthz / /areas; do
  # Warm up, then measure.
  wrk -t2 -c"$CONNECTIONS" -d2s "http://127.0.0.1:$PORT$path" >/dev/null
  out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$PORT$path")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  bad=$(echo "$out" | awk '/Non-2xx/ {print $NF} /Socket errors/ {print "socket errors: " $0}' | tr '\n' ' ')
  RPS[$path]=$rps
  echo "| \`$path\` | $rps | $p99 | ${bad:-0} |"
done
python3 -c "import sys; print(f'\n/areas : /healthz throughput = {float(sys.argv[1]) / float(sys.argv[2]):.0%} (goal: at least 40%)')" "${RPS[/areas]}" "${RPS[/healthz]}"
