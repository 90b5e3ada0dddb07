#!/usr/bin/env bash
# Usage: two_nodes.sh KOMPASS_BINARY PROJECT_ROOT [sqlite]
# Two `kompass serve` nodes (A and B, each with its own --index folder) on one fresh PostgreSQL database (or, with
# `sqlite`, one SQLite file) holding the demo data and a draft evaluation: a session started through A works on B and
# ends on B when signed out through A; a finding and a score edited through A read back through B's API on the very
# next request; B's public pages follow A's status changes within a second (page cache); B's follower takes the edit
# into its index without any search on B asking for it (B's log names the change within 2 s), and a search through B
# finds the new word within 2 s. Then a third node started on A's --index folder while A holds it falls back to a
# folder of its own and still serves searches.
# On PostgreSQL it needs KOMPASS_TEST_POSTGRES (scripts/with-postgres sets it); without it the test is skipped (77).
set -euo pipefail
kompass=$1
root=$2
backend=${3:-postgresql}
work=$(mktemp -d)
cd "$work"
if [ "$backend" = sqlite ]; then
  db="$work/kompass.db"
  last_change() {
    python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("SELECT max(sequence) FROM changes").fetchone()[0])' "$db"
  }
  drop_database() { :; }
else
  if [ -z "${KOMPASS_TEST_POSTGRES:-}" ]; then
    echo "skipped: KOMPASS_TEST_POSTGRES is not set (run under scripts/with-postgres)"
    rm -rf "$work"
    exit 77
  fi
  target_db="two_nodes_$$_$RANDOM"
  db="${KOMPASS_TEST_POSTGRES%/*}/$target_db"
  psql -X -q -v ON_ERROR_STOP=1 "$KOMPASS_TEST_POSTGRES" -c "CREATE DATABASE $target_db"
  last_change() { psql -X -q -t -A "$db" -c "SELECT max(sequence) FROM changes"; }
  drop_database() {
    psql -X -q "$KOMPASS_TEST_POSTGRES" -c "DROP DATABASE IF EXISTS $target_db WITH (FORCE)" >/dev/null 2>&1 || true
  }
fi
nodes=()
cleanup() {
  for pid in "${nodes[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  drop_database
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "FAILED: $*" >&2
  for log in "$work"/node_*.log; do
    [ -e "$log" ] && { echo "--- $log (last 20 lines)" >&2; tail -20 "$log" >&2; }
  done
  exit 1
}

now_ms() { date +%s%3N; }

