# Two commands do everything (see README.md):
#   make lab    set up .venv (first time only) and open the course in JupyterLab
#   make test   set up .venv (first time only) and run every test
# Other targets: make notebooks (re-execute and store all outputs), make images, make bench.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

PYTEST_ARGS ?=

.PHONY: lab test setup notebooks images bench lint clean

setup: $(STAMP)

# Reinstall only when the pinned requirements or the package metadata change.
$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $(STAMP)

# Lab's root is the repo (not notebooks/), so the chapters' ../images/ pictures load.
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" notebooks/01_activations_and_softmax.ipynb

test: $(STAMP)
	$(BIN)/python -m pytest --nbval --nbval-current-env \
		--nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-cell-timeout=300 \
		tests notebooks $(PYTEST_ARGS)

notebooks: $(STAMP)
	$(BIN)/python scripts/run_notebooks.py

images: $(STAMP)
	$(BIN)/python scripts/make_images.py

bench: $(STAMP)
	@for f in benchmarks/*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

# ruff is a maintainer tool, not a course dependency: installed on first use.
lint: $(STAMP)
	@$(BIN)/python -m ruff --version >/dev/null 2>&1 || $(BIN)/python -m pip install --quiet ruff==0.17.6
	$(BIN)/python -m ruff check helpers tests scripts benchmarks conftest.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
