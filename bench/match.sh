#!/usr/bin/env bash
# bench/match.sh — the matching benchmark, in one run on generated jobs and resumes:
#   match    hired `match.run` {topK: 10} of every resume against every job (median of 5, the
#            first run, which builds the index, apart), and of one resume at a time, vs the same
#            BM25 top 10 from a plain Python inverted index                      (target <= 0.1x)
#            and, for reference, from `rank_bm25` (PyPI); scoring alone timed for both
#   ingest   `resumes.add` of 50 DOCX and of 50 PDF resumes made from the text ones (files/s)
#   memory   hired's peak RSS (VmHWM) at the end
# and prints, for three resumes, hired's top jobs next to rank_bm25's.
#
# Usage (from the repo root): bash bench/match.sh        (needs a release build: make release)
# Environment:
#   HIRED    hired binary                   (default .build/release/hired)
#   JOBS     generated jobs                 (default 10000; try 500 first)
#   RESUMES  generated text resumes         (default 100)
#   SEED     generator seed                 (default 7)
#   RUNS     timed match.run of all resumes (default 5, after the first run)
#   INGEST   DOCX files and PDF files       (default 50 each)
#   GEN      the generator                  (default bench/gen_match.py)
#   TMPDIR   where the temp dir goes
# Needs pdftotext (poppler-utils, installed with apt-get when missing) and the rank_bm25,
# python-docx and reportlab Python packages (installed with pip when missing).
# Output: a table on stdout, and Markdown in bench/out/match.md.
set -euo pipefail

ORIG_PWD=$PWD
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
. "$ROOT/bench/lib.sh"
bench_hired
JOBS=${JOBS:-10000}
RESUMES=${RESUMES:-100}
SEED=${SEED:-7}
RUNS=${RUNS:-5}
INGEST=${INGEST:-50}
if [ -n "${GEN:-}" ]; then GEN=$(abspath "$GEN" "$ORIG_PWD"); else GEN=$ROOT/bench/gen_match.py; fi
OUT_MD=$ROOT/bench/out/match.md

[ -f "$GEN" ] || { echo "match.sh: generator $GEN not found" >&2; exit 2; }

# ---- dependencies ---------------------------------------------------------------------------
apt_need pdftotext poppler-utils
pip_need rank_bm25 rank_bm25
pip_need docx python-docx
pip_need reportlab reportlab

# ---- temp dir, daemon, cleanup --------------------------------------------------------------
bench_tmp hm

echo "match.sh: generating $JOBS jobs and $RESUMES resumes (seed $SEED) ..." >&2
python3 "$GEN" --jobs "$JOBS" --resumes "$RESUMES" --seed "$SEED" --out "$T/gen" &
CLIENT=$!
wait "$CLIENT"
CLIENT=

start_hired

mkdir -p "$ROOT/bench/out"
# The generator and the client run in the background so that a signal reaches the trap at once.
python3 "$ROOT/bench/match_client.py" --socket "$T/s" --pid "$PID" --data "$T/gen" --workdir "$T" \
    --seed "$SEED" --runs "$RUNS" --ingest "$INGEST" --out "$OUT_MD" &
CLIENT=$!
wait_client "$OUT_MD"
