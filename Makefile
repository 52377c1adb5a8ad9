# Two entry points for a fresh machine: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEMO_DB := out/demo.db

.PHONY: setup demo test bench eval clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# torch first, pinned: its CPU build is on local disk (see README, "Set-up").
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

demo: setup
	@mkdir -p out
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/wirewatch --db $(DEMO_DB) ingest samples/news/txt/harbor-ledger --outlet "Harbor Ledger"
	$(BIN)/wirewatch --db $(DEMO_DB) ingest samples/news/txt/delta-morning-post --outlet "Delta Morning Post"
	$(BIN)/wirewatch --db $(DEMO_DB) ingest samples/news/jsonl samples/news/html samples/news/feeds samples/news/warc
	@if [ -d ../shared/seeds ]; then $(BIN)/wirewatch --db $(DEMO_DB) ingest ../shared/seeds; fi
	@echo
	$(BIN)/wirewatch --db $(DEMO_DB) articles --limit 10
	@echo
	$(BIN)/wirewatch --db $(DEMO_DB) search "missile"
	@echo
	$(BIN)/wirewatch --db $(DEMO_DB) stories --limit 15
	@echo
	@$(BIN)/wirewatch --db $(DEMO_DB) story $$($(BIN)/wirewatch --db $(DEMO_DB) stories --json --limit 1 | $(BIN)/python -c "import json,sys; print(json.load(sys.stdin)[0]['id'])")
	@echo
	$(BIN)/wirewatch --db $(DEMO_DB) events --limit 15
	@echo
	$(BIN)/wirewatch --db $(DEMO_DB) actors --limit 10
	@echo
	$(BIN)/wirewatch --db $(DEMO_DB) sitrep --limit 3
	@echo
	@echo "Dashboard:  $(BIN)/wirewatch --db $(DEMO_DB) serve   then open http://127.0.0.1:8000/"
	@echo "Explore further:  $(BIN)/wirewatch --db $(DEMO_DB) --help"

test: setup
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python -m benchmarks.ingest
	$(BIN)/python -m benchmarks.stories

clean:
	rm -rf $(VENV) out build *.egg-info src/*.egg-info
