"""Style: sqlfluff (dbt templater) reports no violation in any model, test or analysis;
ruff reports no lint violation and nothing to reformat in scripts/ and tests/ (ruff.toml)."""

from __future__ import annotations

import os
import subprocess

from conftest import BIN, PROJECT_DIR


def test_sqlfluff_lint_is_clean(typed_warehouse):
    env = dict(os.environ, DBT_DUCKDB_PATH=str(typed_warehouse.database), DBT_PROFILES_DIR=str(PROJECT_DIR))
    result = subprocess.run(
        [str(BIN / "sqlfluff"), "lint", "models", "tests", "analyses", "--disable-progress-bar"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]


def test_ruff_lint_and_format_are_clean():
    for command in (["check"], ["format", "--check"]):
        result = subprocess.run([str(BIN / "ruff"), *command], cwd=PROJECT_DIR, capture_output=True, text=True)
        assert result.returncode == 0, f"ruff {' '.join(command)}:\n{result.stdout[-8000:]}{result.stderr[-2000:]}"
