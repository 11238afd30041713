#!/usr/bin/env bash
# bench/hiring.sh — the hiring flow under load (issue 12, item 11), in one run:
#   apply   CANDIDATES candidates apply to POSTINGS postings, CONCURRENCY at once, over the socket
#           (applications per second; applications.submit latency median and p99)
#   inbox   the recruiter's first login with WAITING applications sealed in her inbox: seconds
#           until her first applications.list answers (each opened, moved into her vault,
#           profiled and scored)
#
# Usage (from the repo root): bash bench/hiring.sh       (needs a release build: make release)
# Environment:
#   HIRED        hired binary                        (default .build/release/hired)
#   CANDIDATES   candidate accounts                  (default 1000)
#   POSTINGS     postings                            (default 50)
#   WAITING      applications waiting at the login   (default 10000; a multiple of CANDIDATES)
#   CONCURRENCY  candidates applying at once         (default 50: a user mode daemon takes at
#                most 64 connections per uid, and every candidate here is the same OS user)
#   TMPDIR       where the temp dir goes
# Output: a table on stdout, and Markdown in bench/out/hiring.md.
set -euo pipefail

ORIG_PWD=$PWD
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
. "$ROOT/bench/lib.sh"
bench_hired
CANDIDATES=${CANDIDATES:-1000}
POSTINGS=${POSTINGS:-50}
WAITING=${WAITING:-10000}
CONCURRENCY=${CONCURRENCY:-50}

bench_tmp hh
python3 "$ROOT/bench/gen_match.py" --jobs "$POSTINGS" --resumes 200 --seed 11 --out "$T/gen" &
CLIENT=$!
wait "$CLIENT"
CLIENT=
start_hired
python3 "$ROOT/bench/hiring_client.py" "$T/s" "$T/gen" "$PID" "$CANDIDATES" "$POSTINGS" "$WAITING" "$CONCURRENCY" \
    "$ROOT/bench/out/hiring.md" &
CLIENT=$!
wait_client "$ROOT/bench/out/hiring.md"
