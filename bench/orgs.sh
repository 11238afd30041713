#!/usr/bin/env bash
# bench/orgs.sh — orgs through PostgreSQL (issue 17, item 8), scaled to a 2-core machine.
#
# Starts a throwaway cluster (initdb into a temp dir, a Unix socket only, fsync on as shipped)
# and DAEMONS+1 `hired --exchange` processes, each with a data dir of its own (machines of one
# agency), one recruiter on each. bench/orgs_client.py then: imports a board CSV of ROWS jobs
# into the org on one daemon (orgs.import) until every replica holds it, and the same file again; times a new member's first sync by replaying
# the log, then from a snapshot (orgs.compact); and times EDITS concurrent edits spread over
# the daemons until every replica converges (the same `orgs.status` content hash on every one),
# and CANDIDATES candidates on the daemons applying at once to a posting the org published, until
# every recruiter's copy of the org lists them all (applications sealed to the org's key).
# Issue 17 asks for 20 daemons and 100,000 rows: the defaults (5 daemons, 2,000 rows, 1,000
# edits) are what two shared cores do in a few minutes with debug daemons (every replica
# verifies, decrypts and writes every entry: 5 of them ran at ~15 changes/s). Prints the
# machine's load with the figures.
# Usage (from the repo root):  bash bench/orgs.sh
# Environment: HIRED (default .build/release/hired, else .build/debug/hired — said in the
#              output), DAEMONS (5), ROWS (2000), EDITS (1000), CANDIDATES (1000).
# Output: a table on stdout, and the same as Markdown in bench/out/orgs.md.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ORIG_PWD=$PWD
cd "$ROOT"
. bench/lib.sh
DAEMONS=${DAEMONS:-5} ROWS=${ROWS:-2000} EDITS=${EDITS:-1000} CANDIDATES=${CANDIDATES:-1000}
if [ -z "${HIRED:-}" ] && [ ! -x .build/release/hired ]; then HIRED=$ROOT/.build/debug/hired; fi
bench_hired
echo "$BENCH_NAME: $HIRED" >&2

BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$BIN/initdb" ] || { echo "$BENCH_NAME: PostgreSQL not found (apt-get install postgresql)" >&2; exit 2; }
T=$(mktemp -d /tmp/pgo.XXXXXX)
chmod 711 "$T"  # the cluster runs as hired-test when we are root: it must reach $T/pg
PIDS=()
RUN=()
if [ "$(id -u)" = 0 ]; then
    id hired-test >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin hired-test
    mkdir "$T/pg" && chown hired-test "$T/pg"
    RUN=(runuser -u hired-test -- env -C "$T/pg")
else
    mkdir "$T/pg"
fi
pg() { "${RUN[@]}" "$BIN/$1" "${@:2}"; }
cleanup() {
    local p
    for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
    for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
    pg pg_ctl -D "$T/pg/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pg initdb -D "$T/pg/data" -U hired -A trust -E UTF8 >/dev/null
printf "listen_addresses = ''\nunix_socket_directories = '%s'\nmax_connections = 200\n" "$T/pg" >>"$T/pg/data/postgresql.conf"
pg pg_ctl -D "$T/pg/data" -l "$T/pg/log" -w start >/dev/null

SOCKETS=()
for i in $(seq 0 "$DAEMONS"); do
    "$HIRED" --socket "$T/$i.s" --data-dir "$T/$i" --log-level warning --kdf-memory-mib 8 \
        --exchange "postgresql:///postgres?host=$T/pg&user=hired" 2>"$T/$i.log" &
    PIDS+=($!)
    SOCKETS+=("$T/$i.s")
done
for s in "${SOCKETS[@]}"; do
    for _ in $(seq 100); do [ -S "$s" ] && break; sleep 0.1; done
    [ -S "$s" ] || { echo "$BENCH_NAME: hired did not start" >&2; cat "$T"/*.log >&2; exit 2; }
done

mkdir -p bench/out
python3 bench/orgs_client.py bench/out/orgs.md "$ROWS" "$EDITS" "$CANDIDATES" "${SOCKETS[@]}" || {
    echo "$BENCH_NAME: the benchmark failed; the daemons' logs:" >&2
    tail -n 20 "$T"/*.log >&2
    exit 1
}
echo "hired: $HIRED; PostgreSQL $("$BIN/postgres" --version | awk '{print $3}'), fsync on, Unix socket" | tee -a bench/out/orgs.md
