"""The interfaces BI and developers rely on: the marts' enforced contracts, groups and
access, the descriptions written into the database, the named selections of
selectors.yml, and target-aware schema names (a dev target never writes production's
schemas; its run on PostgreSQL is checked in test_engines.py)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from conftest import BIN, PROJECT_DIR, dbt

PRODUCTION_SCHEMAS = {"staging", "intermediate", "marts", "seeds", "snapshots"}
# What a copy of the project needs to parse and run.
PROJECT_PARTS = [
    "dbt_project.yml",
    "profiles.yml",
    "selectors.yml",
    "models",
    "macros",
    "seeds",
    "snapshots",
    "analyses",
    "docs",
    "tests/generic",
]


@pytest.fixture(scope="module")
def manifest(typed_warehouse) -> dict:
    return json.loads((typed_warehouse.target_path / "manifest.json").read_text(encoding="utf-8"))


def models(manifest: dict) -> list[dict]:
    return [
        n for n in manifest["nodes"].values() if n["resource_type"] == "model" and n["package_name"] == "corp_tiering"
    ]


def is_mart(node: dict) -> bool:
    return Path(node["original_file_path"]).parts[:2] == ("models", "marts")


def ls(*args: str, target_path: Path, env: dict | None = None) -> list[str]:
    command = [str(BIN / "dbt"), "ls", *args, "--quiet", "--target-path", str(target_path), "--no-use-colors"]
    result = subprocess.run(
        command,
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        env=dict(os.environ, DBT_PROFILES_DIR=str(PROJECT_DIR), **(env or {})),
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    return sorted(line for line in result.stdout.splitlines() if line.strip())


def test_every_mart_is_public_in_a_group_with_an_enforced_contract(manifest):
    marts = [n for n in models(manifest) if is_mart(n)]
    assert {n["name"] for n in marts} >= {
        "fct_customer_segments",
        "fct_prospect_segments",
        "fct_customer_metrics",
        "fct_customer_profitability",
        "mart_segment_summary",
        "mart_segment_migration",
        "dq_rejected_rows",
        "dim_dates",
    }
    groups = {g["name"]: g for g in manifest["groups"].values()}
    for node in marts:
        assert node["config"]["contract"]["enforced"] is True, node["name"]
        assert node["access"] == "public", node["name"]
        assert node["group"] in groups and groups[node["group"]]["owner"].get("email"), node["name"]
        assert node["config"]["persist_docs"] == {"relation": True, "columns": True}, node["name"]
        assert node["columns"] and all(c.get("data_type") for c in node["columns"].values()), node["name"]


def test_the_report_exposure_lists_exactly_what_the_report_reads(manifest):
    """The relations named in the report's code (schema.table) are the models of the
    segmentation_report exposure, no more and no fewer."""
    code = "\n".join(
        path.read_text(encoding="utf-8")
        for path in [
            PROJECT_DIR / "scripts" / "report.py",
            *(PROJECT_DIR / "scripts" / "segmentation_report").iterdir(),
        ]
        if path.suffix in (".py", ".js", ".html")
    )
    read = set(re.findall(r"\b(?:marts|intermediate|staging|seeds)\.([a-z_]+)\b", code))
    [exposure] = [e for e in manifest["exposures"].values() if e["name"] == "segmentation_report"]
    listed = {manifest["nodes"][node]["name"] for node in exposure["depends_on"]["nodes"]}
    assert "mart_segment_summary" in read  # the tier x segment totals (issue 21)
    assert listed == read


def test_the_whatif_exposure_lists_what_the_whatif_page_reads(manifest):
    """The relations scripts/whatif.py reads in production (the marts it compares, the
    parameters seed it checks) are the models of the whatif_page exposure. The one private
    model it reads, for the date of production's customer facts, cannot be listed."""
    code = (PROJECT_DIR / "scripts" / "whatif.py").read_text(encoding="utf-8")
    marts = set(re.findall(r"\"((?:fct|mart)_[a-z_]+)\"", code))
    marts |= set(re.findall(r"\}\.((?:fct|mart)_[a-z_]+)\b", code))
    private = set(re.findall(r"\bintermediate\.([a-z_]+)\b", code))
    assert re.search(r'^PARAMETERS = "parameters"$', code, re.M)
    [exposure] = [e for e in manifest["exposures"].values() if e["name"] == "whatif_page"]
    listed = {manifest["nodes"][node]["name"] for node in exposure["depends_on"]["nodes"]}
    assert private == {"int_customers__in_scope"}
    assert {"fct_customer_segments", "fct_prospect_segments", "mart_segment_summary"} <= marts
    assert listed == marts | {"parameters"}


def test_publish_checks_the_dates_of_every_history_mart(manifest):
    """scripts/publish.py's HISTORY_MARTS (whose as_of_dates must agree before a copy) are
    the marts kept one slice per as_of_date (incremental, unique_key as_of_date)."""
    code = (PROJECT_DIR / "scripts" / "publish.py").read_text(encoding="utf-8")
    listed = re.search(r"^HISTORY_MARTS = \((.*?)\)", code, re.M | re.S).group(1)
    sliced = {
        n["name"]
        for n in models(manifest)
        if is_mart(n) and n["config"]["materialized"] == "incremental" and n["config"]["unique_key"] == "as_of_date"
    }
    assert "fct_customer_segments" in sliced
    assert set(re.findall(r'"([a-z_]+)"', listed)) == sliced


