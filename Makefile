# M31 workbook. `make demo` and `make test` are the two commands a new user needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
KERNEL := m31
SAMPLE := data/sample

.PHONY: setup demo test lab bench clean-reports sql-graph

setup: $(STAMP)

LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings

# Rebuilt only when the lock, the project metadata or the lab's settings change.
$(STAMP): requirements.lock pyproject.toml config/jupyterlab/overrides.json
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "M31 workbook (.venv)" --env PLOOMBER_STATS_ENABLED false >/dev/null
	@# an offline workbook: JupyterLab never asks to fetch Jupyter news nor checks for updates
	mkdir -p $(LAB_SETTINGS) && cp config/jupyterlab/overrides.json $(LAB_SETTINGS)/overrides.json
	@touch $(STAMP)

demo: setup
	$(BIN)/m31 demo --sample-dir $(SAMPLE) --report-dir reports

$(SAMPLE)/scenarios.json: $(STAMP) $(wildcard lib/m31/sample/*.py)
	$(BIN)/m31 simulate --out $(SAMPLE)

# Lint (ruff), the import layers (import-linter, contracts in pyproject.toml), then unit, rule,
# sample-month and end-to-end tests, then nbval (lax) runs both notebooks on the sample.
# PYTEST_ARGS narrows the run (.ci/run: -m "not heavy_data" with the clock moved).
PYTEST_ARGS ?=
test: setup $(SAMPLE)/scenarios.json
	$(BIN)/ruff check lib tests scripts
	$(BIN)/lint-imports --no-logo --no-cache
	$(BIN)/python -m pytest tests notebooks/daily.ipynb notebooks/weekly.ipynb --nbval-lax --nbval-kernel-name $(KERNEL) -p no:cacheprovider $(PYTEST_ARGS)

# Benchmark against the floor (docs/performance.md); results in reports/bench/bench.md.
bench: setup
	$(BIN)/python scripts/bench.py

# The SQL graph: each query file, what it makes and what it reads (lib/m31/sqlgraph.py).
sql-graph: setup
	$(BIN)/python -m m31.sqlgraph

lab: setup
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --notebook-dir=notebooks --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate --MappingKernelManager.default_kernel_name=$(KERNEL) $(if $(filter 0,$(shell id -u)),--allow-root)

clean-reports:
	rm -rf reports/m31_slo_incident reports/weekly reports/postmortems
