#!/usr/bin/env bash
# Usage: kill_import.sh KOMPASS_BINARY PROJECT_ROOT sqlite|postgres
# SIGKILL in the middle of an import loses no committed evaluation and leaves no half-imported one. With the Sundsvall
# sample imported (committed), a file of many evaluations (the published results but Sundsvall 2012) is imported
# with the test-only KOMPASS_TEST_IMPORT_DELAY_MS, which makes `kompass import` report each evaluation it has stored
# inside its one transaction and then wait; after two of them the process is killed with SIGKILL. Then the evaluation
# list and Sundsvall's evaluation read exactly as before, none of the reported evaluations exists, every table holds
# as many rows as before (no orphan findings, scores, municipalities, audit or change log rows), SQLite's integrity
# check is ok, and importing the same file again stores all of it.
# The postgres variant needs KOMPASS_TEST_POSTGRES (scripts/with-postgres sets it); without it it is skipped (77).
set -euo pipefail
kompass=$1
root=$2
backend=$3

work=$(mktemp -d)
cd "$work"
database=""
importing=""
cleanup() {
  if [ -n "$importing" ] && kill -0 "$importing" 2>/dev/null; then
    kill -KILL "$importing" 2>/dev/null || true
    wait "$importing" 2>/dev/null || true
  fi
  if [ -n "$database" ]; then
    psql -X -q "$KOMPASS_TEST_POSTGRES" -c "DROP DATABASE IF EXISTS $database" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "FAILED ($backend): $*" >&2
  exit 1
}

case "$backend" in
sqlite)
  db="$work/kill.db"
  # Every table's row count, one "table count" line each, in name order.
  counts() {
    python3 - "$db" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
    print(name, db.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])
EOF
  }
  ;;
postgres)
  if [ -z "${KOMPASS_TEST_POSTGRES:-}" ]; then
    echo "skipped: KOMPASS_TEST_POSTGRES is not set (run under scripts/with-postgres)"
    exit 77
  fi
  database="kill_import_$$_$RANDOM"
  psql -X -q -v ON_ERROR_STOP=1 "$KOMPASS_TEST_POSTGRES" -c "CREATE DATABASE $database"
  db="${KOMPASS_TEST_POSTGRES%/*}/$database"
  counts() {
    local table
    for table in $(psql -X -A -t -v ON_ERROR_STOP=1 "$db" -c \
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
       ORDER BY table_name COLLATE \"C\""); do
      echo "$table $(psql -X -A -t -v ON_ERROR_STOP=1 "$db" -c "SELECT count(*) FROM \"$table\"")"
    done
  }
  ;;
*)
  echo "usage: $0 KOMPASS_BINARY PROJECT_ROOT sqlite|postgres" >&2
  exit 2
  ;;
esac

k() { "$kompass" --db "$db" --lang en "$@"; }

k init >/dev/null
k import "$root/data/samples/sundsvall-2012.json" >/dev/null
# Many evaluations in one file (one transaction): the published results without the one already stored.
grep -v '^SE,2281,Sundsvall,2012,' "$root/data/samples/published-results.csv" >many.csv
rows=$(($(wc -l <many.csv) - 1))
[ "$rows" -ge 10 ] || fail "the sample file has only $rows rows"

k evaluation list --json >list-before.json
k evaluation show sundsvall-2012 --json >show-before.json
counts >counts-before.txt
grep -q '^evaluations 1$' counts-before.txt || fail "not one evaluation before the import: $(cat counts-before.txt)"
grep -Eq '^findings [1-9]' counts-before.txt || fail "no findings before the import: $(cat counts-before.txt)"

KOMPASS_TEST_IMPORT_DELAY_MS=400 "$kompass" --db "$db" --lang en import many.csv >import.out 2>progress.txt &
importing=$!
for _ in $(seq 1 300); do
  [ "$(grep -c '^Stored in the import' progress.txt || true)" -ge 2 ] && break
  kill -0 "$importing" 2>/dev/null || fail "the import ended before it was killed: $(cat progress.txt import.out)"
  sleep 0.05
done
stored=$(grep -c '^Stored in the import' progress.txt || true)
[ "$stored" -ge 2 ] || fail "no progress from the import: $(cat progress.txt)"
[ "$stored" -lt "$rows" ] || fail "the import stored all $rows rows before it could be killed"
kill -KILL "$importing"
status=0
# (bash's "Killed" notice goes to /dev/null with the wait's standard error)
{ wait "$importing"; } 2>/dev/null || status=$?
importing=""
[ "$status" -eq 137 ] || fail "the import was not killed by SIGKILL (exit $status): $(cat progress.txt)"

sed -n 's/^Stored in the import (not committed yet): //p' progress.txt >uncommitted.txt
k evaluation list --json >list-after.json
k evaluation show sundsvall-2012 --json >show-after.json
cmp -s list-before.json list-after.json || fail "the evaluation list changed: $(diff list-before.json list-after.json | head)"
cmp -s show-before.json show-after.json || fail "Sundsvall 2012 changed: $(diff show-before.json show-after.json | head)"
counts >counts-after.txt
cmp -s counts-before.txt counts-after.txt ||
  fail "rows were left behind by the killed import: $(diff counts-before.txt counts-after.txt)"
while read -r id; do
  status=0
  k evaluation show "$id" --json >/dev/null 2>show-missing.txt || status=$?
  [ "$status" -eq 1 ] || fail "$id, stored by the killed import, shows (exit $status)"
done <uncommitted.txt
if [ "$backend" = sqlite ]; then
  verdict=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0])' "$db")
  [ "$verdict" = ok ] || fail "PRAGMA integrity_check: $verdict"
fi

k import many.csv >import-again.out 2>&1 || fail "importing the file again failed: $(cat import-again.out)"
k evaluation list --json >list-again.json
count=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' list-again.json)
[ "$count" -eq $((rows + 1)) ] || fail "after importing again $count evaluations, expected $((rows + 1))"
while read -r id; do
  k evaluation show "$id" --json >/dev/null || fail "$id is missing after importing again"
done <uncommitted.txt
[ -s uncommitted.txt ] || fail "no evaluation ids in the import's progress lines: $(cat progress.txt)"
k evaluation show sundsvall-2012 --json >show-again.json
cmp -s show-before.json show-again.json || fail "Sundsvall 2012 changed by the second import"
echo "ok ($backend): a killed import left nothing behind ($stored evaluations were stored uncommitted) and lost nothing"
