#!/usr/bin/env bash
# Usage: round_trip.sh KOMPASS_BINARY PROJECT_ROOT
# The CLI on a PostgreSQL store, and the documented pg_dump / pg_restore backup: the Sundsvall sample imported
# into PostgreSQL shows exactly as from SQLite; dumped with pg_dump and restored with pg_restore into a new
# database, it shows the same again and is found by search (the index is rebuilt from the restored store).
# Needs KOMPASS_TEST_POSTGRES (scripts/with-postgres sets it); without it the test is skipped (exit 77).
set -euo pipefail
kompass=$1
root=$2
if [ -z "${KOMPASS_TEST_POSTGRES:-}" ]; then
  echo "skipped: KOMPASS_TEST_POSTGRES is not set (run under scripts/with-postgres)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
server=${KOMPASS_TEST_POSTGRES%/*}
suffix="$$_$RANDOM"
first="rt_first_$suffix"
second="rt_second_$suffix"
psql -X -q -v ON_ERROR_STOP=1 "$KOMPASS_TEST_POSTGRES" -c "CREATE DATABASE $first" -c "CREATE DATABASE $second"
drop() {
  psql -X -q "$KOMPASS_TEST_POSTGRES" -c "DROP DATABASE IF EXISTS $first" -c "DROP DATABASE IF EXISTS $second" \
    >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap drop EXIT

fail() {
  echo "FAILED: $*" >&2
  exit 1
}

"$kompass" --db "$work/sqlite.db" import "$root/data/samples/sundsvall-2012.json" --lang en >/dev/null
"$kompass" --db "$work/sqlite.db" evaluation show sundsvall-2012 --json >sqlite.json

"$kompass" --db "$server/$first" import "$root/data/samples/sundsvall-2012.json" --lang en >import.txt
grep -qx "Imported sundsvall-2012" import.txt || fail "import into PostgreSQL said: $(cat import.txt)"
"$kompass" --db "$server/$first" evaluation show sundsvall-2012 --json >first.json
cmp -s sqlite.json first.json || fail "evaluation show differs between SQLite and PostgreSQL: $(diff sqlite.json first.json | head -20)"

pg_dump --format=custom --file "$work/kompass.dump" "$server/$first"
pg_restore --dbname "$server/$second" --no-owner "$work/kompass.dump"
"$kompass" --db "$server/$second" evaluation show sundsvall-2012 --json >second.json
cmp -s first.json second.json || fail "the restored evaluation differs: $(diff first.json second.json | head -20)"

"$kompass" --db "$server/$second" search visselblåsarfunktion --lang sv >search.txt
grep -q "Sundsvall 2012" search.txt || fail "search in the restored database found: $(cat search.txt)"
# The index folder is named after host, port and database, never the URL's user.
ls -d kompass-*_"$second".index >/dev/null || fail "no index folder named after the database: $(ls)"
if ls | grep -q "kompass@"; then
  fail "an index folder carries the user name: $(ls)"
fi
echo "ok: SQLite and PostgreSQL agree; pg_dump/pg_restore round trip and search on the restored database"
