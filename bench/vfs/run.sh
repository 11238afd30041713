#!/usr/bin/env bash
# bench/vfs/run.sh — plain SQLite vs the hirevfs page-encrypting shim: the same workload
# (bench/vfs/vfs_bench.c), in the same run, warm OS cache; per-phase times and ratios.
#
# It runs two page-cache configurations, each for both stores:
#   default  SQLite's default page cache (2000 KiB): every page-cache miss is a decrypt;
#   64 MiB   PRAGMA cache_size=-65536 on both connections (the setting recommended for
#            hired's stores): the working set stays decrypted in SQLite's cache.
# Budget: total ratio <= 1.25 (BUDGET), judged on the 64 MiB configuration.
#
# Usage (from anywhere):  bash bench/vfs/run.sh [rows]       (default 100000)
# Environment: REPEAT (runs per store and configuration, best phase time kept; default 2),
#              STRICT=1 (exit 1 when over budget), BUDGET (default 1.25),
#              CACHES (default "0 65536": cache sizes in KiB, 0 = SQLite's default).
# Output: stdout, also written to bench/out/vfs.txt.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
mkdir -p bench/bin bench/out
cc -O2 -Wall -Wextra -I Sources/CHireVFS/include \
   Sources/CHireVFS/hirevfs.c bench/vfs/vfs_bench.c -lsqlite3 -lsodium -o bench/bin/vfs_bench
budget=${BUDGET:-1.25}
status=0
: > bench/out/vfs.txt
for kib in ${CACHES:-0 65536}; do
    CACHE_KIB=$kib bench/bin/vfs_bench "${1:-100000}" | tee -a bench/out/vfs.txt
    ratio=$(tail -n 1 bench/out/vfs.txt | sed -n 's/.*ratio=\([0-9.]*\).*/\1/p')
    if awk -v r="$ratio" -v b="$budget" 'BEGIN { exit !(r > b) }'; then
        verdict="over budget: total ratio $ratio > $budget"
        [ "$kib" = 65536 ] && status=1
    else
        verdict="within budget: total ratio $ratio <= $budget"
    fi
    echo "# $verdict" | tee -a bench/out/vfs.txt
    echo | tee -a bench/out/vfs.txt
done
if [ "${STRICT:-0}" = 1 ]; then exit "$status"; fi
