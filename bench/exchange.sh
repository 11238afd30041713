#!/usr/bin/env bash
# bench/exchange.sh — org log throughput through PostgreSQL (issue 17, part A).
#
# Starts a throwaway cluster (initdb into a temp dir, a Unix socket only, fsync on as shipped),
# then in the same run:
#   baseline : pgbench, WRITERS clients each running BATCHES transactions of a plain
#              INSERT of BATCH rows of BODY_BYTES bytes (the floor any append pays);
#   exchange : the same shape through PostgresExchange.append (row lock on org_head, gapless
#              numbers, NOTIFY), WRITERS exchanges on connections of their own, then every
#              entry pulled back by a fresh exchange (entries, pages of 1000).
# Prints the machine's load before and after (other engineers share it: read the figures with it).
# Usage (from the repo root):  bash bench/exchange.sh
# Environment: WRITERS (4), BATCHES (250 per writer), BATCH (10), BODY_BYTES (512).
# The exchange side runs in the debug test build (.build/debug): its client CPU is not
# optimised, so its rate is a floor for a release hired.
# Output: a table on stdout, and the same as Markdown in bench/out/exchange.md.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
WRITERS=${WRITERS:-4} BATCHES=${BATCHES:-250} BATCH=${BATCH:-10} BODY_BYTES=${BODY_BYTES:-512}
export WRITERS BATCHES BATCH BODY_BYTES

BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$BIN/initdb" ] || { echo "bench/exchange.sh: PostgreSQL not found (apt-get install postgresql)" >&2; exit 2; }
DIR=$(mktemp -d /tmp/pgb.XXXXXX)
RUN=()
if [ "$(id -u)" = 0 ]; then
    id hired-test >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin hired-test
    chown hired-test "$DIR"
    RUN=(runuser -u hired-test -- env -C "$DIR")
fi
pg() { "${RUN[@]}" "$BIN/$1" "${@:2}"; }
cleanup() { pg pg_ctl -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true; rm -rf "$DIR"; }
trap cleanup EXIT

pg initdb -D "$DIR/data" -U hired -A trust -E UTF8 >/dev/null
printf "listen_addresses = ''\nunix_socket_directories = '%s'\n" "$DIR" >>"$DIR/data/postgresql.conf"
pg pg_ctl -D "$DIR/data" -l "$DIR/log" -w start >/dev/null
psql_() { pg psql -X -q -A -t -h "$DIR" -U hired -d postgres "$@"; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "machine: $(nproc) cores; load before: $load_before"
psql_ -c "CREATE TABLE bench_log (org_id text NOT NULL, seq bigint NOT NULL, body bytea NOT NULL, PRIMARY KEY (org_id, seq)); CREATE SEQUENCE bench_seq;"
cat >"$DIR/insert.sql" <<SQL
INSERT INTO bench_log SELECT 'bench', nextval('bench_seq'), convert_to(repeat('Z', $BODY_BYTES), 'UTF8') FROM generate_series(1, $BATCH);
SQL
[ -z "${RUN[*]}" ] || chown hired-test "$DIR/insert.sql"
tps=$(pg pgbench -n -h "$DIR" -U hired -c "$WRITERS" -j "$WRITERS" -t "$BATCHES" -f "$DIR/insert.sql" postgres 2>/dev/null \
    | awk '/^tps =/ {print $3; exit}')
baseline=$(awk -v t="$tps" -v b="$BATCH" 'BEGIN {printf "%d", t * b}')

swift build --build-tests >/dev/null 2>&1
line=$(HIRED_BENCH_EXCHANGE_URL="postgresql:///postgres?host=$DIR&user=hired" \
    swift test --skip-build --filter exchangeAppendAndPullThroughput 2>&1 | grep -o 'RESULT .*' | tail -1)
[ -n "$line" ] || { echo "bench/exchange.sh: the exchange run printed no result" >&2; exit 1; }
value() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<<"$line"; }
append=$(value append_changes_per_s) pull=$(value pull_changes_per_s)
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
echo "load after: $load_after"

mkdir -p bench/out
{
    echo "# Org log throughput through PostgreSQL ($(date -u +%Y-%m-%dT%H:%MZ))"
    echo
    echo "$(nproc) cores, load average (1/5/15 min) $load_before before, $load_after after; PostgreSQL $("$BIN/postgres" --version | awk '{print $3}'), fsync on, Unix socket."
    echo "$WRITERS writers x $BATCHES transactions x $BATCH rows of $BODY_BYTES bytes."
    echo
    echo "| path | changes/s |"
    echo "|---|---|"
    echo "| pgbench: plain INSERT of the same rows (baseline) | $baseline |"
    echo "| PostgresExchange.append (row lock, gapless seq, NOTIFY; debug build) | $append |"
    echo "| PostgresExchange.entries, pages of 1000 (debug build) | $pull |"
} >bench/out/exchange.md
cat bench/out/exchange.md
