"""Shared fixtures: small generated warehouses built by dbt, once per test session.

The data sets here use other seeds, sizes and dates than the demo, so nothing in the
project can lean on the demo's particular values."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(PROJECT_DIR / "scripts"))

# A small typed data set, and a smaller one landed as text (wrong_type rows).
TYPED = {"customers": 700, "days": 400, "as_of": "2025-12-31", "seed": 7, "bad_rate": 0.01}
TEXT = {"customers": 250, "days": 90, "as_of": "2026-03-31", "seed": 11, "bad_rate": 0.01}
# Two month-ends of a small data set, for what needs history (report, semantic layer).
HISTORY = {"customers": 320, "days": 150, "as_of": "2025-09-30", "seed": 19, "bad_rate": 0.01}


def generate(
    database: Path,
    customers: int,
    days: int,
    as_of: str,
    seed: int,
    bad_rate: float,
    raw_as_text: bool = False,
    unreadable: bool = True,
) -> dict:
    manifest = database.with_suffix(".manifest.json")
    command = [
        str(BIN / "python"),
        str(PROJECT_DIR / "scripts" / "generate_demo_data.py"),
        "--customers",
        str(customers),
        "--days",
        str(days),
        "--as-of",
        as_of,
        "--seed",
        str(seed),
        "--bad-rate",
        str(bad_rate),
        "--database",
        str(database),
        "--manifest",
        str(manifest),
        "--quiet",
    ]
    if raw_as_text:
        command.append("--raw-as-text")
    if not unreadable:
        command.append("--no-unreadable")
    subprocess.run(command, check=True, cwd=PROJECT_DIR)
    return json.loads(manifest.read_text(encoding="utf-8"))


def dbt(
    database: Path, *args: str, target_path: Path | None = None, check: bool = True, cwd: Path = PROJECT_DIR
) -> subprocess.CompletedProcess:
    """Run dbt against `database`; output is returned (and shown when it fails)."""
    env = dict(os.environ, DBT_DUCKDB_PATH=str(database), DBT_PROFILES_DIR=str(cwd))
    command = [str(BIN / "dbt"), *args, "--no-use-colors"]
    if target_path is not None:
        command += ["--target-path", str(target_path)]
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"dbt {' '.join(args)} failed:\n{result.stdout[-6000:]}\n{result.stderr[-3000:]}")
    return result


def make_dry_run(*args: str, **env: str) -> str:
    """The commands `make -n <args>` would run, with `env` added to the environment. The
    virtualenv counts as installed and no directory lines are printed (under `make test`,
    MAKELEVEL would otherwise make the sub-make print them)."""
    stamp = subprocess.run(
        "cat requirements.txt | cksum", shell=True, cwd=PROJECT_DIR, capture_output=True, text=True, check=True
    ).stdout.split()[0]
    return subprocess.run(
        ["make", "-n", "--no-print-directory", "-o", f".venv/.installed-{stamp}", *args],
        cwd=PROJECT_DIR,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def run_report(database: Path, output: Path) -> subprocess.CompletedProcess:
    """scripts/report.py on `database`, writing `output` (the output is returned)."""
    return subprocess.run(
        [
            str(BIN / "python"),
            str(PROJECT_DIR / "scripts" / "report.py"),
            "--database",
            str(database),
            "--output",
            str(output),
        ],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
    )


def run_actions(database: Path, output: Path) -> subprocess.CompletedProcess:
    """scripts/actions.py on `database`, writing one CSV per branch under `output`."""
    return subprocess.run(
        [str(BIN / "python"), str(PROJECT_DIR / "scripts" / "actions.py"), "--database", str(database),
         "--output-dir", str(output)],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip


class Warehouse:
    def __init__(self, database: Path, manifest: dict, target_path: Path):
        self.database = database
        self.manifest = manifest
        self.target_path = target_path

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        with duckdb.connect(str(self.database), read_only=True) as con:
            return con.execute(sql, params or []).fetchall()


@pytest.fixture(scope="session")
def typed_warehouse(tmp_path_factory) -> Warehouse:
    folder = tmp_path_factory.mktemp("typed")
    database = folder / "warehouse.duckdb"
    manifest = generate(database, **TYPED)
    target = folder / "target"
    dbt(database, "build", target_path=target)
    dbt(database, "docs", "generate", target_path=target)
    return Warehouse(database, manifest, target)


@pytest.fixture(scope="session")
def text_warehouse(tmp_path_factory) -> Warehouse:
    folder = tmp_path_factory.mktemp("text")
    database = folder / "warehouse.duckdb"
    manifest = generate(database, raw_as_text=True, **TEXT)
    target = folder / "target"
    dbt(database, "build", target_path=target)
    return Warehouse(database, manifest, target)


@pytest.fixture(scope="session")
def history_warehouse(tmp_path_factory) -> Warehouse:
    """Two month-ends built by scripts/backfill.py (models only: the data tests run on the
    other warehouses), so that the migration mart has a pair."""
    folder = tmp_path_factory.mktemp("history")
    database = folder / "warehouse.duckdb"
    manifest = generate(database, **HISTORY)
    target = folder / "target"
    env = dict(os.environ, DBT_DUCKDB_PATH=str(database), DBT_PROFILES_DIR=str(PROJECT_DIR))
    result = subprocess.run(
        [
            str(BIN / "python"),
            str(PROJECT_DIR / "scripts" / "backfill.py"),
            "--last",
            "2",
            "--to",
            HISTORY["as_of"],
            "--log",
            str(folder / "backfill.log.jsonl"),
            "--",
            "--target-path",
            str(target),
            "--log-path",
            str(folder / "logs"),
            "--exclude",
            "resource_type:test",
            "resource_type:unit_test",
        ],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise AssertionError(f"backfill failed:\n{result.stdout[-4000:]}\n{result.stderr[-3000:]}")
    return Warehouse(database, manifest, target)