def test_every_other_model_is_protected_or_private_to_its_group(manifest):
    others = [n for n in models(manifest) if not is_mart(n)]
    assert others
    for node in others:
        assert node["access"] in ("protected", "private"), node["name"]
        if node["access"] == "private":
            assert node["group"], node["name"]


def test_descriptions_reach_the_database(typed_warehouse, manifest):
    """persist_docs: every mart's table comment is its description, every column's its."""
    marts = [n for n in models(manifest) if is_mart(n)]
    with duckdb.connect(str(typed_warehouse.database), read_only=True) as con:
        tables = dict(
            con.execute("select table_name, comment from duckdb_tables() where schema_name = 'marts'").fetchall()
        )
        columns = {
            (t, c): comment
            for t, c, comment in con.execute(
                "select table_name, column_name, comment from duckdb_columns() where schema_name = 'marts'"
            ).fetchall()
        }
    for node in marts:
        assert tables[node["name"]] == node["description"], node["name"]
        for name, column in node["columns"].items():
            assert columns[(node["name"], name)] == column["description"], (node["name"], name)
    segment = columns[("fct_customer_segments", "segment_code")]
    assert segment and "中文" in segment


def test_a_change_that_breaks_a_mart_contract_fails_the_build(typed_warehouse, tmp_path):
    """In a copy of the project: a renamed column (an incremental history mart), a removed
    column (a table) and a changed type each fail the run, and the marts keep their columns."""
    project = tmp_path / "project"
    for part in PROJECT_PARTS:
        source = PROJECT_DIR / part
        if source.is_dir():
            shutil.copytree(source, project / part)
        else:
            (project / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, project / part)
    database = tmp_path / "warehouse.duckdb"
    shutil.copy(typed_warehouse.database, database)
    selection = ["--select", "fct_customer_profitability", "dq_rejected_rows", "mart_segment_migration"]

    def columns() -> dict[str, list[tuple]]:
        with duckdb.connect(str(database), read_only=True) as con:
            rows = con.execute("""select table_name, column_name, data_type from information_schema.columns
                                  where table_schema = 'marts' order by table_name, ordinal_position""").fetchall()
        return {t: [(c, d) for table, c, d in rows if table == t] for t in {r[0] for r in rows}}

    # the copy as it is builds the three marts
    dbt(database, "run", *selection, cwd=project, target_path=tmp_path / "target")
    before = columns()

    def edit(path: str, old: str, new: str) -> None:
        file = project / path
        text = file.read_text(encoding="utf-8")
        assert text.count(old) == 1, (path, old)
        file.write_text(text.replace(old, new), encoding="utf-8")

    edit(
        "models/marts/customers/fct_customer_profitability.sql",
        "as decimal(25, 2)) as profit_contribution",
        "as decimal(25, 2)) as profit",
    )
    edit("models/marts/data_quality/dq_rejected_rows.sql", "        cast(copy_number as bigint) as copy_number,\n", "")
    edit(
        "models/marts/history/mart_segment_migration.sql",
        "cast(migration.customers as bigint)",
        "cast(migration.customers as {{ type_double() }})",
    )
    result = dbt(database, "run", *selection, cwd=project, target_path=tmp_path / "target", check=False)
    assert result.returncode != 0
    output = result.stdout
    assert output.count("This model has an enforced contract that failed.") == 3, output[-4000:]
    assert "profit" in output and "copy_number" in output and "customers" in output
    assert "ERROR=3" in output, output[-2000:]
    assert columns() == before


def test_the_nightly_selector_selects_what_the_nightly_run_builds(tmp_path):
    target = tmp_path / "target"
    assert ls("--selector", "nightly", target_path=target) == ls(
        "--exclude-resource-type", "unit_test", target_path=target
    )
    marts = ls("--selector", "marts", "--resource-type", "model", target_path=target)
    assert marts == ls("--select", "path:models/marts", "--resource-type", "model", target_path=target)
    assert "corp_tiering.marts.segments.fct_customer_segments" in marts
    checks = ls("--selector", "quality_checks", target_path=target)
    assert checks == ls("--resource-type", "test", target_path=target)
    assert checks and not set(checks) & set(ls("--resource-type", "unit_test", target_path=target))


def schemas(target_path: Path, target: str, env: dict | None = None) -> dict[str, str]:
    lines = ls(
        "--target",
        target,
        "--resource-type",
        "model",
        "seed",
        "snapshot",
        "--output",
        "json",
        "--output-keys",
        "name",
        "schema",
        target_path=target_path,
        env=env,
    )
    return {row["name"]: row["schema"] for row in map(json.loads, lines)}


def test_only_production_targets_write_production_schemas(tmp_path):
    production = schemas(tmp_path / "duckdb", "duckdb")
    assert set(production.values()) == PRODUCTION_SCHEMAS
    assert schemas(tmp_path / "prod", "prod") == production
    dev = schemas(tmp_path / "dev", "dev")
    assert dev == {name: f"dev_{schema}" for name, schema in production.items()}
    named = schemas(tmp_path / "alice", "dev", env={"DBT_SCHEMA_PREFIX": "Alice.Wang"})
    assert named == {name: f"alice_wang_{schema}" for name, schema in production.items()}
