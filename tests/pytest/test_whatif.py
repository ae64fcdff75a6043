"""What-if scenarios (scripts/whatif.py, README "What-if scenarios") on a copy of a built
warehouse: a scenario moves exactly the customers its rule change moves, computed here
independently from production's facts and docs/segmentation_rules.md §3.3; it leaves every
production table, and the published copy, as they were; a wrong seed stops it with the
production seed check's message; its page renders in headless Chromium."""

from __future__ import annotations

import csv
import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import fingerprint
import pytest
import whatif
import yaml

from conftest import BIN, PROJECT_DIR, make_dry_run

SCENARIO_SCHEMA_PREFIX = "whatif_"
PARAMETER = "deposit_scale_threshold_cny"
# Two scenarios against the same night: the threshold raised (500,000 to 1,000,000 yuan in
# the shipped seeds) and lowered.
SCENARIOS = {"raise_deposit_scale": 1_000_000, "lower_deposit_scale": 200_000}


def run_whatif(database: Path, folder: Path, output: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            str(BIN / "python"),
            str(PROJECT_DIR / "scripts" / "whatif.py"),
            str(folder),
            "--database",
            str(database),
            "--output-dir",
            str(output),
            *extra,
        ],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
    )


def schemas(database: Path) -> list[str]:
    with duckdb.connect(str(database), read_only=True) as con:
        return sorted(
            row[0] for row in con.execute("select distinct schema_name from information_schema.schemata").fetchall()
        )


def every_table(database: Path) -> dict:
    """Every relation of every schema: its columns and a fingerprint of all its values (the
    columns that record the run included), so that any change to any row shows."""
    found = {}
    with duckdb.connect(str(database), read_only=True) as con:
        relations = con.execute(
            "select table_schema, table_name, table_type from information_schema.tables order by 1, 2"
        ).fetchall()
        for schema, table, kind in relations:
            found[f"{schema}.{table}"] = {
                "type": kind,
                "columns": con.execute(
                    "select column_name, data_type from information_schema.columns "
                    "where table_schema = ? and table_name = ? order by ordinal_position",
                    [schema, table],
                ).fetchall(),
            }
    run_columns, fingerprint.RUN_COLUMNS = fingerprint.RUN_COLUMNS, set()
    try:
        for schema in {key.split(".")[0] for key in found}:
            found[f"values:{schema}"] = fingerprint.fingerprint(database, schema)
    finally:
        fingerprint.RUN_COLUMNS = run_columns
    return found


def proposed_parameters(folder: Path, name: str, value: str) -> Path:
    """A scenario folder holding parameters.csv with the global row of `name` set to `value`."""
    folder.mkdir(parents=True)
    with open(PROJECT_DIR / "seeds" / "parameters.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    changed = 0
    for row in rows[1:]:
        record = dict(zip(header, row))
        if record["parameter_name"] == name and record["scope_type"] == "global":
            row[header.index("value")] = value
            changed += 1
    assert changed == 1, f"seeds/parameters.csv has {changed} global rows of {name}"
    with open(folder / "parameters.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return folder


@pytest.fixture(scope="module")
def scenario(typed_warehouse, tmp_path_factory) -> dict:
    """A copy of the typed warehouse, published; the scenario raising the deposit-scale
    threshold run on it; everything measured before and after."""
    folder = tmp_path_factory.mktemp("whatif")
    database = folder / "copy" / typed_warehouse.database.name
    database.parent.mkdir()
    shutil.copy2(typed_warehouse.database, database)
    published = folder / "bi.duckdb"
    subprocess.run(
        [str(BIN / "python"), "scripts/publish.py", "--database", str(database), "--output", str(published)],
        cwd=PROJECT_DIR,
        check=True,
        capture_output=True,
    )
    before = every_table(database)
    published_before = hashlib.sha256(published.read_bytes()).hexdigest()
    results = {}
    for name, threshold in SCENARIOS.items():
        proposal = proposed_parameters(folder / name, PARAMETER, str(threshold))
        result = run_whatif(database, proposal, folder / "reports")
        assert result.returncode == 0, result.stdout + result.stderr
        print(result.stdout)
        results[name] = result
    return {
        "database": database,
        "results": results,
        "reports": folder / "reports",
        "before": before,
        "after": every_table(database),
        "published": (published_before, hashlib.sha256(published.read_bytes()).hexdigest()),
        "schemas_after": schemas(database),
    }


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def expected_movers(database: Path, proposed: float) -> dict[str, tuple[str, str]]:
    """The customers a new threshold moves, from production's marts and facts alone: a
    customer is tiered by the deposit scale when without credit, or with credit,
    institutional and not strategic (docs/segmentation_rules.md §3); above scale when the
    deposit balance sum over W is ≥ threshold × days of W (§3.3). Those between the two
    thresholds move: from above to below scale when the threshold rises, the other way
    when it falls. The current threshold is read from the seed file, and the test
    requires it to have no region or branch row."""
    with open(PROJECT_DIR / "seeds" / "parameters.csv", encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["parameter_name"] == PARAMETER]
    assert [r["scope_type"] for r in rows] == ["global"], "the test needs a single global threshold row"
    current = float(rows[0]["value"])
    low, high = sorted((current, proposed))
    days = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))["vars"]["lookback_days"]
    with duckdb.connect(str(database), read_only=True) as con:
        as_of = con.execute("select max(as_of_date) from marts.fct_customer_segments").fetchone()[0]
        found = con.execute(
            """
            select s.customer_id
            from marts.fct_customer_segments as s
            left join intermediate.int_customer_indicators__valued as i on i.customer_id = s.customer_id
            where s.as_of_date = ?
              and (s.credit_status = 'without_credit'
                   or (s.market_class = 'institutional' and not s.is_strategic))
              and coalesce(i.deposit_balance_sum_cny, 0) >= ? * ?
              and coalesce(i.deposit_balance_sum_cny, 0) < ? * ?
            """,
            [as_of, low, days, high, days],
        ).fetchall()
    move = ("above_scale", "below_scale") if proposed > current else ("below_scale", "above_scale")
    return {row[0]: move for row in found}


