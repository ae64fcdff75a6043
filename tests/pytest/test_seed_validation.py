"""A wrong seed edit fails `dbt build` with a message naming the file and the row,
before anything that reads the seed is rebuilt; the marts stay as they were."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import duckdb
import pytest

from conftest import PROJECT_DIR, dbt, generate

IGNORE = shutil.ignore_patterns(
    ".venv", ".git", "target", "logs", "warehouse", "*.duckdb*", "__pycache__", ".pytest_cache"
)


def read_seed(project: Path, name: str) -> list[dict]:
    with (project / "seeds" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_seed(project: Path, name: str, rows: list[dict]) -> None:
    with (project / "seeds" / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def weights_sum_to_nine_tenths(project: Path) -> list[str]:
    rows = read_seed(project, "weights")
    row = max((r for r in rows if r["weight_group"] == "bank_value"), key=lambda r: float(r["weight"]))
    row["weight"] = f"{float(row['weight']) - 0.1:.6f}"
    write_seed(project, "weights", rows)
    return ["seeds/weights.csv", "weight_group=bank_value"]


def duplicate_global_parameter(project: Path) -> list[str]:
    rows = read_seed(project, "parameters")
    copy = dict(next(r for r in rows if r["parameter_name"] == "deposit_scale_threshold_cny"))
    copy["value"] = "600000"
    write_seed(project, "parameters", rows + [copy])
    return ["seeds/parameters.csv", "parameter_name=deposit_scale_threshold_cny"]


def matrix_cell_missing(project: Path) -> list[str]:
    rows = read_seed(project, "segment_matrix")
    kept = [r for r in rows if not (r["population"] == "existing" and r["x_band"] == "low" and r["y_band"] == "low")]
    assert len(kept) == len(rows) - 1
    write_seed(project, "segment_matrix", kept)
    return ["seeds/segment_matrix.csv", "population=existing, x_band=low, y_band=low"]


def segment_without_strategy(project: Path) -> list[str]:
    rows = read_seed(project, "segment_strategies")
    kept = [r for r in rows if r["segment_code"] != "watch"]
    assert len(kept) == len(rows) - 1
    write_seed(project, "segment_strategies", kept)
    # the row that needs the missing strategy is the matrix's, and names the strategies file
    return ["seeds/segment_matrix.csv", "segment_code watch is not defined in seeds/segment_strategies.csv"]


def cross_sell_of_an_unknown_category(project: Path) -> list[str]:
    rows = read_seed(project, "segment_actions")
    row = next(r for r in rows if r["action_code"] == "cross_sell")
    row["product_category"] = "no_such_category"
    write_seed(project, "segment_actions", rows)
    return [
        "seeds/segment_actions.csv",
        f"segment_code={row['segment_code']}, product_category=no_such_category",
        "is not defined in seeds/product_catalog.csv",
    ]


def action_trigger_not_computed(project: Path) -> list[str]:
    rows = read_seed(project, "action_types")
    row = next(r for r in rows if r["trigger_code"] == "dormant")
    row["trigger_code"] = "sleeping"
    write_seed(project, "action_types", rows)
    return ["seeds/action_types.csv", "action_code=retention, trigger_code=sleeping"]


BREAKAGES = {
    "segment_actions": cross_sell_of_an_unknown_category,
    "action_types": action_trigger_not_computed,
    "weights": weights_sum_to_nine_tenths,
    "parameters": duplicate_global_parameter,
    "segment_matrix": matrix_cell_missing,
    "segment_strategies": segment_without_strategy,
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A tiny warehouse built by a clean copy of the project."""
    folder = tmp_path_factory.mktemp("seeds")
    database = folder / "baseline.duckdb"
    generate(database, customers=150, days=60, as_of="2025-06-30", seed=21, bad_rate=0.01)
    project = folder / "project"
    shutil.copytree(PROJECT_DIR, project, ignore=IGNORE)
    dbt(database, "build", cwd=project, target_path=project / "target")
    return database, project


def mart_checksums(database: Path) -> dict[str, tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
        tables = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts'"
            ).fetchall()
        ]
        return {t: con.execute(f"select count(*), sum(hash(t)) from marts.{t} as t").fetchone() for t in tables}


@pytest.mark.parametrize("seed", sorted(BREAKAGES))
def test_a_broken_seed_stops_the_build_naming_file_and_row(built, seed, tmp_path):
    baseline, original = built
    database = tmp_path / "warehouse.duckdb"
    shutil.copy(baseline, database)
    project = tmp_path / "project"
    shutil.copytree(original, project, ignore=IGNORE)
    expected_messages = BREAKAGES[seed](project)
    before = mart_checksums(database)
    assert before, "the baseline build should have marts"

    result = dbt(database, "build", cwd=project, target_path=project / "target", check=False)

    assert result.returncode != 0
    for message in expected_messages:
        assert message in result.stdout, result.stdout[-4000:]
    assert mart_checksums(database) == before
    # nothing that reads the broken seed was built
    manifest = json.loads((project / "target" / "manifest.json").read_text(encoding="utf-8"))
    results = json.loads((project / "target" / "run_results.json").read_text(encoding="utf-8"))
    status = {r["unique_id"]: r["status"] for r in results["results"]}
    seed_id = f"seed.corp_tiering.{seed}"
    children = [c for c in manifest["child_map"][seed_id] if c.startswith("model.")]
    pending, downstream = list(children), set()
    while pending:
        node = pending.pop()
        if node not in downstream:
            downstream.add(node)
            pending.extend(c for c in manifest["child_map"][node] if c.startswith("model."))
    assert all(status.get(node) in (None, "skipped") for node in downstream), {
        n: status.get(n) for n in downstream if status.get(n) not in (None, "skipped")
    }
