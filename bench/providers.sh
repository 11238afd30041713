#!/usr/bin/env bash
# bench/providers.sh — `jobs.process` of COUNT job descriptions through a local
# OpenAI-compatible server (llama-cpp-python serving SmolLM2-135M, as the provider tests
# use: scripts/llm-server.sh prepares it) at provider concurrency 1, 2 and 4: items/s,
# output tokens/s and the share of items that fell back to the builtin engine.
#
# Usage (from the repo root): bash bench/providers.sh      (needs a release build: make release)
# Environment:
#   HIRED          hired binary                    (default .build/release/hired)
#   COUNT          job descriptions                (default 200)
#   CONCURRENCIES  maxConcurrency values to run    (default "1 2 4")
# Output: a table on stdout, and Markdown in bench/out/providers.md.
set -euo pipefail

ORIG_PWD=$PWD
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
. "$ROOT/bench/lib.sh"
bench_hired
OUT_MD=$ROOT/bench/out/providers.md

llm=$(bash scripts/llm-server.sh)
eval "$llm"
bench_tmp hp
start_hired
"$HIRED_LLAMA_PYTHON" Tests/HireProvidersTests/Fixtures/serve_llama.py "$HIRED_LLAMA_MODEL" >"$T/llama.port" 2>"$T/llama.log" &
LLAMA=$!
trap 'kill -TERM $LLAMA 2>/dev/null || true; bench_cleanup' EXIT
for _ in $(seq 600); do [ -s "$T/llama.port" ] && break; sleep 0.5; done
[ -s "$T/llama.port" ] || { echo "$BENCH_NAME: the llama server did not start" >&2; cat "$T/llama.log" >&2; exit 2; }

mkdir -p "$ROOT/bench/out"
python3 "$ROOT/bench/providers_client.py" --socket "$T/s" --base-url "http://127.0.0.1:$(head -n 1 "$T/llama.port")/v1" \
    --count "${COUNT:-200}" --concurrencies "${CONCURRENCIES:-1 2 4}" --out "$OUT_MD" &
CLIENT=$!
wait_client "$OUT_MD"
