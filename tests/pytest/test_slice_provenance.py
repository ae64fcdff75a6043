"""Which seeds made a slice (README "Which seeds made a slice"): every history-mart slice
records the fingerprint of the seeds it was built with and the invocation_id of the dbt
run that wrote it. The expected fingerprints are computed here from the seed CSV files, the
documented way (macros/controls/seed_hash.sql), never read from the warehouse."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import json
import shutil
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pytest
import yaml

from conftest import HISTORY, PROJECT_DIR, dbt

HISTORY_MARTS = [
    "fct_customer_profitability",
    "fct_customer_metrics",
    "fct_customer_segments",
    "fct_prospect_segments",
    "fct_customer_explanations",
    "mart_segment_summary",
]
IGNORE = shutil.ignore_patterns(
    ".venv", ".git", "target", "logs", "warehouse", "reports", "*.duckdb*", "__pycache__", ".pytest_cache"
)


def md5(text: str) -> str:
    return hashlib.md5(text.encode("utf-8")).hexdigest()


def value_text(raw: str, data_type: str) -> str | None:
    """A CSV field as the warehouse's cast to text shows the loaded value (an empty field is null)."""
    if raw == "":
        return None
    data_type = data_type.replace(" ", "").lower()
    if data_type.startswith("decimal"):
        scale = int(data_type.rstrip(")").split(",")[1])
        return format(Decimal(raw).quantize(Decimal(1).scaleb(-scale), rounding=ROUND_HALF_UP), "f")
    if data_type in ("integer", "bigint"):
        return str(int(raw))
    if data_type == "boolean":
        return {"true": "true", "false": "false"}[raw.strip().lower()]
    if data_type == "date":
        return dt.date.fromisoformat(raw).isoformat()
    assert data_type.startswith("varchar"), data_type
    return raw


def seed_types(project: Path) -> dict[str, dict[str, str]]:
    spec = yaml.safe_load((project / "seeds" / "_seeds.yml").read_text(encoding="utf-8"))
    return {seed["name"]: seed["config"]["column_types"] for seed in spec["seeds"]}


def seed_hashes(project: Path) -> dict[str, str]:
    """Each seed's content hash: md5(column names joined by ',' + ':' + its rows' hashes sorted
    and joined by ','), a row's hash md5 of its values' hashes (md5 of the text, or `null`)."""
    hashes = {}
    for name, types in seed_types(project).items():
        with (project / "seeds" / f"{name}.csv").open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            rows = list(reader)
        assert sorted(header) == sorted(types), f"{name}: every column has a pinned type"
        row_hashes = []
        for row in rows:
            texts = [value_text(raw, types[column]) for column, raw in zip(header, row, strict=True)]
            row_hashes.append(md5("".join("null" if text is None else md5(text) for text in texts)))
        hashes[name] = md5(",".join(header) + ":" + ",".join(sorted(row_hashes)))
    return hashes


def fingerprint_of(hashes: dict[str, str]) -> str:
    return md5(",".join(sorted(f"{name}={value}" for name, value in hashes.items())))


def slices(database: Path) -> dict[tuple[str, str], set[tuple[str, str]]]:
    """{(mart, as_of_date): {(seeds_fingerprint, invocation_id)}} of every history mart."""
    found = {}
    with duckdb.connect(str(database), read_only=True) as con:
        for mart in HISTORY_MARTS:
            for day, fingerprint, invocation in con.execute(
                f"select distinct cast(as_of_date as varchar), seeds_fingerprint, invocation_id from marts.{mart}"
            ).fetchall():
                found.setdefault((mart, day), set()).add((fingerprint, invocation))
    return found


def seed_versions(database: Path) -> dict[str, dict[str, tuple]]:
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute("""select cast(as_of_date as varchar), seed_name, seed_hash, seeds_fingerprint, invocation_id
                              from marts.mart_seed_versions""").fetchall()
    versions: dict[str, dict[str, tuple]] = {}
    for day, name, seed_hash, fingerprint, invocation in rows:
        versions.setdefault(day, {})[name] = (seed_hash, fingerprint, invocation)
    return versions


def invocation_of(target: Path) -> str:
    return json.loads((target / "run_results.json").read_text(encoding="utf-8"))["metadata"]["invocation_id"]


def edit_parameter(project: Path, name: str, change) -> tuple[str, str]:
    """Set parameter `name`'s global value to change(old value); returns (old, new)."""
    path = project / "seeds" / "parameters.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    [row] = [r for r in rows if r["parameter_name"] == name and r["scope_type"] == "global"]
    old = row["value"]
    row["value"] = change(old)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return old, row["value"]


@pytest.fixture(scope="module")
def dates(history_warehouse) -> list[str]:
    with duckdb.connect(str(history_warehouse.database), read_only=True) as con:
        days = [
            r[0]
            for r in con.execute(
                "select distinct cast(as_of_date as varchar) from marts.fct_customer_segments order by 1"
            ).fetchall()
        ]
    assert len(days) == 2 and days[-1] == HISTORY["as_of"]
    return days


