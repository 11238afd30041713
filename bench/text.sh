#!/usr/bin/env bash
# bench/text.sh — how long hired takes over a large text, in seconds per MB (target <= 0.2):
# `resumes.add {text}` and `jobs.attachDescription {text}` of 1, 2, 4 and 8 MB (the largest a
# document may give is 8 MiB) of resume-like text (examples/resumes/daniel-okafor.txt repeated
# with its numbers varied), random words (nearly all distinct) and pathological texts (one line without a break, many short
# lines, one huge word, long runs of punctuation and Markdown marks). Each call reads the text,
# profiles it, indexes it for matching and for full-text search, and stores it.
#
# Usage (from the repo root): bash bench/text.sh        (needs a release build: make release)
# Environment:
#   HIRED    hired binary                 (default .build/release/hired)
#   SIZES    text sizes in MB             (default "1 2 4 8")
#   SHAPES   comma-separated shapes       (default all: resume-like, random words, one line, short lines, huge word,
#            punctuation, markdown marks)
#   TMPDIR   where the temp dir goes
# Output: a table on stdout, and Markdown in bench/out/text.md.
set -euo pipefail

ORIG_PWD=$PWD
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
. "$ROOT/bench/lib.sh"
bench_hired
SIZES=${SIZES:-1 2 4 8}
OUT_MD=$ROOT/bench/out/text.md


bench_tmp ht
start_hired

mkdir -p "$ROOT/bench/out"
python3 "$ROOT/bench/text_client.py" --socket "$T/s" --pid "$PID" --sizes "$SIZES" \
    --resume "$ROOT/examples/resumes/daniel-okafor.txt" --out "$OUT_MD" &
CLIENT=$!
wait_client "$OUT_MD"
