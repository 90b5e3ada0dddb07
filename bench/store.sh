#!/usr/bin/env bash
# Measures the same workload on SQLite and on PostgreSQL in one run: bench/store.sh [BINARY]
#
# Builds nothing: BINARY (default build/kompass) and kompass_bench_store in the bench/ folder next to it must be
# built (cmake --build build --target kompass kompass_bench_store). Without KOMPASS_TEST_POSTGRES the script runs
# itself again under scripts/with-postgres (a throwaway cluster); with it, it creates a database of its own there
# and drops it at the end. For each backend, one after the other:
#   1. import: `BINARY dev generate --municipalities M --evaluations-per-municipality E --findings F --without-index`
#      into a fresh SQLite file or a fresh PostgreSQL database; the store import rate (findings/s) it prints;
#   2. ranking: kompass_bench_store times app::rank (what `kompass rank` runs) over every published evaluation of
#      the synthetic edition, RANK_RUNS times after a warm-up: p50 and p95 in ms, and a digest of the ranking, which
#      must be the same on both backends;
#   3. API reads through two nodes: two `BINARY --db LOCATION serve` nodes on free loopback ports (each with its own
#      --index folder when serve has that option), nginx in front (generated configuration: an upstream with both
#      nodes, keep-alive connections to them), and `wrk -t2 -c64 -d${BENCH_SECONDS}s --latency` on
#      GET /api/v1/evaluations/ID of the first-ranked (published) evaluation after a warm-up; requests/s, p99,
#      non-2xx answers and each node's share of the measured requests, counted from its access log.
# Prints a summary table and whether each goal holds: ranking p95 <= 50 ms on PostgreSQL, the same ranking on both
# backends, and on each backend reads without errors with each node serving at least 40 % of them; exits 1 when
# one is missed, 2 when the benchmark could not run.
#
# Environment: BENCH_MUNICIPALITIES (default 1100), BENCH_EVALUATIONS (6 per municipality), BENCH_FINDINGS (40 per
# evaluation), BENCH_SEED (1), RANK_RUNS (30), BENCH_SECONDS (10), WARMUP_SECONDS (2; 0 skips the warm-up),
# WRK_THREADS (2), WRK_CONNECTIONS (64), KOMPASS_THREADS (passed to serve as --threads when set), BACKENDS
# ("sqlite postgres"). Every process the script starts is stopped, its database dropped and its temporary folder
# removed, however it ends.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

if [ -z "${KOMPASS_TEST_POSTGRES:-}" ]; then
  exec "$root/scripts/with-postgres" bash "$root/bench/store.sh" "$@"
fi

binary=${1:-build/kompass}
municipalities=${BENCH_MUNICIPALITIES:-1100}
evaluations=${BENCH_EVALUATIONS:-6}
findings=${BENCH_FINDINGS:-40}
seed=${BENCH_SEED:-1}
rank_runs=${RANK_RUNS:-30}
seconds=${BENCH_SECONDS:-10}
warmup=${WARMUP_SECONDS:-2}
wrk_threads=${WRK_THREADS:-2}
wrk_connections=${WRK_CONNECTIONS:-64}
backends=${BACKENDS:-sqlite postgres}
rank_goal_ms=50
share_goal=40

if [ ! -x "$binary" ]; then
  echo "store.sh: $binary is not an executable; build it first (make build)" >&2
  exit 2
fi
binary=$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")
bench_binary=$(dirname "$binary")/bench/kompass_bench_store
if [ ! -x "$bench_binary" ]; then
  echo "store.sh: $bench_binary is missing; build it (cmake --build $(dirname "$binary") --target kompass_bench_store)" >&2
  exit 2
fi
for tool in curl wrk nginx psql python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "store.sh: $tool is missing; scripts/install-deps installs it" >&2
    exit 2
  fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/kompass-bench-store.XXXXXX")
