# The two set-up commands: `make run` and `make test` (see README.md).
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
INDEX   ?= var/index
STAMP   := $(VENV)/.installed

.PHONY: run test lint bench bench-load bench-scale install serve index clean system

# Debian packages the commands need: tools/ensure-deps installs the missing ones as root
# (apt-get), else prints the command to run and stops. Python is needed until .venv exists;
# `make test` adds the Chromium that the browser tests drive and the PostgreSQL 15 server
# the engine tests start (target-specific, so it also holds for the prerequisites `make
# test` builds: everything is checked before anything).
SYSTEM := $(if $(wildcard $(BIN)/python),,python3 python3-venv)
test: SYSTEM += chromium postgresql-15

system:
	@PY=$(PY) tools/ensure-deps $(SYSTEM)

$(BIN)/python: | system
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

index: $(STAMP)
	$(BIN)/vnarchive index sample_data --index $(INDEX)

run: index
	$(BIN)/vnarchive serve --index $(INDEX) --host 127.0.0.1 --port 8000

test: $(STAMP)
	$(BIN)/python -m ruff check .
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .
	$(BIN)/python -m mypy

bench: $(STAMP)
	$(BIN)/python bench/run.py --keep bench/out/full
	$(BIN)/python bench/ingest.py --docs 2000
	$(BIN)/python bench/parse_bench.py
	$(BIN)/python bench/web_overhead.py bench/out/full/vnarchive
	$(BIN)/python bench/serve_load.py bench/out/full/vnarchive

# only the long load runs (8 and 32 clients, 20,000 requests) on the index `make bench` kept
bench-load: $(STAMP)
	$(BIN)/python bench/serve_load.py bench/out/full/vnarchive

# N× synthetic copies of the corpus, both engines (resumable: saved steps are skipped). Not in
# `make bench`: the 30× build alone takes over an hour, and the four sizes ~40 GB of disk.
bench-scale: $(STAMP)
	$(BIN)/python bench/scale.py --sizes 1,3,10,30 --out bench/out/scale

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
