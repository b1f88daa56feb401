# The README's commands. Each installs what it needs first (scripts/setup.sh).
.PHONY: setup demo test lint bench visualizations

setup:
	@scripts/setup.sh

demo: setup
	.venv/bin/strategygraph demo

test:
	@scripts/setup.sh --test
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy
	.venv/bin/pytest

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy

bench: setup
	.venv/bin/python -m benchmarks.bench_embedded
