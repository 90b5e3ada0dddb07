#!/usr/bin/env bash
# Measures search at national scale: builds the Release binaries in build/ (BUILD_DIR overrides), generates the
# synthetic corpus with `kompass dev generate` (1,100 municipalities × 6 evaluations × 40 findings = 264,000
# findings; MUNICIPALITIES, EVALUATIONS, FINDINGS and SEED override) in a temporary folder, starts a throwaway
# PostgreSQL cluster there, and runs kompass_bench_search: kompass's index build, then the 50 queries of
# bench/queries.txt on kompass (Xapian, with facets), PostgreSQL full-text search and SQLite FTS5, RUNS times
# each (default 5). Prints the store import and index build rates and p50/p95 per engine with the ratios.
# Exits 1 when a goal is missed. The temporary folder and the cluster are removed however the script ends.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
build_dir=${BUILD_DIR:-build}
municipalities=${MUNICIPALITIES:-1100}
evaluations=${EVALUATIONS:-6}
findings=${FINDINGS:-40}
seed=${SEED:-1}
runs=${RUNS:-5}
import_goal=100000

cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DKOMPASS_BENCH=ON >/dev/null
cmake --build "$build_dir" -j "$(nproc)" --target kompass kompass_bench_search >/dev/null

work=$(mktemp -d "${TMPDIR:-/tmp}/kompass-bench-search.XXXXXX")
pg_bin=""
for dir in /usr/lib/postgresql/*/bin; do
  if [ -x "$dir/initdb" ]; then
    pg_bin=$dir # the newest installed major version, as the glob sorts them
  fi
done
pg_data="$work/pg"
pg_started=""

# initdb and pg_ctl refuse to run as root: as root they run as the postgres user, which then owns the cluster.
as_cluster_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# shellcheck disable=SC2317 # called by the trap
cleanup() {
  if [ -n "$pg_started" ]; then
    as_cluster_owner "$pg_bin/pg_ctl" -D "$pg_data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== corpus: kompass dev generate ($municipalities municipalities × $evaluations evaluations × $findings findings)"
generated=$("$build_dir/kompass" --db "$work/kompass.db" dev generate --municipalities "$municipalities" \
  --evaluations-per-municipality "$evaluations" --findings "$findings" --seed "$seed" --without-index --lang en \
  2>/dev/null)
echo "$generated"
import_rate=$(echo "$generated" | sed -n 's/^Store import:.*(\([0-9]*\) findings\/s)$/\1/p')

postgres_args=()
if [ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ]; then
  # A Unix socket in our own folder and no TCP listener: nothing else on the machine can reach the cluster.
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  mkdir -p "$pg_data" "$work/socket"
  chmod 755 "$work"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$pg_data" "$work/socket"
  fi
  as_cluster_owner "$pg_bin/initdb" -D "$pg_data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  # jit off: compiling a plan takes longer than these queries; fsync off: the cluster is thrown away.
  as_cluster_owner "$pg_bin/pg_ctl" -D "$pg_data" -l "$work/socket/postgres.log" -w -o \
    "-p $port -k $work/socket -c listen_addresses='' -c jit=off -c fsync=off -c shared_buffers=512MB -c work_mem=64MB" \
    start >/dev/null
  pg_started=1
  postgres_args=(--postgres "host=$work/socket port=$port user=postgres dbname=postgres")
  echo "== PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on port $port (Unix socket only)"
else
  echo "== PostgreSQL: not installed (scripts/install-deps installs it); measuring kompass and FTS5 only"
fi

echo "== search: kompass_bench_search"
status=0
"$build_dir/bench/kompass_bench_search" --db "$work/kompass.db" --queries "$root/bench/queries.txt" --work "$work" \
  --runs "$runs" "${postgres_args[@]}" || status=$?
if [ "$status" -gt 1 ]; then
  exit "$status"
fi

echo
if [ -n "$import_rate" ] && [ "$import_rate" -ge "$import_goal" ]; then
  echo "goal store import >= $import_goal findings/s: met ($import_rate findings/s)"
else
  echo "goal store import >= $import_goal findings/s: MISSED (${import_rate:-unknown} findings/s)"
  status=1
fi
exit "$status"