# The database this run creates next to the one KOMPASS_TEST_POSTGRES names (same server, same role).
pg_server=${KOMPASS_TEST_POSTGRES%/*}
pg_database="kompass_bench_$$_$RANDOM"
pg_created=""
node_pids=()
nginx_pid=""
wrk_pid=""
bench_name=store.sh
wait_seconds=60
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"

# shellcheck disable=SC2317 # called by cleanup and between backends
stop_servers() {
  stop "$wrk_pid"
  wrk_pid=""
  stop "$nginx_pid"
  nginx_pid=""
  for pid in "${node_pids[@]}"; do
    stop "$pid"
  done
  node_pids=()
}

# shellcheck disable=SC2317 # called by the trap
cleanup() {
  stop_servers
  if [ -n "$pg_created" ]; then
    psql -X -q "$KOMPASS_TEST_POSTGRES" -c "DROP DATABASE IF EXISTS $pg_database WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The measured requests of PATH that a node's log holds after line SKIP.
served() {
  local log=$1 skip=$2 path=$3
  tail -n +"$((skip + 1))" "$log" | awk -v p="$path" '$3 == "GET" && $4 == p' | wc -l
}

serve_help=$("$binary" serve --help 2>&1 || true)
with_index=""
if grep -q -- '--index' <<<"$serve_help"; then
  with_index=1
fi

echo "== load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (other work on the machine skews the figures)"
echo "== workload: $municipalities municipalities × $evaluations evaluations × $findings findings (seed $seed)"

declare -A import_rate rank_p50 rank_p95 rank_digest rank_count reads_rps reads_p99 reads_errors share_1 share_2 load_at

# Measures one backend, whose store is at LOCATION.
measure() {
  local backend=$1 location=$2
  local dir="$work/$backend"
  mkdir -p "$dir"
  load_at[$backend]=$(cut -d' ' -f1-3 /proc/loadavg)
  echo
  echo "== $backend: import (load average ${load_at[$backend]})"
  local generated line
  if ! generated=$("$binary" --db "$location" --lang en dev generate --municipalities "$municipalities" \
    --evaluations-per-municipality "$evaluations" --findings "$findings" --seed "$seed" --without-index \
    2>"$dir/generate.log"); then
    echo "store.sh: kompass dev generate failed on $backend:" >&2
    cat "$dir/generate.log" >&2
    echo "$generated" >&2
    exit 2
  fi
  while IFS= read -r line; do
    echo "   $line"
  done <<<"$generated"
  import_rate[$backend]=$(sed -n 's/^Store import:.*(\([0-9]*\) findings\/s)$/\1/p' <<<"$generated")

  echo "== $backend: ranking (kompass_bench_store, $rank_runs runs after a warm-up)"
  local ranked
  if ! ranked=$("$bench_binary" --db "$location" --runs "$rank_runs"); then
    echo "store.sh: kompass_bench_store failed on $backend" >&2
    exit 2
  fi
  echo "   $ranked"
  field() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$ranked"; }
  rank_p50[$backend]=$(field p50_ms)
  rank_p95[$backend]=$(field p95_ms)
  rank_digest[$backend]=$(field digest)
  rank_count[$backend]="$(field ranked) of $(field published)"
  local evaluation
  evaluation=$(field first)
  local path="/api/v1/evaluations/$evaluation"

  echo "== $backend: two nodes behind nginx, GET $path"
  local ports=() node
  for node in 1 2; do
    local port
    port=$(free_port)
    ports+=("$port")
    local args=(--db "$location" serve --listen "127.0.0.1:$port")
    if [ -n "$with_index" ]; then
      args+=(--index "$dir/index-$node")
    fi
    if [ -n "${KOMPASS_THREADS:-}" ]; then
      args+=(--threads "$KOMPASS_THREADS")
    fi
    # Standard output gets the "listening" line; the access log (one line per request) goes to standard error.
    # Each node in a folder of its own: a PostgreSQL store's search index lives in the working folder.
    mkdir -p "$dir/node-$node"
    (cd "$dir/node-$node" && exec "$binary" "${args[@]}") >"$dir/node-$node.out" 2>"$dir/node-$node.log" &
    node_pids+=($!)
    wait_for "http://127.0.0.1:$port/healthz" "$!" "$dir/node-$node.log" "node $node"
  done
  local status
  status=$(curl -s -o "$dir/evaluation.json" -w '%{http_code}' --max-time 10 "http://127.0.0.1:${ports[0]}$path" || true)
  if [ "$status" != 200 ]; then
    echo "store.sh: GET $path answered ${status:-nothing} on node 1, not 200" >&2
    exit 2
  fi
  echo "   $path: $(wc -c <"$dir/evaluation.json") bytes"

  # nginx as the current user: as root its workers would otherwise switch to nobody.
  local nginx_port user_line=""
  nginx_port=$(free_port)
  if [ "$(id -u)" -eq 0 ]; then
    user_line="user $(id -un) $(id -gn);"
  fi
  mkdir -p "$dir/nginx"
  cat >"$dir/nginx/nginx.conf" <<EOF
$user_line
worker_processes auto;
daemon off;
pid $dir/nginx/nginx.pid;
error_log $dir/nginx/error.log warn;
events {
  worker_connections 1024;
}
http {
  access_log off;
  client_body_temp_path $dir/nginx/body;
  proxy_temp_path $dir/nginx/proxy;
  fastcgi_temp_path $dir/nginx/fastcgi;
  uwsgi_temp_path $dir/nginx/uwsgi;
  scgi_temp_path $dir/nginx/scgi;
  keepalive_requests 1000000;
  upstream kompass {
    server 127.0.0.1:${ports[0]};
    server 127.0.0.1:${ports[1]};
    # A node gives each open connection a worker thread (64 by default) until it has been idle for 5 s: the idle
    # connections every nginx worker keeps must stay well below that, or a node's threads are all held by idle
    # connections while a new one waits (wrk then times out).
    keepalive 16;
    keepalive_requests 1000000;
    keepalive_timeout 4s;
  }
  server {
    listen 127.0.0.1:$nginx_port;
    location / {
      proxy_pass http://kompass;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
    }
  }
}
EOF
  nginx -p "$dir/nginx" -e "$dir/nginx/error.log" -c "$dir/nginx/nginx.conf" >"$dir/nginx/output.log" 2>&1 &
  nginx_pid=$!
  local url="http://127.0.0.1:$nginx_port$path"
  wait_for "$url" "$nginx_pid" "$dir/nginx/error.log" nginx

  if [ "$warmup" != 0 ]; then
    wrk_wait -t"$wrk_threads" -c"$wrk_connections" -d"${warmup}s" "$url" >/dev/null
  fi
  local before_1 before_2
  before_1=$(wc -l <"$dir/node-1.log")
  before_2=$(wc -l <"$dir/node-2.log")
  echo "   wrk -t$wrk_threads -c$wrk_connections -d${seconds}s --latency (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  wrk_wait -t"$wrk_threads" -c"$wrk_connections" -d"${seconds}s" --latency "$url" >"$dir/wrk.txt"
  # Let the nodes write the access log lines of the last answers.
  sleep 0.5
  local served_1 served_2
  served_1=$(served "$dir/node-1.log" "$before_1" "$path")
  served_2=$(served "$dir/node-2.log" "$before_2" "$path")

  reads_rps[$backend]=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$dir/wrk.txt")
  local p99
  p99=$(awk '$1 == "99%" { print $2 }' "$dir/wrk.txt")
  if [ -z "${reads_rps[$backend]}" ] || [ -z "$p99" ]; then
    echo "store.sh: could not read wrk's output:" >&2
    cat "$dir/wrk.txt" >&2
    exit 2
  fi
  reads_p99[$backend]=$(to_ms "$p99")
  local non_2xx socket_errors
  non_2xx=$(sed -n 's/^ *Non-2xx or 3xx responses: *//p' "$dir/wrk.txt")
  socket_errors=$(sed -n 's/^ *Socket errors: *//p' "$dir/wrk.txt")
  reads_errors[$backend]=${non_2xx:-0}
  if [ -n "$socket_errors" ]; then
    echo "   wrk socket errors: $socket_errors"
    # Timeouts and failed reads are errors too; connect errors at the very end of a run are not counted by wrk.
    local broken
    broken=$(awk -F'[ ,]+' '{ for (i = 1; i < NF; ++i) if ($i == "read" || $i == "write" || $i == "timeout") s += $(i + 1) } END { print s + 0 }' <<<"$socket_errors")
    reads_errors[$backend]=$((reads_errors[$backend] + broken))
  fi
  # Answers other than 2xx that the nodes logged (nginx would pass them on, but a node's own count is clearer).
  local node_errors
  node_errors=$(for node in 1 2; do
    local skip
    skip=$([ "$node" = 1 ] && echo "$before_1" || echo "$before_2")
    tail -n +"$((skip + 1))" "$dir/node-$node.log" | awk '$3 == "GET" && $5 !~ /^2/' 
  done | wc -l)
  echo "   node 1 served $served_1, node 2 served $served_2 of the measured requests; nodes logged $node_errors non-2xx"
  local total=$((served_1 + served_2))
  if [ "$total" -gt 0 ]; then
    share_1[$backend]=$(awk -v a="$served_1" -v t="$total" 'BEGIN { printf "%.1f", 100 * a / t }')
    share_2[$backend]=$(awk -v a="$served_2" -v t="$total" 'BEGIN { printf "%.1f", 100 * a / t }')
  else
    share_1[$backend]=0
    share_2[$backend]=0
  fi
  stop_servers
}

