#!/usr/bin/env bash
# Measures the web application against nginx serving the same page: bench/http.sh [BINARY]
#
# Builds nothing: BINARY (default build/kompass) must be built. In a temporary folder the script creates the
# demo database (scripts/demo-db), starts `BINARY --db DB serve --listen 127.0.0.1:PORT` on a free loopback port
# and waits for GET /healthz to answer 200 (at most 20 s), fetches PAGE (default /evaluations/sundsvall-2012)
# once into index.html, starts nginx (Debian nginx-light, as the current user, with a generated configuration:
# sendfile, keep-alive, no access log) serving that file on another free loopback port, and runs
# `wrk -t2 -c64 -d${BENCH_SECONDS}s --latency` against both, one after the other, each after a short warm-up.
# Neither request asks for compression. Prints requests/s and p99 latency per server, the throughput ratio
# kompass/nginx and whether the goals hold (ratio >= 0.5, kompass p99 < 20 ms); exits 1 when one is missed.
#
# Environment: BENCH_SECONDS (default 10), WARMUP_SECONDS (default 2; 0 skips the warm-up), WRK_THREADS
# (default 2), WRK_CONNECTIONS (default 64), KOMPASS_THREADS (passed to serve as --threads when set), PAGE.
# Every process the script starts is stopped, and the temporary folder removed, however it ends.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

binary=${1:-build/kompass}
seconds=${BENCH_SECONDS:-10}
warmup=${WARMUP_SECONDS:-2}
wrk_threads=${WRK_THREADS:-2}
wrk_connections=${WRK_CONNECTIONS:-64}
page=${PAGE:-/evaluations/sundsvall-2012}
ratio_goal=0.5
p99_goal_ms=20

if [ ! -x "$binary" ]; then
  echo "http.sh: $binary is not an executable; build it first (make build)" >&2
  exit 2
fi
binary=$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")
for tool in curl wrk nginx python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "http.sh: $tool is missing; scripts/install-deps installs it" >&2
    exit 2
  fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/kompass-bench-http.XXXXXX")
kompass_pid=""
nginx_pid=""
wrk_pid=""
bench_name=http.sh
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"

# shellcheck disable=SC2317 # called by the trap
cleanup() {
  stop "$wrk_pid"
  stop "$kompass_pid"
  stop "$nginx_pid"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Runs wrk against URL, leaving its output in FILE; fails when wrk saw non-2xx answers.
run_wrk() {
  local name=$1 url=$2 file=$3
  if [ "$warmup" != 0 ]; then
    wrk_wait -t"$wrk_threads" -c"$wrk_connections" -d"${warmup}s" "$url" >/dev/null
  fi
  wrk_wait -t"$wrk_threads" -c"$wrk_connections" -d"${seconds}s" --latency "$url" >"$file"
  if grep -q 'Non-2xx or 3xx responses' "$file"; then
    echo "http.sh: $name answered with errors; wrk said:" >&2
    cat "$file" >&2
    exit 2
  fi
}

requests_per_second() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
p99_ms() {
  local figure
  figure=$(awk '$1 == "99%" { print $2 }' "$1")
  if [ -z "$figure" ]; then
    echo "http.sh: no 99% latency in wrk's output:" >&2
    cat "$1" >&2
    exit 2
  fi
  to_ms "$figure"
}
socket_errors() { sed -n 's/^ *Socket errors: *//p' "$1"; }

echo "== load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (other work on the machine skews the figures)"
echo "== demo database"
db="$work/kompass.db"
"$root/scripts/demo-db" "$binary" "$db" >/dev/null

kompass_port=$(free_port)
serve_args=(--db "$db" serve --listen "127.0.0.1:$kompass_port")
if [ -n "${KOMPASS_THREADS:-}" ]; then
  serve_args+=(--threads "$KOMPASS_THREADS")
fi
echo "== kompass: $binary ${serve_args[*]}"
"$binary" "${serve_args[@]}" >"$work/kompass.log" 2>&1 &
kompass_pid=$!
wait_for "http://127.0.0.1:$kompass_port/healthz" "$kompass_pid" "$work/kompass.log" kompass

kompass_url="http://127.0.0.1:$kompass_port$page"
mkdir -p "$work/www" "$work/nginx"
page_status=$(curl -sS --max-time 10 -o "$work/www/index.html" -w '%{http_code}' "$kompass_url" || true)
if [ "$page_status" != 200 ]; then
  echo "http.sh: GET $page answered ${page_status:-nothing}, not 200 (PAGE picks another page)" >&2
  exit 2
fi
page_bytes=$(wc -c <"$work/www/index.html")
echo "   $page: $page_bytes bytes"

# nginx as the current user: as root its workers would otherwise switch to nobody, who cannot read the folder.
nginx_port=$(free_port)
user_line=""
if [ "$(id -u)" -eq 0 ]; then
  user_line="user $(id -un) $(id -gn);"
fi
cat >"$work/nginx/nginx.conf" <<EOF
$user_line
worker_processes auto;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events {
  worker_connections 1024;
}
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 65;
  keepalive_requests 1000000;
  default_type text/html;
  charset utf-8;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/www;
    index index.html;
  }
}
EOF
echo "== nginx $(nginx -v 2>&1 | sed 's/.*nginx\///') on port $nginx_port"
nginx -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" >"$work/nginx/output.log" 2>&1 &
nginx_pid=$!
nginx_url="http://127.0.0.1:$nginx_port/index.html"
wait_for "$nginx_url" "$nginx_pid" "$work/nginx/error.log" nginx