# JSON field of standard input by a Python expression on `d`.
json_get() { python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"; }

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# start_node NAME PORT INDEX_DIR: starts `kompass serve` in the background and waits for /healthz.
start_node() {
  local name=$1 port=$2 index=${3:-}
  local chosen=()
  if [ -n "$index" ]; then
    chosen=(--index "$index")
  fi
  "$kompass" --lang en --db "$db" serve --listen "127.0.0.1:$port" "${chosen[@]}" \
    >"node_$name.out" 2>"node_$name.log" &
  nodes+=($!)
  for _ in $(seq 1 150); do
    curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && return 0
    kill -0 "${nodes[-1]}" 2>/dev/null || fail "node $name exited: $(cat "node_$name.out" "node_$name.log")"
    sleep 0.1
  done
  fail "node $name did not answer /healthz within 15 s"
}

# api NODE_PORT METHOD PATH [BODY]: one request with the session cookie (and CSRF token on writes) when set;
# the body goes to answer.json, the headers to headers.txt, the status is printed.
cookie=""
csrf=""
api() {
  local port=$1 method=$2 path=$3 body=${4:-}
  local args=(-s -o answer.json -D headers.txt -w '%{http_code}' -X "$method")
  [ -n "$cookie" ] && args+=(-H "Cookie: kompass_session=$cookie")
  if [ -n "$csrf" ] && [ "$method" != GET ]; then
    args+=(-H "X-CSRF-Token: $csrf")
  fi
  [ -n "$body" ] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
  curl "${args[@]}" "http://127.0.0.1:$port$path"
}

# The demo data as scripts/demo-db makes it, and a draft copy of the Sundsvall evaluation for another municipality.
"$kompass" --db "$db" init >/dev/null
for sample in sundsvall-2012.json published-results.csv published-averages.csv; do
  "$kompass" --db "$db" import "$root/data/samples/$sample" >/dev/null
done
python3 - "$root/data/samples/sundsvall-2012.json" draft.json <<'EOF'
import json, sys
evaluation = json.load(open(sys.argv[1], encoding="utf-8"))
evaluation.update(id="nacka-2016", year=2016, status="draft")
evaluation["municipality"] = {"country": "SE", "code": "0182", "name": "Nacka", "county": "Stockholms län",
                              "key_figures": []}
evaluation.pop("earlier_evaluations", None)
json.dump(evaluation, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
EOF
"$kompass" --db "$db" import draft.json >/dev/null
password="två-noder-$RANDOM-$RANDOM-lösen"
printf '%s\n' "$password" | "$kompass" --db "$db" user add admin --role admin >/dev/null

port_a=$(free_port)
port_b=$(free_port)
start_node a "$port_a" "$work/index_a"
start_node b "$port_b" "$work/index_b"

# Sessions live in the database: signed in through A, the cookie works on B.
status=$(api "$port_a" POST /api/v1/session "{\"username\": \"admin\", \"password\": \"$password\"}")
[ "$status" = 200 ] || fail "sign-in through A answered $status: $(cat answer.json)"
csrf=$(json_get 'd["csrf_token"]' <answer.json)
cookie=$(sed -n 's/^[Ss]et-[Cc]ookie: kompass_session=\([^;]*\);.*/\1/p' headers.txt | tr -d '\r')
[ -n "$cookie" ] || fail "the sign-in through A set no session cookie: $(cat headers.txt)"
status=$(api "$port_b" GET /api/v1/session)
[ "$status" = 200 ] || fail "GET /api/v1/session on B answered $status: $(cat answer.json)"
[ "$(json_get 'd["user"]["username"] if d["user"] else None' <answer.json)" = admin ] ||
  fail "B does not know the session started through A: $(cat answer.json)"
[ "$(json_get 'd["csrf_token"]' <answer.json)" = "$csrf" ] || fail "B gives the session another CSRF token"

# An edit through A reads back through B at once (the API reads the store on every request).
evaluation=/api/v1/evaluations/nacka-2016
status=$(api "$port_b" GET "$evaluation/findings")
[ "$status" = 200 ] || fail "GET findings on B answered $status: $(cat answer.json)"
word="zebrakorsningsfråga$RANDOM"
python3 - "$word" answer.json >finding.json <<'EOF'
import json, sys
finding = json.load(open(sys.argv[2], encoding="utf-8"))[0]
finding["text"] = f"Kommunen saknar svar på {sys.argv[1]} i sin plan."
print(finding["id"])
json.dump(finding, open("finding_body.json", "w", encoding="utf-8"), ensure_ascii=False)
EOF
finding_id=$(cat finding.json)
status=$(api "$port_b" GET "$evaluation/scores")
read -r score_area score_points score_version < <(json_get \
  '" ".join(str(x) for x in next((s["target_id"], s["points"], s["version"]) for s in d if s["target"] == "area" and s["evaluator"] == ""))' \
  <answer.json)
new_points=$((score_points > 0 ? score_points - 1 : 1))

status=$(api "$port_a" PUT "$evaluation/findings/$finding_id" "$(cat finding_body.json)")
[ "$status" = 200 ] || fail "PUT finding through A answered $status: $(cat answer.json)"
edited_at=$(now_ms)
status=$(api "$port_a" PUT "$evaluation/scores/area/$score_area" \
  "{\"points\": $new_points, \"rationale\": \"Ändrad via nod A\", \"version\": $score_version}")
[ "$status" = 200 ] || fail "PUT score through A answered $status: $(cat answer.json)"
status=$(api "$port_b" GET "$evaluation/findings")
[ "$status" = 200 ] || fail "GET findings on B answered $status"
grep -q "$word" answer.json || fail "B's very next read does not show the finding edited through A: $(head -c 400 answer.json)"
status=$(api "$port_b" GET "$evaluation/scores")
got=$(json_get "next((s['points'], s['version']) for s in d if s['target'] == 'area' and s['target_id'] == '$score_area' and s['evaluator'] == '')" <answer.json)
[ "$got" = "($new_points, $((score_version + 1)))" ] ||
  fail "B's very next read of the score gives $got, expected ($new_points, $((score_version + 1)))"

# B's follower takes the edit into B's index although nobody searches on B: its log names a change at least as
# late as the edit's within 2 s (only the follower writes these lines; searches catch up silently).
last_change=$(last_change)
grep -q 'GET /api/v1/search' node_b.log && fail "B was searched before the follower check"
followed=""
while [ $(($(now_ms) - edited_at)) -lt 2000 ]; do
  followed=$(sed -n 's/.*The search index follows the database: change \([0-9]*\),.*/\1/p' node_b.log | tail -1)
  [ -n "$followed" ] && [ "$followed" -ge "$last_change" ] && break
  followed=""
  sleep 0.1
done
[ -n "$followed" ] || fail "B's follower did not take change $last_change into its index within 2 s (no search on B)"
follow_ms=$(($(now_ms) - edited_at))
grep -q 'GET /api/v1/search' node_b.log && fail "something searched on B during the follower check"

# Searchable through B within 2 s of the edit (polled every 100 ms).
found=""
while [ $(($(now_ms) - edited_at)) -lt 2000 ]; do
  status=$(api "$port_b" GET "/api/v1/search?q=$word")
  if [ "$status" = 200 ] && [ "$(json_get "any(h['key'] == 'f:$finding_id' for h in d['hits'])" <answer.json)" = True ]; then
    found=yes
    break
  fi
  sleep 0.1
done
search_ms=$(($(now_ms) - edited_at))
[ -n "$found" ] || fail "a search through B did not find the finding edited through A within 2 s ($search_ms ms)"

# B's public page of Sundsvall (cached per store change) follows a status change made through A within 1 s: the
# draft becoming final joins Sundsvall's default reference group, so the page's reference count grows.
saved_cookie=$cookie
cookie=""
reference_count() {
  curl -s "http://127.0.0.1:$port_b/evaluations/sundsvall-2012" | grep -o '(n=[0-9]*)' | head -1
}
before=$(reference_count)
[ "$before" = "$(reference_count)" ] || fail "B's cached page of Sundsvall changed without a change"
[ -n "$before" ] || fail "B's page of Sundsvall shows no reference group count"
cookie=$saved_cookie
status=$(api "$port_a" PUT "$evaluation/status" '{"status": "final"}')
[ "$status" = 200 ] || fail "PUT status final through A answered $status: $(cat answer.json)"
changed_at=$(now_ms)
after="$before"
while [ $(($(now_ms) - changed_at)) -lt 1000 ]; do
  after=$(reference_count)
  [ "$after" != "$before" ] && break
  sleep 0.1
done
[ "$after" != "$before" ] || fail "B's public page of Sundsvall still shows $before 1 s after A made nacka-2016 final"
status=$(api "$port_a" PUT "$evaluation/status" '{"status": "published"}')
[ "$status" = 200 ] || fail "PUT status published through A answered $status: $(cat answer.json)"
changed_at=$(now_ms)
shown=""
while [ $(($(now_ms) - changed_at)) -lt 1000 ]; do
  if curl -s "http://127.0.0.1:$port_b/evaluations/nacka-2016/findings" | grep -q "$word"; then
    shown=yes
    break
  fi
  sleep 0.1
done
[ -n "$shown" ] || fail "B's public findings page of nacka-2016 does not show the edited finding 1 s after A published it"

# Signed out through A, the session is over on B too.
status=$(api "$port_a" DELETE /api/v1/session)
[ "$status" = 204 ] || fail "sign-out through A answered $status: $(cat answer.json)"
status=$(api "$port_b" GET /api/v1/session)
[ "$(json_get 'd["user"]' <answer.json)" = None ] || fail "B still knows the session ended through A: $(cat answer.json)"
status=$(api "$port_b" GET /api/v1/users)
[ "$status" = 401 ] || fail "B still accepts the session ended through A for the user list: $status"

# A third node on A's index folder while A holds it: falls back to a folder of its own, says so once, and searches.
port_c=$(free_port)
start_node c "$port_c" "$work/index_a"
cookie=""
csrf=""
found=""
for _ in $(seq 1 100); do
  status=$(api "$port_c" GET "/api/v1/search?q=$word")
  if [ "$status" = 200 ] && [ "$(json_get "len(d['hits'])" <answer.json)" -gt 0 ]; then
    found=yes
    break
  fi
  sleep 0.1
done
[ -n "$found" ] || fail "node C (index folder held by A) did not find the published finding: $status $(head -c 300 answer.json)"
[ "$(grep -c "is in use by another process; this node uses an index of its own in $work/index_a-$port_c" node_c.log)" = 1 ] ||
  fail "node C did not log its fallback folder once"
[ -d "$work/index_a-$port_c" ] || fail "node C's fallback folder $work/index_a-$port_c is missing"
grep -q "in use by another process" node_a.log node_b.log && fail "node A or B fell back although its folder was free"
grep -q "Cannot follow" node_a.log node_b.log node_c.log && fail "a node's follower logged an error"

# The command line beside a node that holds the default index folder (as `make run` does): `kompass search` answers at
# once from an index folder of its own instead of waiting for the node's and failing.
port_d=$(free_port)
start_node d "$port_d"
for _ in $(seq 1 100); do
  grep -q "search index .* is open" node_d.log && break
  sleep 0.1
done
grep -q "search index .* is open" node_d.log || fail "node D did not open the default index folder: $(cat node_d.log)"
started_ms=$(now_ms)
timeout 8 "$kompass" --lang en --db "$db" search "$word" >cli_search.txt 2>&1 ||
  fail "kompass search beside node D failed: $(cat cli_search.txt)"
cli_ms=$(($(now_ms) - started_ms))
grep -q "$word" cli_search.txt || fail "kompass search beside node D did not find the finding: $(cat cli_search.txt)"
[ "$cli_ms" -lt 5000 ] || fail "kompass search beside node D took $cli_ms ms (waited for the node's index?)"

for index in "${!nodes[@]}"; do
  kill -TERM "${nodes[$index]}"
  wait "${nodes[$index]}" || fail "node $index did not stop cleanly on SIGTERM"
done
nodes=()
echo "ok: two nodes on one $backend database: shared sessions, edits through A read at once through B, B's follower" \
  "indexed the edit in $follow_ms ms without a search, B's search found it after $search_ms ms, B's public pages followed" \
  "A's status changes, a third node on a held index folder fell back to its own"