for backend in $backends; do
  case $backend in
  sqlite)
    measure sqlite "$work/kompass.db"
    ;;
  postgres)
    psql -X -q -v ON_ERROR_STOP=1 "$KOMPASS_TEST_POSTGRES" -c "CREATE DATABASE $pg_database" >/dev/null
    pg_created=1
    measure postgres "$pg_server/$pg_database"
    ;;
  *)
    echo "store.sh: unknown backend $backend in BACKENDS (sqlite, postgres)" >&2
    exit 2
    ;;
  esac
done

echo
printf '%-9s %10s %9s %9s %13s %9s %8s %7s %7s %7s  %s\n' backend 'import/s' 'rank p50' 'rank p95' 'ranked' \
  'reads/s' 'p99 ms' 'errors' 'node 1' 'node 2' 'load at start'
for backend in $backends; do
  printf '%-9s %10s %9s %9s %13s %9s %8s %7s %7s %7s  %s\n' "$backend" "${import_rate[$backend]:-?}" \
    "${rank_p50[$backend]}" "${rank_p95[$backend]}" "${rank_count[$backend]}" "${reads_rps[$backend]}" \
    "${reads_p99[$backend]}" "${reads_errors[$backend]}" "${share_1[$backend]}%" "${share_2[$backend]}%" \
    "${load_at[$backend]}"
