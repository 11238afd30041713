#!/usr/bin/env bash
# Builds and runs the C tests of the hirevfs VFS shim (ASan + UBSan). Exit 0 = all passed.
# Usage: Tests/vfs-c/run.sh   (from anywhere; builds into $TMPDIR)
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${TMPDIR:-/tmp}/hirevfs-test-bin.$$"
trap 'rm -f "$out"' EXIT
cc -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined \
   -Wall -Wextra -I Sources/CHireVFS/include \
   Sources/CHireVFS/hirevfs.c Tests/vfs-c/test_hirevfs.c -lsqlite3 -lsodium -o "$out"
# sodium_malloc'd pages are mlocked: keep LSan quiet about nothing, but detect leaks.
ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}" \
UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}" \
  "$out"