def test_every_slice_records_the_seeds_and_the_run_that_built_it(history_warehouse, dates):
    """Two month-ends built by two runs with the same seeds: every slice of every history
    mart carries the fingerprint computed from the seed files, and its own run's id."""
    hashes = seed_hashes(PROJECT_DIR)
    expected = fingerprint_of(hashes)
    found = slices(history_warehouse.database)
    assert set(found) == {(mart, day) for mart in HISTORY_MARTS for day in dates}
    runs = {}
    for (mart, day), values in found.items():
        assert len(values) == 1, (mart, day, values)  # one fingerprint and one run per slice
        [(fingerprint, invocation)] = values
        assert fingerprint == expected, (mart, day)
        runs.setdefault(day, set()).add(invocation)
    # each date was written by one run, a different one for each date; the last is the
    # run whose results are in the target folder
    assert all(len(ids) == 1 for ids in runs.values())
    assert runs[dates[0]] != runs[dates[1]]
    assert runs[dates[1]] == {invocation_of(history_warehouse.target_path)}
    versions = seed_versions(history_warehouse.database)
    assert set(versions) == set(dates)
    for day in dates:
        assert {name: v[0] for name, v in versions[day].items()} == hashes
        assert {(v[1], v[2]) for v in versions[day].values()} == {(expected, *runs[day])}


def test_a_changed_threshold_changes_only_its_own_slice_and_a_resave_changes_nothing(
    history_warehouse, dates, tmp_path
):
    """The later month-end rebuilt with another deposit_scale_threshold_cny gets another
    fingerprint, and mart_seed_versions names parameters as the seed that changed; the
    earlier slice keeps its fingerprint and run. The same values resaved with CRLF line
    ends and a byte-order mark give the original fingerprint again."""
    project = tmp_path / "project"
    shutil.copytree(PROJECT_DIR, project, ignore=IGNORE)
    database = tmp_path / "warehouse.duckdb"
    shutil.copy(history_warehouse.database, database)
    before = slices(database)
    original = fingerprint_of(seed_hashes(project))
    original_bytes = (project / "seeds" / "parameters.csv").read_bytes()
    earlier, later = dates

    def rebuild(target: Path) -> str:
        dbt(database, "seed", "--select", "parameters", cwd=project, target_path=target)
        dbt(
            database,
            "run",
            "--select",
            "parameters+",
            "--vars",
            f"{{as_of_date: '{later}'}}",
            cwd=project,
            target_path=target,
        )
        return invocation_of(target)

    old, new = edit_parameter(project, "deposit_scale_threshold_cny", lambda v: str(Decimal(v) * 2))
    assert Decimal(new) != Decimal(old)
    changed = fingerprint_of(seed_hashes(project))
    assert changed != original
    run = rebuild(tmp_path / "target_changed")
    after = slices(database)
    for mart in HISTORY_MARTS:
        assert after[(mart, earlier)] == before[(mart, earlier)], mart
        assert after[(mart, later)] == {(changed, run)}, mart
    versions = seed_versions(database)
    assert [n for n in versions[later] if versions[later][n][0] != versions[earlier][n][0]] == ["parameters"]

    # the original values again, in a file resaved by a Windows editor: other bytes, same content
    edit_parameter(project, "deposit_scale_threshold_cny", lambda v: old)
    text = (project / "seeds" / "parameters.csv").read_text(encoding="utf-8")
    resaved = codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8")
    assert resaved != original_bytes
    (project / "seeds" / "parameters.csv").write_bytes(resaved)
    assert fingerprint_of(seed_hashes(project)) == original
    run = rebuild(tmp_path / "target_resaved")
    after = slices(database)
    for mart in HISTORY_MARTS:
        assert after[(mart, earlier)] == before[(mart, earlier)], mart
        assert after[(mart, later)] == {(original, run)}, mart
    versions = seed_versions(database)
    assert versions[later] == {n: (h, original, run) for n, (h, _, _) in versions[earlier].items()}


def test_the_script_gives_the_fingerprint_of_the_files_and_of_the_slices(history_warehouse, tmp_path, capsys):
    """scripts/seeds_fingerprint.py, which an analyst runs on a version of seeds/, gives the
    fingerprint computed here and recorded by the slices, also for a resaved copy."""
    import seeds_fingerprint

    expected = fingerprint_of(seed_hashes(PROJECT_DIR))
    [recorded] = {fingerprint for values in slices(history_warehouse.database).values() for fingerprint, _ in values}
    assert recorded == expected
    resaved = tmp_path / "seeds"
    resaved.mkdir()
    for path in (PROJECT_DIR / "seeds").glob("*"):
        if path.suffix == ".csv":
            text = path.read_text(encoding="utf-8")
            (resaved / path.name).write_bytes(codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8"))
        elif path.suffix == ".yml":
            shutil.copy(path, resaved / path.name)
    assert seeds_fingerprint.main([]) == 0
    assert seeds_fingerprint.main(["--seeds", str(resaved)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == [expected, expected]
