# Two commands for a newcomer: `make docs` and `make test`; `make check` while editing.
# Everything else is set up here.
PYTHON_VERSION := $(shell cat .python-version)
# pyenv (and uv) read .python-version; elsewhere fall back to python3.12 on the PATH.
PYTHON ?= $(shell command -v python$(PYTHON_VERSION) 2>/dev/null || echo python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The versions every environment installs: uv.lock, exported for pip by `make lock`.
LOCK := requirements/dev.txt

# Quiet builds: no MkDocs 2 banner from Material, no TensorFlow start-up log lines.
export NO_MKDOCS_2_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: help setup lock docs serve check test lint clean lab

help:  ## List the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the lock or pyproject.toml changes: first the locked versions (hashes
# checked), then the package itself, editable, without resolving anything again.
$(STAMP): $(LOCK) pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade "pip>=25.1"
	$(BIN)/python -m pip install --quiet --require-hashes --requirement $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --editable .
	touch $@

setup: $(STAMP)  ## Create .venv and install the package with its docs and test tools

# After editing the dependencies in pyproject.toml: resolve once (uv.lock, every platform and
# Python the project supports), then export the lock for pip: requirements/runtime.txt (what
# `pip install aegan` needs, for the fresh-environment test and Colab), requirements/dev.txt
# (with the docs and test tools, what .venv holds) and requirements/notebook.txt (`make lab`).
UV := $(BIN)/python -m uv
EXPORT := $(UV) export --quiet --frozen --no-emit-project --no-default-groups
lock: $(STAMP)  ## Re-resolve the dependencies into uv.lock and requirements/*.txt
	$(UV) lock
	$(EXPORT) --output-file requirements/runtime.txt
	$(EXPORT) --group dev --output-file requirements/dev.txt
	$(EXPORT) --only-group notebook --output-file requirements/notebook.txt

docs: $(STAMP)  ## Execute every lecture and build the site into site/
	$(BIN)/mkdocs build --strict

serve: $(STAMP)  ## Live preview on http://127.0.0.1:8000 while editing
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

# The tests marked training, lecture, site, browser or install train models for seconds, execute
# whole lectures, build sites, drive Chromium or make virtual environments: `make check` leaves
# them to `make test`.
FAST := not (lecture or site or browser or install or training)

# Two workers (pytest-xdist), one per core: each pays its own TensorFlow import, and the quick
# tests still finish sooner than one after another (16 s against 19 s, docs/performance.md).
check: lint  ## Lint, then every test that is quick (no training, lecture, site, browser, install)
	$(BIN)/python -m pytest -n 2 -m "$(FAST)"

test: $(STAMP)  ## Run the whole test suite (what CI runs, after the lint)
	$(BIN)/python -m pytest

lint: $(STAMP)  ## Check the code with ruff
	$(BIN)/ruff check src tests lectures benchmarks docs/hooks
	$(BIN)/ruff format --check src tests lectures benchmarks docs/hooks

lab: $(STAMP)  ## Open the lectures as notebooks in JupyterLab
	$(BIN)/python -m pip install --quiet --require-hashes --requirement requirements/notebook.txt
	$(BIN)/jupyter lab lectures

clean:  ## Remove the virtual environment, the site, caches and outputs
	rm -rf $(VENV) site .cache outputs test-artifacts .pytest_cache .ruff_cache
	find . -name __pycache__ -prune -exec rm -rf {} +
