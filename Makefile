# blkanalysis: every target bootstraps .venv from requirements.lock first, so a
# fresh machine with only python3 and make needs nothing else.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.blk-installed
JOBS ?=
REPORT_ARGS ?=
# nbval's kernels forked from a process that has done blk report's imports (warm kernels)
WARM := -p blkanalysis.reports.nbval_warm --warm-kernels=@blkanalysis.cli.kernels:PRELOAD

.PHONY: help report check-reports test test-fast lab notebooks lint format bench lock messages clean

help:
	@echo "make report     build every report, English and Indonesian (reports/index.html)"
	@echo "make check-reports  run nbval over the last build's executed notebooks"
	@echo "make test       run all tests (lint, unit, notebooks with nbval, CLI)"
	@echo "make lab        start JupyterLab on the project's environment"
	@echo "make notebooks  re-execute notebooks/ in place with the baseline scenario"
	@echo "make lint       ruff check + ruff format --check + lint-imports (layers)"
	@echo "make bench      run the benchmarks (by hand; results go in benchmarks/README.md)"
	@echo "make lock       re-resolve requirements.lock from pyproject.toml"
	@echo "make messages   write blkanalysis/locale/blkanalysis.pot from the code's English and"
	@echo "                update the translations (.po) to it, then list what is left to translate"

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

report: $(STAMP)
	$(BIN)/blk report --lang en --lang id $(if $(JOBS),--jobs $(JOBS)) $(REPORT_ARGS)

check-reports: $(STAMP)
	$(BIN)/blk report --check

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n auto --dist loadfile
	$(BIN)/python -m pytest $(WARM) --nbval notebooks/*.ipynb --nbval-sanitize-with notebooks/sanitize.cfg

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow and not browser"

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

notebooks: $(STAMP)
	$(BIN)/blk notebooks

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(STAMP)
	$(BIN)/python -m blkanalysis.cli.i18n_tools messages

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_sweep.py
	$(BIN)/python benchmarks/bench_extract.py
	$(BIN)/python benchmarks/bench_reports.py

lock: $(STAMP)
	$(BIN)/pip-compile --quiet --extra dev --all-build-deps --allow-unsafe --generate-hashes --strip-extras \
		--no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis build dist *.egg-info
