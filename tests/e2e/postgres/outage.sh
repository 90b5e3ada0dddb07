#!/usr/bin/env bash
# Usage: outage.sh KOMPASS_BINARY PROJECT_ROOT
# The database going away under a running node: `kompass serve` on PostgreSQL answers a page and the API (200); the
# PostgreSQL server is stopped, and within a few seconds both answer 503 (not a hang) with Retry-After, the API with
# the error JSON code "store_unavailable" and a plain message (no URL, host or port), the page as the HTML error page,
# /readyz 503 while /healthz stays 200; a write is refused with 503 too. The server is started again and, without
# restarting the node, page, API and /readyz answer 200 within a few seconds, the session made before the outage still
# works, and a score written through the API is stored. The CLI exits 3 (try again) while the server is down.
# It stops a PostgreSQL server, so it never uses the cluster other tests share: it runs itself again under its own
# nested scripts/with-postgres and stops and starts that one through KOMPASS_TEST_PG_CTL.
# Needs KOMPASS_TEST_POSTGRES (scripts/with-postgres sets it); without it the test is skipped (exit 77).
set -euo pipefail
kompass=$1
root=$2
if [ -z "${KOMPASS_TEST_POSTGRES:-}" ]; then
  echo "skipped: KOMPASS_TEST_POSTGRES is not set (run under scripts/with-postgres)"
  exit 77
fi
if [ -z "${KOMPASS_OUTAGE_PRIVATE_CLUSTER:-}" ]; then
  KOMPASS_OUTAGE_PRIVATE_CLUSTER=1 exec "$root/scripts/with-postgres" bash "$0" "$kompass" "$root"
fi
[ -n "${KOMPASS_TEST_PG_CTL:-}" ] || {
  echo "FAILED: scripts/with-postgres did not set KOMPASS_TEST_PG_CTL" >&2
  exit 1
}

work=$(mktemp -d)
cd "$work"
target="${KOMPASS_TEST_POSTGRES%/*}/outage"
serving=""
cleanup() {
  if [ -n "$serving" ] && kill -0 "$serving" 2>/dev/null; then
    kill -TERM "$serving" 2>/dev/null || true
    wait "$serving" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "FAILED: $*" >&2
  echo "--- serve log (last lines):" >&2
  tail -20 serve.log >&2 2>/dev/null || true
  exit 1
}

psql -X -q -v ON_ERROR_STOP=1 "$KOMPASS_TEST_POSTGRES" -c "CREATE DATABASE outage"
"$root/scripts/demo-db" "$kompass" "$work/demo.db" >/dev/null
"$kompass" migrate --from "$work/demo.db" --to "$target" >/dev/null || fail "migrate into PostgreSQL failed"
draft=$("$kompass" --db "$target" evaluation create --municipality 2281 --year 2025 --framework kommunkompassen-2010)
password="outage test password 1"
echo "$password" | "$kompass" --db "$target" user add admin --role admin >/dev/null

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
"$kompass" --db "$target" serve --listen "127.0.0.1:$port" --threads 4 >serve.log 2>&1 &
serving=$!
for _ in $(seq 1 100); do
  curl -s -o /dev/null "$base/healthz" && break
  sleep 0.1
done

page=/evaluations/sundsvall-2012
api=/api/v1/evaluations/sundsvall-2012
# GET PATH OUT: prints the status; at most 10 s, so that a hanging node fails the test instead of stalling it.
get() {
  curl -s --max-time 10 -H 'Accept-Language: en' -D "$2.headers" -o "$2" -w '%{http_code}' "$base$1" || echo timeout
}
# Signs in as admin: the session cookie and the CSRF token.
curl -s --max-time 10 -c cookies.txt -H 'Content-Type: application/json' -o session.json \
  -d "{\"username\": \"admin\", \"password\": \"$password\"}" "$base/api/v1/session"
csrf=$(python3 -c 'import json, sys; print(json.load(open("session.json"))["csrf_token"])') ||
  fail "sign-in failed: $(cat session.json)"
