# shellcheck shell=bash disable=SC2154 # bench_name is set by the sourcing script
# Shell helpers shared by the bench scripts; sourced, never run. The sourcing script sets `bench_name` (its name in
# messages) and `wrk_pid` (empty); `wait_seconds` (default 20) bounds wait_for.

# Stops process PID (one the script started): TERM, then KILL after 5 s.
# shellcheck disable=SC2317 # called by cleanup, from the trap
stop() {
  local pid=$1
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The HTTP status of GET URL, or 000 when nothing answers.
status_of() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1" 2>/dev/null || true
}

# Waits until GET URL answers 200, for at most wait_seconds, while process PID lives; LOG is shown on failure.
wait_for() {
  local url=$1 pid=$2 log=$3 name=$4 limit=${wait_seconds:-20}
  for _ in $(seq $((limit * 10))); do
    if [ "$(status_of "$url")" = 200 ]; then
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$bench_name: $name exited before answering $url; its output:" >&2
      tail -n 20 "$log" >&2 || true
      exit 2
    fi
    sleep 0.1
  done
  echo "$bench_name: $name did not answer 200 at $url within $limit s; its output:" >&2
  tail -n 20 "$log" >&2 || true
  exit 2
}

# wrk's latency figure ("1.23ms", "850.00us", "1.02s", "2.00m") in milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; unit = v; sub(/^[0-9.]+/, "", unit)
    if (unit == "us") n /= 1000; else if (unit == "s") n *= 1000; else if (unit == "m") n *= 60000
    printf "%.2f", n
  }'
}

# Runs wrk in the background and waits for it, so that a signal reaches the trap at once.
wrk_wait() {
  wrk "$@" &
  wrk_pid=$!
  wait "$wrk_pid"
  wrk_pid=""
}
