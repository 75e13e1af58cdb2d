# The two commands in the README: `make lab` (open the course) and `make test` (run every test).
# Both create .venv from the pinned requirements the first time; nothing is installed outside this folder.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: lab test bench handouts clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python 3.11 or newer is needed; run e.g. 'make PYTHON=python3.11 lab'."; exit 1; }
	$(PYTHON) -m venv $(VENV)

# course.server: the Jupyter servers of this .venv send kernel messages to the page at once (see its docstring).
$(VENV)/.runtime-installed: requirements.txt pyproject.toml course/server.py | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(BIN)/python -m course.server
	@touch $@

$(VENV)/.test-installed: requirements-test.txt $(VENV)/.runtime-installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	@touch $@

# JupyterLab refuses to start as root (a container, a cloud VM) unless told that this is intended. LAB_ARGS passes
# options through, e.g. make lab LAB_ARGS=--no-browser
lab: $(VENV)/.runtime-installed
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS) notebooks/00_start_here.ipynb

test: $(VENV)/.test-installed
	$(BIN)/python -m pytest

bench: $(VENV)/.test-installed
	$(BIN)/python benchmarks/run.py

# One offline HTML page per lesson in build/handouts/, and an instructor edition with the answers in
# build/handouts/instructor/ (see course/handouts.py).
handouts: $(VENV)/.runtime-installed
	$(BIN)/python -m course.handouts

clean:
	rm -rf $(VENV) build