# PUT_SCORE POINTS VERSION OUT: prints the status.
put_score() {
  curl -s --max-time 10 -b cookies.txt -X PUT -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf" \
    -H 'Accept-Language: en' -o "$3" -w '%{http_code}' -d "{\"points\": $1, \"version\": $2}" \
    "$base/api/v1/evaluations/$draft/scores/question/1.1.1" || echo timeout
}

# Every thread of the node holds a connection before the outage (4 threads, several requests each).
for _ in 1 2 3 4 5 6 7 8; do
  [ "$(get "$page" before.html)" = 200 ] || fail "GET $page before the outage: $(head -c 300 before.html)"
  [ "$(get "$api" before.json)" = 200 ] || fail "GET $api before the outage: $(head -c 300 before.json)"
done
[ "$(get /readyz ready.txt)" = 200 ] || fail "/readyz before the outage: $(cat ready.txt)"

# Asks the API and the page until both answer STATUS (up to 50 times, 0.1 s apart; the answers are kept in
# NAME.json and NAME.html), then checks it took at most 8 s since SINCE (seconds since the epoch).
await_both() {
  local want=$1 name=$2 when=$3 since=$4 attempt api_status page_status
  for attempt in $(seq 1 50); do
    api_status=$(get "$api" "$name.json")
    page_status=$(get "$page" "$name.html")
    [ "$api_status" = "$want" ] && [ "$page_status" = "$want" ] && break
    [ "$attempt" -eq 50 ] && fail "$when: API $api_status, page $page_status (want $want)"
    sleep 0.1
  done
  local elapsed=$(($(date +%s) - since))
  [ "$elapsed" -le 8 ] || fail "$when: $want came only after $elapsed s"
}

"$KOMPASS_TEST_PG_CTL" stop
stopped_at=$(date +%s)

# Within a few seconds: 503 from page and API, each answered at once rather than hanging.
await_both 503 down "after the database stopped" "$stopped_at"
# Every worker thread's lost connection is noticed, not only the first one's.
for _ in 1 2 3 4 5 6 7 8; do
  status=$(get "$api" down.json)
  [ "$status" = 503 ] || fail "GET $api during the outage answered $status: $(head -c 300 down.json)"
  status=$(get "$page" down.html)
  [ "$status" = 503 ] || fail "GET $page during the outage answered $status"
done
python3 - down.json <<'EOF' || fail "the API's 503 body: $(cat down.json)"
import json, sys
error = json.load(open(sys.argv[1]))["error"]
assert error["code"] == "store_unavailable", error
assert "cannot be reached" in error["message"], error
EOF
grep -qi '^Retry-After: [1-9]' down.json.headers || fail "no Retry-After on the API's 503: $(cat down.json.headers)"
grep -qi '^Retry-After: [1-9]' down.html.headers || fail "no Retry-After on the page's 503: $(cat down.html.headers)"
grep -qi '^Content-Type: text/html' down.html.headers || fail "the page's 503 is not HTML: $(cat down.html.headers)"
if ! grep -q '<html' down.html || ! grep -q 'cannot be reached' down.html; then
  fail "no HTML error page: $(head -c 500 down.html)"
fi
port_pg=${KOMPASS_TEST_POSTGRES##*:}
port_pg=${port_pg%%/*}
if grep -q "kompass@\|127.0.0.1\|$port_pg\|postgresql:" down.json down.html; then
  fail "the 503 answer shows the database's address"
fi
[ "$(get /healthz health.txt)" = 200 ] || fail "/healthz during the outage: $(cat health.txt)"
[ "$(get /readyz unready.txt)" = 503 ] || fail "/readyz during the outage did not answer 503: $(cat unready.txt)"
status=$(put_score 2 0 put-down.json)
[ "$status" = 503 ] || fail "PUT a score during the outage answered $status: $(cat put-down.json)"
kill -0 "$serving" 2>/dev/null || fail "the node exited during the outage"
status=0
"$kompass" --db "$target" --lang en evaluation list >cli-down.txt 2>&1 || status=$?
[ "$status" -eq 3 ] || fail "the CLI exited $status during the outage (want 3, try again): $(cat cli-down.txt)"
grep -q "cannot be reached right now" cli-down.txt || fail "the CLI's message during the outage: $(cat cli-down.txt)"

"$KOMPASS_TEST_PG_CTL" start
started_at=$(date +%s)
await_both 200 after "after the database started again" "$started_at"
for _ in 1 2 3 4 5 6 7 8; do
  [ "$(get "$page" after.html)" = 200 ] || fail "GET $page after recovery: $(head -c 300 after.html)"
  [ "$(get "$api" after.json)" = 200 ] || fail "GET $api after recovery: $(head -c 300 after.json)"
done
cmp -s before.json after.json || fail "the API answers otherwise after recovery: $(diff before.json after.json | head)"
[ "$(get /readyz ready.txt)" = 200 ] || fail "/readyz after recovery: $(cat ready.txt)"
status=$(put_score 3 0 put.json)
[ "$status" = 200 ] || fail "PUT a score after recovery answered $status: $(cat put.json)"
# Read back through the node, with the session made before the outage.
status=$(curl -s --max-time 10 -b cookies.txt -o scores.json -w '%{http_code}' "$base/api/v1/evaluations/$draft/scores")
[ "$status" = 200 ] || fail "GET the draft's scores after recovery answered $status: $(cat scores.json)"
python3 - scores.json <<'EOF' || fail "the score written after recovery is not stored: $(head -c 500 scores.json)"
import json, sys
scores = json.load(open(sys.argv[1]))
assert any("1.1.1" in score.values() and score.get("points") == 3 for score in scores), scores
EOF
kill -0 "$serving" 2>/dev/null || fail "the node exited"
kill -TERM "$serving"
wait "$serving" || fail "serve did not stop cleanly on SIGTERM"
serving=""
echo "ok: the node answered 503 while PostgreSQL was down and recovered by itself when it came back"
