#!/usr/bin/env bash
# Surveys benchmark (issue 11), one run:
#   1. `cohesion survey weight` against R's survey::rake (bench/survey-rake.R) on the same
#      generated files (bench/survey-data.py), 10,000 and 100,000 respondents: whole processes
#      timed side by side with hyperfine (start-up and reading/writing the CSVs included), and
#      the largest relative difference between the two sets of weights (bench/survey-compare.py).
#      Ours is run at its default tolerance (1e-9) and at 1e-12, to show the agreement is set by
#      R's stopping rule, not by ours stopping early.
#   2. `cohesion-bench surveys`: every estimate of 8 waves × 12,500 responses recomputed with
#      SurveyWeighting.run, on SQLite and on PostgreSQL (a throwaway server, scripts/with-postgres).
# Prints Markdown; bench/README.md keeps the latest.
#
# Usage: bench/surveys.sh [COHESION_BINARY [COHESION_BENCH_BINARY]]
#        (default: builds both release binaries in .build-release, 5+ minutes)
# Environment: RUNS (hyperfine runs for each command, default 10), SKIP_DB=1 (only part 1),
#              PGPORT (PostgreSQL's port, default 55441).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-}
BENCH=${2:-}
if [ -z "$BIN" ]; then
  swift build -c release -Xswiftc -enable-testing --scratch-path .build-release --product cohesion >&2
  BIN=.build-release/release/cohesion
fi
if [ -z "$BENCH" ] && [ "${SKIP_DB:-0}" != 1 ]; then
  swift build -c release -Xswiftc -enable-testing --scratch-path .build-release --product cohesion-bench >&2
  BENCH=.build-release/release/cohesion-bench
fi
RUNS=${RUNS:-10}
command -v hyperfine >/dev/null || apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends hyperfine >&2
command -v Rscript >/dev/null && Rscript -e 'suppressMessages(library(survey))' 2>/dev/null \
  || apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends r-cran-survey >&2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

echo "Raking: \`cohesion survey weight\` against R $(Rscript -e 'cat(as.character(getRversion()))') survey $(Rscript -e 'cat(as.character(packageVersion("survey")))'), whole processes, hyperfine mean ± sd of $RUNS runs after one warm-up"
echo
echo "| respondents | cohesion (tolerance 1e-9, default) | cohesion (tolerance 1e-12) | R \`survey::rake\` | R ÷ cohesion (default) | R ÷ cohesion (1e-12) | largest relative difference from R's weights (default; 1e-12) | raking iterations (default; 1e-12) | R's \`rake()\` call alone |"
echo "|---:|---:|---:|---:|---:|---:|---|---|---:|"
for n in 10000 100000; do
  D=$TMP/$n
  python3 bench/survey-data.py "$n" "$D"
  R=$D/responses.csv T=$D/targets.csv
  it_default=$("$BIN" survey weight --responses "$R" --targets "$T" --output "$D/ours.csv" | sed -n 's/.*converged after \([0-9]*\) iterations.*/\1/p')
  it_tight=$("$BIN" survey weight --responses "$R" --targets "$T" --output "$D/ours-tight.csv" --tolerance 1e-12 | sed -n 's/.*converged after \([0-9]*\) iterations.*/\1/p')
  r_rake=$(Rscript bench/survey-rake.R "$R" "$T" "$D/r.csv" | sed -n 's/.*rake() took \([0-9.]*\) s.*/\1/p')
  diff_default=$(python3 bench/survey-compare.py "$D/ours.csv" "$D/r.csv" | sed -n 's/.*largest relative difference \([^ ]*\) .*/\1/p')
  diff_tight=$(python3 bench/survey-compare.py "$D/ours-tight.csv" "$D/r.csv" | sed -n 's/.*largest relative difference \([^ ]*\) .*/\1/p')
  hyperfine --style none --warmup 1 --runs "$RUNS" --export-json "$D/times.json" \
    -n cohesion "$BIN survey weight --responses $R --targets $T --output $D/ours.csv" \
    -n cohesion-tight "$BIN survey weight --responses $R --targets $T --output $D/ours-tight.csv --tolerance 1e-12" \
    -n R "Rscript bench/survey-rake.R $R $T $D/r.csv" >"$D/hyperfine.txt"
  python3 - "$D/times.json" "$n" "$diff_default" "$diff_tight" "$it_default" "$it_tight" "$r_rake" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
n, diff_default, diff_tight, it_default, it_tight, r_rake = sys.argv[2:8]
def t(r):
    return f"{r['mean'] * 1000:,.0f} ± {r['stddev'] * 1000:,.0f} ms"
ours, tight, r = results["cohesion"], results["cohesion-tight"], results["R"]
print(f"| {int(n):,} | {t(ours)} | {t(tight)} | {t(r)} | **{r['mean'] / ours['mean']:.0f}×** | {r['mean'] / tight['mean']:.0f}× "
      f"| **{diff_default}**; {diff_tight} | {it_default}; {it_tight} | {float(r_rake) * 1000:,.0f} ms |")
PY
done

[ "${SKIP_DB:-0}" = 1 ] && exit 0
export LOG_LEVEL=error COHESION_MAIL_OUTBOX="$TMP/outbox"
# A production app refuses to start without a field encryption key (docs/operations.md).
export COHESION_FIELD_KEYS=${COHESION_FIELD_KEYS:-"bench:$(head -c 32 /dev/urandom | base64)"}
echo
echo "Recomputing every estimate: \`cohesion-bench surveys\` (SurveyWeighting.run for each wave in turn, three rounds)"
echo
COHESION_SQLITE_PATH="$TMP/surveys.sqlite" "$BENCH" surveys >"$TMP/sqlite.txt"
# shellcheck disable=SC2016
PGPORT=${PGPORT:-55441} scripts/with-postgres bash -c 'DATABASE_URL="$COHESION_TEST_DATABASE_URL" "$0" surveys' "$BENCH" \
  | grep -v '^PostgreSQL ready' >"$TMP/pg.txt"
echo "| database | waves × responses | median of 3 rounds | fastest | estimates written |"
echo "|---|---:|---:|---:|---:|"
grep -h '^| SQLite \|^| PostgreSQL ' "$TMP/sqlite.txt" "$TMP/pg.txt"
for f in sqlite pg; do
  echo
  grep -v '^| SQLite \|^| PostgreSQL ' "$TMP/$f.txt"
done
