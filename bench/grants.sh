#!/usr/bin/env bash
# Grants benchmark, one run: 32 awards at the same moment from one fund with money for 10, on
# SQLite and on PostgreSQL (a throwaway server, as scripts/with-postgres starts for the tests),
# then the 360Giving files for 10,000 grants. Prints Markdown; bench/README.md keeps the latest.
#
# Usage: bench/grants.sh [BINARY]   (default: builds the release cohesion-bench in .build-release)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-}
if [ -z "$BIN" ]; then
  swift build -c release -Xswiftc -enable-testing --scratch-path .build-release --product cohesion-bench >&2
  BIN=.build-release/release/cohesion-bench
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export LOG_LEVEL=error COHESION_MAIL_OUTBOX="$TMP/outbox"
# A production app refuses to start without a field encryption key (docs/operations.md).
export COHESION_FIELD_KEYS=${COHESION_FIELD_KEYS:-"bench:$(head -c 32 /dev/urandom | base64)"}
echo "| database | award attempts at once | median time for all (5 rounds) | attempts/s | budget held |"
echo "|---|---:|---:|---:|---|"
COHESION_SQLITE_PATH="$TMP/awards.sqlite" "$BIN" awards | grep '^|'
# shellcheck disable=SC2016
scripts/with-postgres bash -c 'DATABASE_URL="$COHESION_TEST_DATABASE_URL" "$0" awards' "$BIN" | grep '^|'
echo
"$BIN" grants
