#!/usr/bin/env bash
# HTTP benchmark, one run: Vapor's plaintext baseline, /healthz, and with the public page cache off
# /areas, a ward profile, /maps and a signed-in /dashboard, plus the ward profile and the dashboard
# rendered with Leaf and with Plot from the same page model (cohesion-bench serve). Then renders each
# page variant in a loop without HTTP (cohesion-bench render). Prints Markdown tables.
#
# Usage: bench/http.sh [BINARY]   (default: builds the release cohesion-bench in .build-release)
# Settings: PORT (18090; the plaintext app takes PORT+1), DURATION (10s), WARMUP (2s),
#           CONNECTIONS (32), RENDERS (page renders per variant, 2000).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18090}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-2s}
CONNECTIONS=${CONNECTIONS:-32}
RENDERS=${RENDERS:-2000}
WARD=E05001314 # Pleck
PASSWORD="a long bench password" # BenchApp.password
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk"; exit 1; }

BIN=${1:-}
if [ -z "$BIN" ]; then
  # -enable-testing: cohesion-bench reaches the app's page models and layout through
  # `@testable import CohesionApp`, which a release build allows only with this flag. It applies
  # to every module alike (the app, Vapor, Leaf, Plot), so it favours none of the three renderers.
  swift build -c release -Xswiftc -enable-testing --scratch-path .build-release --product cohesion-bench >&2
  BIN=.build-release/release/cohesion-bench
fi
[ -x "$BIN" ] || { echo "no binary at $BIN"; exit 1; }

TMP=$(mktemp -d)
export LOG_LEVEL=error COHESION_PUBLIC_PAGE_CACHE_SECONDS=0 COHESION_MAIL_OUTBOX="$TMP/outbox"
# A production app refuses to start without a field encryption key (docs/operations.md).
export COHESION_FIELD_KEYS=${COHESION_FIELD_KEYS:-"bench:$(head -c 32 /dev/urandom | base64)"}
COHESION_SQLITE_PATH="$TMP/bench.sqlite" "$BIN" serve --port "$PORT" >"$TMP/serve.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$TMP"' EXIT
BASE="http://127.0.0.1:$PORT"
PLAINTEXT="http://127.0.0.1:$((PORT + 1))/plaintext"
for _ in $(seq 1 150); do
  curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null && curl -fsS -o /dev/null "$PLAINTEXT" 2>/dev/null && break
  kill -0 $PID 2>/dev/null || { cat "$TMP/serve.log"; exit 1; }
  sleep 0.2
done

# Sign in as the demo administrator: the form's CSRF cookie first, then the form, keeping the
# session cookie. wrk then sends both cookies, as a browser would.
JAR="$TMP/cookies"
curl -fsS -c "$JAR" -b "$JAR" -o /dev/null "$BASE/sign-in"
cookie() { awk -F'\t' -v n="$1" '$6 == n { print $7 }' "$JAR"; }
status=$(curl -sS -c "$JAR" -b "$JAR" -o /dev/null -w '%{http_code}' --data-urlencode "email=admin@example.org" \
  --data-urlencode "password=$PASSWORD" --data-urlencode "csrf_token=$(cookie cohesion_csrf)" "$BASE/sign-in")
[ "$status" = 303 ] || { echo "signing in answered $status, not 303"; exit 1; }
COOKIE="cohesion_session=$(cookie cohesion_session); cohesion_csrf=$(cookie cohesion_csrf)"
curl -fsS -H "Cookie: $COOKIE" "$BASE/dashboard" | grep -q "Welcome, " || { echo "the session cookie did not sign in"; exit 1; }

declare -A RPS
echo "| path | requests/s | p99 latency | ratio to plaintext | non-2xx or errors |"
echo "|---|---:|---:|---:|---:|"
measure() { # label url [cookie]
  local label=$1 url=$2 header=()
  [ -n "${3:-}" ] && header=(-H "Cookie: $3")
  wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" "${header[@]}" "$url" >/dev/null
  local out rps p99 bad
  out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "${header[@]}" "$url")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  bad=$(echo "$out" | awk '/Non-2xx/ {print $NF} /Socket errors/ {print "socket errors: " $0}' | tr '\n' ' ')
  RPS[$label]=$rps
  local ratio
  ratio=$(awk -v a="$rps" -v b="${RPS[plaintext]:-$rps}" 'BEGIN { printf "%.0f%%", 100 * a / b }')
  echo "| $label | $rps | $p99 | $ratio | ${bad:-0} |"
}
measure plaintext "$PLAINTEXT"
measure "\`/healthz\`" "$BASE/healthz"
measure "\`/areas\`" "$BASE/areas"
if curl -fsS -o /dev/null "$BASE/bench/plot/areas/$WARD" 2>/dev/null; then
  measure "\`/areas/$WARD\` (typed)" "$BASE/areas/$WARD"
  measure "\`/bench/leaf/areas/$WARD\`" "$BASE/bench/leaf/areas/$WARD"
  measure "\`/bench/plot/areas/$WARD\`" "$BASE/bench/plot/areas/$WARD"
  WARD_LABEL="\`/areas/$WARD\` (typed)"
else
  measure "\`/areas/$WARD\`" "$BASE/areas/$WARD"
  WARD_LABEL="\`/areas/$WARD\`"
fi
measure "\`/maps\`" "$BASE/maps"
measure "\`/dashboard\` (typed, signed in)" "$BASE/dashboard" "$COOKIE"
measure "\`/bench/leaf/dashboard\`" "$BASE/bench/leaf/dashboard" "$COOKIE"
measure "\`/bench/plot/dashboard\`" "$BASE/bench/plot/dashboard" "$COOKIE"
awk -v a="${RPS[$WARD_LABEL]}" -v b="${RPS[\`/healthz\`]}" \
  'BEGIN { printf "\nward profile : /healthz = **%.0f%%** (goal: at least 50%%)\n\n", 100 * a / b }'

kill $PID; wait $PID 2>/dev/null || true
# The same pages without HTTP or queries: the cost of rendering alone.
COHESION_SQLITE_PATH="$TMP/render.sqlite" "$BIN" render --count "$RENDERS" --out "$TMP/pages"

# Each Leaf and Plot page against its typed page, whitespace and `/>` aside.
echo
for typed in "$TMP"/pages/*-typed.html; do
  for other in "${typed%-typed.html}"-leaf.html "${typed%-typed.html}"-plot.html; do
    [ -f "$other" ] || continue
    python3 - "$typed" "$other" <<'EOF'
import difflib, re, sys
def lines(path):
    s = open(path).read().strip()
    s = re.sub(r'\s+', ' ', re.sub(r'>\s+<', '><', s)).replace('/>', '>')
    return s.replace('><', '>\n<').splitlines()
a, b = lines(sys.argv[1]), lines(sys.argv[2])
changed = [l for l in difflib.unified_diff(a, b, lineterm='', n=0) if l[:1] in '+-' and not l.startswith(('+++', '---'))]
name = sys.argv[2].rsplit('/', 1)[1]
print(f"- {name}: {len(b)} tags, {len(changed)} lines differ from the typed page" + ("" if not changed else ": " + "; ".join(changed[:6])))
EOF
  done
done
