#!/usr/bin/env bash
# Asset register benchmark, one run: with 10,000 generated assets (BENCH_ASSETS) and the public
# page cache off, requests/s and p99 latency at 32 connections for /healthz (the baseline), the
# directory (first page, a word search, a filter, near a postcode, open now), Open Referral's
# /services (first page and a search) and /service_at_locations near a postcode, the API, and
# word searches that are new each time (what the directory index keeps can't answer them).
# Prints a Markdown table; bench/README.md keeps the latest with this command.
#
# Usage: bench/assets.sh [BINARY]   (default: builds the release cohesion-bench in .build-release)
# Settings: PORT (18095), DURATION (10s), WARMUP (2s), CONNECTIONS (32), BENCH_ASSETS (10000),
#           CACHE_SECONDS (0: every request does the work; 10: as deployed, public answers kept 10 s).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18095}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-2s}
CONNECTIONS=${CONNECTIONS:-32}
export BENCH_ASSETS=${BENCH_ASSETS:-10000}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk"; exit 1; }

BIN=${1:-}
if [ -z "$BIN" ]; then
  swift build -c release -Xswiftc -enable-testing --scratch-path .build-release --product cohesion-bench >&2
  BIN=.build-release/release/cohesion-bench
fi
[ -x "$BIN" ] || { echo "no binary at $BIN"; exit 1; }

TMP=$(mktemp -d)
export LOG_LEVEL=error COHESION_PUBLIC_PAGE_CACHE_SECONDS=${CACHE_SECONDS:-0} COHESION_MAIL_OUTBOX="$TMP/outbox"
# A production app refuses to start without a field encryption key (docs/operations.md).
export COHESION_FIELD_KEYS=${COHESION_FIELD_KEYS:-"bench:$(head -c 32 /dev/urandom | base64)"}
COHESION_SQLITE_PATH="$TMP/bench.sqlite" "$BIN" serve --port "$PORT" >"$TMP/serve.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$TMP"' EXIT
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 600); do
  curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null && break
  kill -0 $PID 2>/dev/null || { cat "$TMP/serve.log"; exit 1; }
  sleep 0.2
done
total=$(curl -fsS "$BASE/api/v1/assets?per=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
echo "Published assets in the register: $total (of $BENCH_ASSETS generated plus the demo's); public page cache: ${CACHE_SECONDS:-0} s"
echo
declare -A RPS
echo "| request | requests/s | p99 latency | ratio to /healthz | non-2xx or errors |"
echo "|---|---:|---:|---:|---:|"
measure() { # label url [wrk script]
  local label=$1 url=$2 script=()
  [ -n "${3:-}" ] && script=(-s "$3")
  curl -fsS -o /dev/null "$url" || { echo "| $label | failed: $(curl -s -o /dev/null -w '%{http_code}' "$url") | | | |"; return; }
  wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" "${script[@]}" "$url" >/dev/null
  local out rps p99 bad ratio
  out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "${script[@]}" "$url")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  bad=$(echo "$out" | awk '/Non-2xx/ {print $NF} /Socket errors/ {print "socket errors: " $0}' | tr '\n' ' ')
  RPS[$label]=$rps
  ratio=$(awk -v a="$rps" -v b="${RPS[healthz]:-$rps}" 'BEGIN { printf "%.0f%%", 100 * a / b }')
  echo "| $label | $rps | $p99 | $ratio | ${bad:-0} |"
}
measure healthz "$BASE/healthz"
measure "\`/directory\` (first page)" "$BASE/directory"
measure "\`/directory?q=hall\`" "$BASE/directory?q=hall"
measure "\`/directory?q=pleck+youth&category=physical_spaces\`" "$BASE/directory?q=pleck+youth&category=physical_spaces"
measure "\`/directory?access=step_free_access&language=Urdu\`" "$BASE/directory?access=step_free_access&language=Urdu"
measure "\`/directory?postcode=WS1+1AB\` (nearest first)" "$BASE/directory?postcode=WS1+1AB"
measure "\`/directory?open_now=yes\`" "$BASE/directory?open_now=yes"
measure "\`/openreferral/services\`" "$BASE/openreferral/services"
measure "\`/openreferral/services?search=hall\`" "$BASE/openreferral/services?search=hall"
measure "\`/openreferral/service_at_locations?postcode=WS1+1AB&proximity=2000\`" "$BASE/openreferral/service_at_locations?postcode=WS1%201AB&proximity=2000"
measure "\`/api/v1/assets?q=hall\`" "$BASE/api/v1/assets?q=hall"
# The kept matches (DirectoryQuery.MatchKey) answer a repeated search without a pass over the
# register; these ask a different word each time (three random letters, 17,576 of them), so
# nearly every request makes that pass: the cost of a search nobody has made yet.
cat >"$TMP/random-word.lua" <<'LUA'
math.randomseed(os.time())
local path = wrk.path
request = function()
  local word = string.char(math.random(97, 122), math.random(97, 122), math.random(97, 122))
  return wrk.format("GET", path .. word)
end
LUA
measure "\`/directory?q=…\` (a new word each time)" "$BASE/directory?q=" "$TMP/random-word.lua"
measure "\`/openreferral/services?search=…\` (a new word each time)" "$BASE/openreferral/services?search=" "$TMP/random-word.lua"