done
echo "(import/s: findings per second into the store; rank in ms; reads through nginx to two nodes)"

echo
status=0
goal() {
  local holds=$1 text=$2 figure=$3
  if [ "$holds" = 1 ]; then
    echo "goal $text: met ($figure)"
  else
    echo "goal $text: MISSED ($figure)"
    status=1
  fi
}
if [[ " $backends " == *" postgres "* ]]; then
  goal "$(awk -v p="${rank_p95[postgres]}" -v g="$rank_goal_ms" 'BEGIN { print (p <= g) ? 1 : 0 }')" \
    "ranking p95 <= $rank_goal_ms ms on PostgreSQL" "${rank_p95[postgres]} ms"
fi
if [[ " $backends " == *" sqlite "* ]] && [[ " $backends " == *" postgres "* ]]; then
  goal "$([ "${rank_digest[sqlite]}" = "${rank_digest[postgres]}" ] && echo 1 || echo 0)" \
    "the same ranking on both backends" "digest ${rank_digest[sqlite]} / ${rank_digest[postgres]}"
fi
for backend in $backends; do
  goal "$([ "${reads_errors[$backend]}" = 0 ] && echo 1 || echo 0)" "no read errors on $backend" \
    "${reads_errors[$backend]} errors"
  goal "$(awk -v a="${share_1[$backend]}" -v b="${share_2[$backend]}" -v g="$share_goal" \
    'BEGIN { print (a >= g && b >= g) ? 1 : 0 }')" "each node >= $share_goal % of the reads on $backend" \
    "${share_1[$backend]} % / ${share_2[$backend]} %"
done
exit "$status"