@pytest.mark.parametrize("name", SCENARIOS)
def test_a_new_deposit_threshold_moves_exactly_the_customers_between_the_thresholds(scenario, name):
    expected = expected_movers(scenario["database"], SCENARIOS[name])
    assert len(expected) >= 3, "the data set must have customers between the thresholds"
    output = scenario["reports"] / name
    moves = read_csv(output / "moves.csv")
    tier_moves = {
        m["customer_id"]: (m["from_tier_code"], m["to_tier_code"])
        for m in moves
        if m["from_tier_code"] != m["to_tier_code"]
    }
    assert tier_moves == expected
    # every other listed customer changed segment or service level only, and was not new or gone
    for move in moves:
        assert move["from_tier_code"] and move["to_tier_code"], move
        assert move["population"] in {"existing", "target"}
        changed = [c for c in ("tier_code", "segment_code", "service_level") if move[f"from_{c}"] != move[f"to_{c}"]]
        assert changed, move
    # the printed counts are the file's
    out = scenario["results"][name].stdout
    before, after = next(iter(expected.values()))
    assert f"existing tier: {before} -> {after}: {len(expected)}" in out
    assert str((output / "index.html").resolve()) in out


@pytest.mark.parametrize("name", SCENARIOS)
def test_the_summary_moves_the_movers_between_tiers(scenario, name):
    summary = read_csv(scenario["reports"] / name / "summary.csv")
    moves = read_csv(scenario["reports"] / name / "moves.csv")
    customers = [s for s in summary if s["population"] == "existing"]
    current = sum(int(s["current_customers"]) for s in customers)
    proposed = sum(int(s["proposed_customers"]) for s in customers)
    assert current == proposed > 0
    for tier, sign in (("above_scale", -1), ("below_scale", 1)):
        delta = sum(
            int(s["proposed_customers"]) - int(s["current_customers"]) for s in customers if s["tier_code"] == tier
        )
        down = sum(1 for m in moves if (m["from_tier_code"], m["to_tier_code"]) == ("above_scale", "below_scale"))
        up = sum(1 for m in moves if (m["from_tier_code"], m["to_tier_code"]) == ("below_scale", "above_scale"))
        assert delta == sign * (down - up)


def test_the_scenario_changes_nothing_production_reads(scenario):
    assert scenario["before"] == scenario["after"]
    assert scenario["published"][0] == scenario["published"][1]
    # and its own schemas are gone again
    assert not [s for s in scenario["schemas_after"] if s.startswith(SCENARIO_SCHEMA_PREFIX)]


