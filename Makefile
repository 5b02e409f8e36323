# graph-mtl: `make demo` and `make test` are all a new machine needs (Python 3.11+;
# Java 17 and Maven for the Neo4j server that the tests start, on ports of its own).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEMO_STORE := .graph-mtl/graph.db
# The default store, so that every README command reads what the demo wrote; each
# import is idempotent, so running the demo again changes nothing.
DEMO_FROM  := sp-zhang
DEMO_CUSTOMER := c-huaxin
DEMO_KEY_PERSON := huaxin-01
# The local Neo4j's credentials (scripts/neo4j/start.sh sets the password on first start).
export NEO4J_USERNAME ?= neo4j
export NEO4J_PASSWORD ?= graph-mtl-dev

.PHONY: demo test test-quick test-browser lint format browser-deps neo4j neo4j-stop bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

# A short tour of the MTL process on the demo data, on the embedded store, in the
# playbook's language (Chinese; GRAPH_MTL_LANGUAGE=en for English): the headings
# come from the message catalogue (graph_mtl/tour.py).
SAY := $(BIN)/python -m graph_mtl.tour
demo: $(VENV)/.installed
	$(BIN)/graph-mtl import seed/demo --store $(DEMO_STORE)
	@$(SAY) accounts
	$(BIN)/graph-mtl accounts --from $(DEMO_FROM) --top 3 --store $(DEMO_STORE)
	@$(SAY) committee customer=$(DEMO_CUSTOMER)
	$(BIN)/graph-mtl committee $(DEMO_CUSTOMER) --from $(DEMO_FROM) --need n-erp --store $(DEMO_STORE)
	@$(SAY) paths
	$(BIN)/graph-mtl paths --from $(DEMO_FROM) --to $(DEMO_KEY_PERSON) --k 2 --store $(DEMO_STORE)
	@$(SAY) channels
	$(BIN)/graph-mtl channels --audience potential --from $(DEMO_FROM) --store $(DEMO_STORE) | head -40
	@$(SAY) outreach customer=c-boyuan
	$(BIN)/graph-mtl outreach c-boyuan --from $(DEMO_FROM) --store $(DEMO_STORE) | head -40
	@$(SAY) linkedin salesperson=$(DEMO_FROM)
	$(BIN)/graph-mtl import-linkedin seed/linkedin/sp-zhang --salesperson $(DEMO_FROM) --store $(DEMO_STORE)
	@$(SAY) linkedin-path customer=c-northwind name="Daniel Park"
	$(BIN)/graph-mtl paths --from $(DEMO_FROM) --to li-daniel-park-nw --store $(DEMO_STORE)
	@$(SAY) crm
	$(BIN)/graph-mtl import-crm seed/crm/hubspot --mapping hubspot --create-customers --store $(DEMO_STORE)
	@$(SAY) crm-path customer=c-northwind salesperson=$(DEMO_FROM)
	$(BIN)/graph-mtl paths --from $(DEMO_FROM) --to northwind-03 --mode shortest --store $(DEMO_STORE)
	@$(SAY) evaluate customer=$(DEMO_CUSTOMER)
	$(BIN)/graph-mtl evaluate --contact huaxin-11 --customer $(DEMO_CUSTOMER) --need n-erp --from $(DEMO_FROM) --field timeline="Q3 2026" --store $(DEMO_STORE)
	@$(SAY) next store=$(DEMO_STORE)
	@echo "   $(BIN)/graph-mtl find 华信"
	@echo "   $(BIN)/graph-mtl committee 华信制造 --from 张伟 --need n-erp"
	@echo "   $(BIN)/graph-mtl intros request --from 张伟 --to 陈国栋"
	@$(SAY) path bin=$(BIN)
	@echo "   source $(BIN)/activate"

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The tests run against a Neo4j of their own (bolt 17687, data in .neo4j-test/),
# never the one `make neo4j` starts on 7687: they clear its database.
TEST_NEO4J := NEO4J_TEST=1
export GRAPH_MTL_TEST_NEO4J_URI ?= bolt://127.0.0.1:17687
export GRAPH_MTL_TEST_NEO4J_HTTP ?= http://127.0.0.1:17474

# Starts the tests' Neo4j for the run and stops it afterwards.
test: $(VENV)/.installed-dev browser-deps
	@$(TEST_NEO4J) scripts/neo4j/start.sh || exit 1; \
	$(MAKE) --no-print-directory lint && $(BIN)/pytest; rc=$$?; \
	$(TEST_NEO4J) scripts/neo4j/stop.sh; \
	exit $$rc

# The edit-test loop: lint, then every test that needs neither Neo4j nor a browser and is
# not marked slow (about half the time of all of them); `make test` runs them all.
test-quick: $(VENV)/.installed-dev
	$(MAKE) --no-print-directory lint
	$(BIN)/pytest -m "not neo4j and not browser and not slow"

# The browser checks drive Debian's Chromium, with CJK fonts for the demo's names
# (installed here when missing; needs root).
browser-deps:
	@{ command -v chromium && fc-list | grep -q "Noto Sans CJK"; } >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }

# Only the headless-Chromium check of the Browser guide (`make test` runs it too).
test-browser: $(VENV)/.installed-dev browser-deps
	@$(TEST_NEO4J) scripts/neo4j/start.sh || exit 1; \
	$(BIN)/pytest -m browser; rc=$$?; \
	$(TEST_NEO4J) scripts/neo4j/stop.sh; \
	exit $$rc

neo4j:
	scripts/neo4j/start.sh

neo4j-stop:
	scripts/neo4j/stop.sh

bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench.bench_paths

clean:
	rm -rf $(VENV) .graph-mtl .pytest_cache .mypy_cache .ruff_cache .hypothesis
