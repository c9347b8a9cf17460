#!/usr/bin/env bash
# Geography benchmark on the real Walsall files in ../shared/data:
#   1. importing every census and boundary file with the `cohesion import` commands (seconds);
#   2. locating 100,000 random points, and rendering the ward and LSOA choropleths (cohesion-bench);
#   3. serving /maps for wards and LSOAs over HTTP with the page cache off (median of 20).
# Usage: bench/geography.sh [DATA_FOLDER]   (default ../shared/data). Builds release binaries in
# .build-release first (with -enable-testing, as bench/http.sh). Set DATABASE_URL to time the
# imports on PostgreSQL instead of SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=$(cd "${1:-../shared/data}" && pwd)
PORT=${PORT:-18091}
# Both with -enable-testing: cohesion-bench needs it (`@testable import CohesionApp`, see bench/http.sh),
# and building the two products with the same flags lets them share one build of the app.
swift build -c release -Xswiftc -enable-testing --scratch-path .build-release --product cohesion >/dev/null
swift build -c release -Xswiftc -enable-testing --scratch-path .build-release --product cohesion-bench >/dev/null
BIN=.build-release/release/cohesion
TMP=$(mktemp -d)
# A production server refuses to start without a mail outbox and a field encryption key.
export COHESION_SQLITE_PATH="$TMP/bench.sqlite" LOG_LEVEL=error COHESION_PUBLIC_PAGE_CACHE_SECONDS=0 COHESION_MAIL_OUTBOX="$TMP/outbox"
export COHESION_FIELD_KEYS="bench:$(head -c 32 /dev/urandom | base64)"
trap 'kill ${PID:-} 2>/dev/null || true; rm -rf "$TMP"' EXIT

now() { date +%s.%N; }
"$BIN" migrate --yes >/dev/null
echo "a long bench password" | "$BIN" create-admin --email bench@example.org --name Bench \
  --council "Walsall Council" --district E08000030 >/dev/null

C="$DATA/census2021-walsall"; B="$DATA/boundaries"
echo "| import | seconds |"
echo "|---|---:|"
total_start=$(now)
step() { # label, command...
  local label=$1; shift
  local start; start=$(now)
  "$BIN" import "$@" >/dev/null
  awk -v l="$label" -v a="$start" -v b="$(now)" 'BEGIN { printf "| %s | %.2f |\n", l, b - a }'
}
step "LSOA–ward lookup (169 LSOAs)" lookup --file "$C/walsall_lsoa21_to_ward24_lookup.csv"
step "TS021 ethnic group (169 LSOAs)" census --file "$C/census2021-ts021-lsoa-walsall-broad.csv"
step "TS030 religion (169 LSOAs)" census --file "$C/census2021-ts030-lsoa-walsall.csv"
step "TS029 English proficiency (39 MSOAs)" census --file "$C/census2021-ts029-msoa-walsall-subset.csv"
step "TS012 country of birth (district, long)" census --file "$C/census2021-ts012-ltla-walsall-country-of-birth-detailed-long.csv"
step "Age and sex (district)" census --file "$C/age_gender21_ltla21_walsall.csv"
step "Ward boundaries, detailed 2016 (20)" boundaries --level ward --file "$B/walsall_wards_2016_martinjc.geojson"
step "Ward boundaries, simplified 2022 (20)" boundaries --level ward --file "$B/walsall_wards_2022_geographr.geojson"
step "LSOA boundaries (169)" boundaries --level lsoa --file "$B/walsall_lsoa2021_geographr.geojson"
awk -v a="$total_start" -v b="$(now)" 'BEGIN { printf "| **all nine files** (each a separate process, start-up included) | **%.2f** |\n\n", b - a }'

.build-release/release/cohesion-bench "$DATA"

# The ward boundaries last imported are the simplified 2022 file.
"$BIN" serve --env production --hostname 127.0.0.1 --port "$PORT" >"$TMP/serve.log" 2>&1 &
PID=$!
for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
echo
echo "| page (server-rendered, cache off) | median ms of 20 |"
echo "|---|---:|"
for path in "/maps?level=ward" "/maps?level=lsoa"; do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT$path"  # warm the boundary cache
  ms=$(for _ in $(seq 1 20); do curl -fsS -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$PORT$path"; done \
       | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)] * 1000}')
  echo "| \`$path\` | $ms |"
done
if command -v wrk >/dev/null; then
  echo
  echo "| API (wrk, 32 connections, 10 s) | requests/s | p99 latency |"
  echo "|---|---:|---:|"
  url="http://127.0.0.1:$PORT/api/v1/areas/locate?lat=52.5855&lon=-1.9866"
  wrk -t2 -c32 -d2s "$url" >/dev/null
  out=$(wrk -t2 -c32 -d10s --latency "$url")
  echo "| \`GET /api/v1/areas/locate?lat&lon\` | $(echo "$out" | awk '/Requests\/sec/ {print $2}') | $(echo "$out" | awk '$1 == "99%" {print $2}') |"
fi
