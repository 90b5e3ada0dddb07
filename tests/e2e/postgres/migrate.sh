#!/usr/bin/env bash
# Usage: migrate.sh KOMPASS_BINARY PROJECT_ROOT
# `kompass migrate` from the demo database (scripts/demo-db) into a fresh PostgreSQL database: the report lists every
# table, the Sundsvall evaluation shows exactly as from SQLite, a second migrate into the now non-empty target is
# refused (naming the count) unless --force, a value altered in the target makes --verify-only fail naming its table,
# and `kompass --db URL serve` serves the migrated evaluation.
# Needs KOMPASS_TEST_POSTGRES (scripts/with-postgres sets it); without it the test is skipped (exit 77).
set -euo pipefail
kompass=$1
root=$2
if [ -z "${KOMPASS_TEST_POSTGRES:-}" ]; then
  echo "skipped: KOMPASS_TEST_POSTGRES is not set (run under scripts/with-postgres)"
  exit 77
fi
work=$(mktemp -d)
cd "$work"
server=${KOMPASS_TEST_POSTGRES%/*}
target_db="migrate_$$_$RANDOM"
target="$server/$target_db"
psql -X -q -v ON_ERROR_STOP=1 "$KOMPASS_TEST_POSTGRES" -c "CREATE DATABASE $target_db"
serving=""
cleanup() {
  if [ -n "$serving" ] && kill -0 "$serving" 2>/dev/null; then
    kill -TERM "$serving" 2>/dev/null || true
    wait "$serving" 2>/dev/null || true
  fi
  psql -X -q "$KOMPASS_TEST_POSTGRES" -c "DROP DATABASE IF EXISTS $target_db" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "FAILED: $*" >&2
  exit 1
}

"$root/scripts/demo-db" "$kompass" "$work/demo.db" >/dev/null

"$kompass" --lang en migrate --from "$work/demo.db" --to "$target" >migrate.txt 2>&1 ||
  fail "migrate failed: $(cat migrate.txt)"
grep -Eq '^findings: [1-9][0-9]* rows, SHA-256 [0-9a-f]{12}$' migrate.txt || fail "no findings line: $(cat migrate.txt)"
grep -Eq '^changes: [1-9][0-9]* rows' migrate.txt || fail "no change log line: $(cat migrate.txt)"
grep -q '^schema_migrations' migrate.txt && fail "schema_migrations was copied: $(cat migrate.txt)"
grep -Eq '^Copied [1-9][0-9]* evaluations; all [0-9]+ tables have the same rows' migrate.txt ||
  fail "no summary: $(cat migrate.txt)"
evaluations=$(sed -n 's/^Copied \([0-9]*\) evaluations.*/\1/p' migrate.txt)

"$kompass" --db "$work/demo.db" evaluation show sundsvall-2012 --json >sqlite.json
"$kompass" --db "$target" evaluation show sundsvall-2012 --json >postgres.json
cmp -s sqlite.json postgres.json ||
  fail "evaluation show differs between SQLite and PostgreSQL: $(diff sqlite.json postgres.json | head -20)"

status=0
"$kompass" --lang en migrate --from "$work/demo.db" --to "$target" >again.txt 2>&1 || status=$?
[ "$status" -eq 1 ] || fail "a second migrate into a non-empty target exited $status: $(cat again.txt)"
grep -q "already holds $evaluations evaluations" again.txt || fail "the refusal does not name the count: $(cat again.txt)"
if grep -q "kompass@\|$target_db" again.txt; then
  fail "the refusal echoes the URL: $(cat again.txt)"
fi
"$kompass" --lang en migrate --from "$work/demo.db" --to "$target" --force >forced.txt 2>&1 ||
  fail "migrate --force failed: $(cat forced.txt)"
cmp -s migrate.txt forced.txt || fail "migrate --force reported otherwise: $(diff migrate.txt forced.txt)"

"$kompass" --lang en migrate --from "$work/demo.db" --to "$target" --verify-only >verify.txt ||
  fail "verify-only failed on an exact copy: $(cat verify.txt)"
psql -X -q -v ON_ERROR_STOP=1 "$target" -c "UPDATE findings SET text = 'x' WHERE id = (SELECT min(id) FROM findings)"
status=0
"$kompass" --lang en migrate --from "$work/demo.db" --to "$target" --verify-only >altered.txt 2>&1 || status=$?
[ "$status" -ne 0 ] || fail "verify-only passed after a finding was altered: $(cat altered.txt)"
grep -q "differ in the tables: .*findings" altered.txt || fail "verify-only does not name findings: $(cat altered.txt)"
"$kompass" --lang en migrate --from "$work/demo.db" --to "$target" --force >/dev/null || fail "migrate --force again failed"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$kompass" --db "$target" serve --listen "127.0.0.1:$port" >serve.log 2>&1 &
serving=$!
for _ in $(seq 1 100); do
  curl -s -o /dev/null "http://127.0.0.1:$port/" && break
  sleep 0.1
done
for path in /evaluations/sundsvall-2012 /api/v1/evaluations/sundsvall-2012; do
  code=$(curl -s -o page.out -w '%{http_code}' "http://127.0.0.1:$port$path")
  [ "$code" = 200 ] || fail "GET $path answered $code: $(head -c 300 page.out) $(cat serve.log)"
done
grep -q "sundsvall-2012" page.out || fail "the API answer does not name the evaluation: $(head -c 300 page.out)"
kill -TERM "$serving"
wait "$serving" || fail "serve did not stop cleanly on SIGTERM: $(cat serve.log)"
serving=""
echo "ok: migrated the demo database into PostgreSQL, verified it, refused a non-empty target and served it"