echo "== wrk -t$wrk_threads -c$wrk_connections -d${seconds}s --latency (warm-up ${warmup}s each)"
run_wrk kompass "$kompass_url" "$work/wrk-kompass.txt"
run_wrk nginx "$nginx_url" "$work/wrk-nginx.txt"

kompass_rps=$(requests_per_second "$work/wrk-kompass.txt")
nginx_rps=$(requests_per_second "$work/wrk-nginx.txt")
kompass_p99=$(p99_ms "$work/wrk-kompass.txt")
nginx_p99=$(p99_ms "$work/wrk-nginx.txt")
if [ -z "$kompass_rps" ] || [ -z "$nginx_rps" ]; then
  echo "http.sh: could not read wrk's output:" >&2
  cat "$work/wrk-kompass.txt" "$work/wrk-nginx.txt" >&2
  exit 2
fi
ratio=$(awk -v k="$kompass_rps" -v n="$nginx_rps" 'BEGIN { printf "%.2f", (n > 0 ? k / n : 0) }')

echo
printf '%-8s %12s %10s\n' server 'req/s' 'p99 ms'
printf '%-8s %12.0f %10s\n' kompass "$kompass_rps" "$kompass_p99"
printf '%-8s %12.0f %10s\n' nginx "$nginx_rps" "$nginx_p99"
echo "throughput kompass/nginx: $ratio"
for name in kompass nginx; do
  errors=$(socket_errors "$work/wrk-$name.txt")
  if [ -n "$errors" ]; then
    echo "$name socket errors: $errors"
  fi
done

echo
status=0
if awk -v r="$ratio" -v g="$ratio_goal" 'BEGIN { exit !(r >= g) }'; then
  echo "goal throughput kompass/nginx >= $ratio_goal: met ($ratio)"
else
  echo "goal throughput kompass/nginx >= $ratio_goal: MISSED ($ratio)"
  status=1
fi
if awk -v p="$kompass_p99" -v g="$p99_goal_ms" 'BEGIN { exit !(p < g) }'; then
  echo "goal kompass p99 < $p99_goal_ms ms: met ($kompass_p99 ms)"
else
  echo "goal kompass p99 < $p99_goal_ms ms: MISSED ($kompass_p99 ms)"
  status=1
fi
exit "$status"