def test_a_wrong_seed_stops_the_scenario_with_the_production_message(scenario, tmp_path):
    proposal = proposed_parameters(tmp_path / "percent_typed", "capital_ratio_target", "10.5")
    production = subprocess.run(
        [sys.executable, "scripts/check_seeds.py", "--seeds-dir", str(proposal), "--partial"],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert production.returncode == 1
    messages = [line for line in production.stderr.splitlines() if line.strip()]
    assert any("parameters.csv" in line for line in messages), messages
    before = schemas(scenario["database"])
    result = run_whatif(scenario["database"], proposal, tmp_path / "reports")
    assert result.returncode == 4, result.stdout + result.stderr
    for line in messages:
        assert line in result.stderr
    assert "nothing was built" in result.stderr
    assert schemas(scenario["database"]) == before
    assert not (tmp_path / "reports").exists()


def test_a_seed_failing_a_production_data_test_stops_the_scenario(scenario, tmp_path):
    """A row the file check lets through but a data test of seeds/_seeds.yml refuses (a
    scope_type outside global, region, branch): dbt's failure is shown, nothing is
    reported, the scenario's schemas are gone and production is as it was."""
    proposal = tmp_path / "unknown_scope"
    proposal.mkdir()
    text = (PROJECT_DIR / "seeds" / "parameters.csv").read_text(encoding="utf-8")
    (proposal / "parameters.csv").write_text(
        text + "deposit_scale_threshold_cny,province,R01,800000,,money_cny\n", encoding="utf-8"
    )
    checked = subprocess.run(
        [sys.executable, "scripts/check_seeds.py", "--seeds-dir", str(proposal), "--partial"],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, "the file check must let this row through for the test to mean anything"
    before = every_table(scenario["database"])
    result = run_whatif(scenario["database"], proposal, tmp_path / "reports")
    assert result.returncode == 8, result.stdout + result.stderr
    assert "Failure in test accepted_values_parameters_scope_type" in result.stderr
    assert "production is unchanged" in result.stderr
    assert not (tmp_path / "reports").exists()
    assert every_table(scenario["database"]) == before


headless = pytest.importorskip("headless")


def test_the_page_renders_in_headless_chromium(scenario):
    page = scenario["reports"] / "raise_deposit_scale" / "index.html"
    text = page.read_text(encoding="utf-8")
    assert "<script src" not in text and "情景模拟" in text and "What-if" in text
    assert shutil.which("chromium"), "chromium is missing: run scripts/setup_browser.sh (make test does)"
    with headless.Browser(width=1280, height=900) as browser:
        browser.open(page.as_uri())
        rendered = browser.evaluate("document.body.getAttribute('data-rendered')")
        canvases = browser.evaluate("document.querySelectorAll('.chart canvas').length")
        errors = browser.errors()
        requests = browser.requests()
        body = browser.evaluate("document.body.innerText")
    assert errors == []
    assert all(url.startswith("file:") for url in requests), requests
    assert int(rendered) >= 2 and canvases == int(rendered)
    movers = len(read_csv(scenario["reports"] / "raise_deposit_scale" / "moves.csv"))
    assert f"({movers:,})" in body


def staging_parameter_names(manifest: dict) -> set[str]:
    """The parameter names the staging models read from the parameters seed, found in their
    SQL and in that of every macro they call (recursively)."""
    macros = manifest["macros"]
    names: set[str] = set()
    for node in manifest["nodes"].values():
        if not node["original_file_path"].startswith("models/staging/"):
            continue
        if "seed.corp_tiering.parameters" not in node["depends_on"]["nodes"]:
            continue
        texts, todo, seen = [node["raw_code"]], list(node["depends_on"]["macros"]), set()
        while todo:
            macro = todo.pop()
            if macro in seen or macro not in macros:
                continue
            seen.add(macro)
            texts.append(macros[macro]["macro_sql"])
            todo += macros[macro]["depends_on"]["macros"]
        found = {n for text in texts for n in re.findall(r"parameter_name\s*=\s*'([a-z0-9_]+)'", text)}
        assert found, f"{node['name']} reads the parameters seed without naming a parameter"
        names |= found
    return names


def test_staging_reads_only_the_parameters_the_scenario_checks(typed_warehouse):
    """A proposed parameters.csv that keeps STAGING_PARAMETERS leaves staging to production:
    that is safe only if staging reads no other parameter."""
    manifest = json.loads((typed_warehouse.target_path / "manifest.json").read_text(encoding="utf-8"))
    assert staging_parameter_names(manifest) == whatif.STAGING_PARAMETERS
    # the walk: staging (and what only it feeds) is built exactly when those may change
    with_staging = whatif.selection(manifest, ["parameters"], rebuild_dated=False, staging_inert=False)
    without = whatif.selection(manifest, ["parameters"], rebuild_dated=False, staging_inert=True)
    staged = {n["name"] for n in manifest["nodes"].values() if n["original_file_path"].startswith("models/staging/")}
    assert staged & set(with_staging) and not staged & set(without)
    assert set(without) < set(with_staging)
    assert {"parameters", "int_controls__validated", "int_customers__tiered", *whatif.TARGET_MARTS} <= set(without)


def test_make_whatif_runs_the_script_with_the_folder_and_options():
    """`make whatif SCENARIO=… AS_OF=… KEEP=1` runs scripts/whatif.py on that folder with
    --as-of and --keep, after vendoring the page's charting library."""
    commands = make_dry_run("whatif", "SCENARIO=proposals/deposit_1m/", "AS_OF=2026-10-31", "KEEP=1")
    lines = [" ".join(line.split()) for line in commands.splitlines()]
    assert any(line.endswith("scripts/whatif.py proposals/deposit_1m/ --as-of 2026-10-31 --keep") for line in lines)
    assert any("vendor_echarts.sh" in line for line in lines)
    plain = make_dry_run("whatif", "SCENARIO=other")
    assert any(" ".join(line.split()).endswith("scripts/whatif.py other") for line in plain.splitlines())
