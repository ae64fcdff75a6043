#!/usr/bin/env python3
"""What-if scenarios: try proposed seed files against the night's warehouse, without
changing anything production reads.

An analyst puts the seed files to change (only those, same names and columns as seeds/)
in a folder and runs `make whatif SCENARIO=path/to/folder [AS_OF=...]`. This script:

1. checks the proposed files with the production seed check (scripts/check_seeds.py,
   `--partial`: the same messages, naming file, row and column); a bad file stops here,
   before anything is built (exit 4);
2. builds, with dbt, only what the proposed seeds change on the way to the customer and
   prospect segment marts (the proposed seeds, the validation gate int_controls__validated
   with the seeds' own data tests, the resolved parameters, classification, tiering,
   segmentation, service level, fct_customer_segments, fct_prospect_segments and
   mart_segment_summary) into the scenario's own schemas, `whatif_<name>_seeds`,
   `whatif_<name>_intermediate`, `whatif_<name>_marts` (a non-production target, see
   macros/generate_schema_name.sql). Everything it does not select (the unchanged seeds,
   staging, the monthly stages, the customer facts) is read from production's tables
   through dbt's `--defer --favor-state --state <production manifest>`. The proposed
   seeds are laid over a copy of seeds/ in a temporary copy of the project, so seeds/
   itself is never touched;
3. compares the scenario's marts with production's for the as_of_date and writes
   reports/whatif/<name>/: moves.csv (one row per customer or prospect whose class, tier,
   segment or service level changes, with the figures that decided it), summary.csv
   (customers, profit contribution, deposit ADB, credit balance per population x tier x
   segment, current and proposed) and index.html (self-contained, bilingual); prints the
   movers per tier and segment and the page's path;
4. drops the scenario's schemas again (`--keep` keeps them for querying; the next run of
   the same scenario name replaces them).

The as_of_date must be one production's fct_customer_segments holds (default: its latest).
When it is not the date production's customer facts were last built for, the facts are
rebuilt in the scenario's schemas too (staging and the monthly stages, which do not
depend on the date, are still reused), so the scenario costs more.

Usage:
    python scripts/whatif.py proposals/deposit_1m/
    python scripts/whatif.py proposals/deposit_1m/ --as-of 2026-09-30 --keep
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import duckdb

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR / "scripts"))

import check_seeds  # noqa: E402
from segmentation_report.marts import PROSPECT_SEGMENT_ORDER, SEGMENT_ORDER, TIER_ORDER, ordered  # noqa: E402
from segmentation_report.page import esc  # noqa: E402

BIN = Path(sys.executable).parent
ECHARTS = PROJECT_DIR / "vendor" / "echarts" / "echarts.min.js"

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_SEEDS = 4
EXIT_BUILD = 8

# What a scenario copies of the project to run dbt on (seeds/ is copied with the proposed
# files laid over it).
PROJECT_ENTRIES = ("dbt_project.yml", "selectors.yml", "models", "macros", "tests", "snapshots", "analyses", "docs")
# The marts a scenario builds: what it selects is what lies between a changed seed and these.
TARGET_MARTS = ("fct_customer_segments", "fct_prospect_segments", "mart_segment_summary")
# The per-date intermediate models (tables of one as_of_date): rebuilt in the scenario when
# its date is not the one production last built them for.
DATED_PATHS = (
    "models/intermediate/controls",
    "models/intermediate/facts",
    "models/intermediate/prospects",
    "models/intermediate/segments",
    "models/marts",
)
PRODUCTION_MARTS = "marts"
# The parameters seed, and the parameters of it that staging reads (macro
# max_plausible_amount in macros/staging/raw_columns.sql): a proposed parameters.csv that
# keeps them changes nothing in staging, so staging and what only it feeds are reused.
PARAMETERS = "parameters"
# The seed-validation gate every mart waits for (models/intermediate/controls).
GATE = "int_controls__validated"
STAGING_PARAMETERS = {"max_plausible_amount_cny"}

# The columns compared: a row of moves.csv is a customer or prospect whose value of any of
# them differs between current and proposed (or who enters or leaves the mart).
CLASS_COLUMNS = ("credit_status", "market_class", "market_segment")
MOVE_COLUMNS = (*CLASS_COLUMNS, "tier_code", "tier_basis", "segment_code", "service_level")
COMPARED = ("credit_status", "market_class", "market_segment", "tier_code", "segment_code", "service_level")


class Stop(Exception):
    """The scenario stops: the message is printed and the script exits with `code`."""

    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.code = code


def say(line: str = "") -> None:
    print(line, flush=True)


def scenario_name(folder: Path, name: str | None) -> str:
    """A plain identifier (letters, digits, _) from --name or the folder's name."""
    raw = name or folder.resolve().name
    cleaned = re.sub("[^a-z0-9_]", "_", raw.lower()).strip("_")
    if not cleaned:
        raise Stop(f"whatif: cannot make a scenario name of {raw!r}: give --name", EXIT_USAGE)
    return cleaned


def check_proposed(folder: Path) -> list[str]:
    """The proposed seed files' names, after the production seed check (exit 4 on a problem)."""
    if not folder.is_dir():
        raise Stop(f"whatif: {folder} is not a folder of proposed seed files", EXIT_USAGE)
    seeds = sorted(path.stem for path in folder.glob("*.csv"))
    if not seeds:
        raise Stop(f"whatif: {folder} holds no seed file (*.csv) to try", EXIT_USAGE)
    if check_seeds.main(["--seeds-dir", str(folder), "--partial"]) != 0:
        raise Stop("whatif: the proposed seeds are wrong (above); nothing was built", EXIT_SEEDS)
    return seeds


def production_dates(database: Path) -> tuple[list[dt.date], dt.date | None]:
    """The as_of_dates of production's fct_customer_segments, and the date production's
    customer facts (intermediate.int_customers__in_scope) were last built for."""
    if not database.exists():
        raise Stop(f"whatif: no warehouse at {database}: build the night first (make daily)", EXIT_USAGE)
    with duckdb.connect(str(database), read_only=True) as con:
        try:
            dates = [
                row[0]
                for row in con.execute(
                    "select distinct as_of_date from marts.fct_customer_segments order by 1"
                ).fetchall()
            ]
        except duckdb.CatalogException as error:
            raise Stop(f"whatif: {database} has no marts.fct_customer_segments: build the night first", 2) from error
        try:
            facts = con.execute("select max(as_of_date) from intermediate.int_customers__in_scope").fetchone()[0]
        except duckdb.CatalogException:
            facts = None
    return dates, facts


def scenario_project(workdir: Path, folder: Path, seeds: list[str]) -> Path:
    """A copy of the project whose seeds/ is production's with the proposed files laid over."""
    project = workdir / "project"
    project.mkdir()
    for entry in PROJECT_ENTRIES:
        source = PROJECT_DIR / entry
        if source.is_dir():
            shutil.copytree(source, project / entry, ignore=shutil.ignore_patterns("pytest", "__pycache__"))
        elif source.exists():
            shutil.copy2(source, project / entry)
    shutil.copytree(PROJECT_DIR / "seeds", project / "seeds")
    for seed in seeds:
        shutil.copy2(folder / f"{seed}.csv", project / "seeds" / f"{seed}.csv")
    return project


def run_dbt(args: list[str], env: dict, workdir: Path) -> subprocess.CompletedProcess:
    command = [str(BIN / "dbt"), *args, "--no-use-colors", "--log-path", str(workdir / "logs")]
    return subprocess.run(command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True)


def staging_parameters_unchanged(database: Path, folder: Path, manifest: dict) -> bool:
    """Whether a proposed parameters.csv keeps the values of the parameters staging reads
    (STAGING_PARAMETERS) as production's seed table holds them."""
    node = next(n for n in manifest["nodes"].values() if n["resource_type"] == "seed" and n["name"] == PARAMETERS)
    names = sorted(STAGING_PARAMETERS)
    marks = ", ".join("?" for _ in names)
    with duckdb.connect(str(database), read_only=True) as con:
        current = {
            (row[0], row[1], row[2], Decimal(str(row[3])))
            for row in con.execute(
                f'select parameter_name, scope_type, scope_id, value from "{node["schema"]}"."{node["alias"]}" '
                f"where parameter_name in ({marks})",
                names,
            ).fetchall()
        }
    with open(folder / f"{PARAMETERS}.csv", encoding="utf-8-sig", newline="") as handle:
        proposed = {
            (row["parameter_name"], row["scope_type"], row["scope_id"], Decimal(row["value"]))
            for row in csv.DictReader(handle)
            if row["parameter_name"] in STAGING_PARAMETERS
        }
    return current == proposed


def selection(manifest: dict, seeds: list[str], rebuild_dated: bool, staging_inert: bool) -> list[str]:
    """The names of the models and seeds to build: each changed seed's descendants that lead
    to a target mart (dbt's `seed+,+mart`, walked here on production's manifest), and, when
    the date is not production's facts' date, every per-date model that leads to one. When
    `staging_inert` (a proposed parameters.csv that keeps the parameters staging reads), the
    walk does not enter staging from the parameters seed: staging's rows cannot change."""
    nodes = manifest["nodes"]
    buildable = {"model", "seed"}
    by_name = {n["name"]: uid for uid, n in nodes.items() if n["resource_type"] == "seed"}
    targets = [uid for uid, n in nodes.items() if n["resource_type"] == "model" and n["name"] in TARGET_MARTS]

    def walk(starts, links, skip=lambda parent, child: False) -> set[str]:
        seen, todo = set(starts), list(starts)
        while todo:
            node = todo.pop()
            for other in links.get(node, []):
                if other in seen or nodes.get(other, {}).get("resource_type") not in buildable:
                    continue
                if skip(node, other):
                    continue
                seen.add(other)
                todo.append(other)
        return seen

    def inert(parent: str, child: str) -> bool:
        return (
            staging_inert
            and nodes[parent]["name"] == PARAMETERS
            and nodes[child]["original_file_path"].startswith("models/staging/")
        )

    changed = [by_name[seed] for seed in seeds]
    upstream = walk(targets, manifest["parent_map"])
    chosen = walk(changed, manifest["child_map"], inert) & upstream
    if rebuild_dated:
        chosen |= {uid for uid in upstream if nodes[uid]["original_file_path"].startswith(DATED_PATHS)}
    return sorted(nodes[uid]["name"] for uid in chosen)


def validation_tests(manifest: dict, seeds: list[str]) -> list[str]:
    """The data tests of production's seed validation that concern the proposed seeds: every
    test of a proposed seed (seeds/_seeds.yml, other seeds it names read from production),
    and every test of the gate int_controls__validated."""
    nodes = manifest["nodes"]
    gated = {uid for uid, n in nodes.items() if n["resource_type"] == "seed" and n["name"] in seeds}
    gated |= {uid for uid, n in nodes.items() if n["resource_type"] == "model" and n["name"] == GATE}
    return sorted(
        n["name"]
        for n in nodes.values()
        if n["resource_type"] == "test" and gated & set(n.get("depends_on", {}).get("nodes", []))
    )


def scenario_schemas(con: duckdb.DuckDBPyConnection, prefix: str) -> list[str]:
    return [
        row[0]
        for row in con.execute("select distinct schema_name from information_schema.schemata").fetchall()
        if row[0] == prefix or row[0].startswith(prefix + "_")
    ]


def drop_scenario(database: Path, prefix: str) -> list[str]:
    """Drop the scenario's schemas (its name, and every schema named <prefix>_...)."""
    with duckdb.connect(str(database)) as con:
        schemas = scenario_schemas(con, prefix)
        for schema in schemas:
            con.execute(f'drop schema if exists "{schema}" cascade')
    return schemas


def build(project: Path, workdir: Path, database: Path, prefix: str, as_of: dt.date, args, seeds, rebuild_dated):
    """dbt parse of production (the state to defer to), then dbt build of the scenario."""
    env = dict(os.environ, DBT_DUCKDB_PATH=str(database.resolve()), DBT_PROFILES_DIR=str(PROJECT_DIR))
    env["DBT_SCHEMA_PREFIX"] = prefix
    state = workdir / "production"
    parsed = run_dbt(
        ["parse", "--project-dir", str(project), "--target", args.production_target, "--target-path", str(state)],
        env,
        workdir,
    )
    if parsed.returncode != 0:
        raise Stop(f"whatif: dbt parse of production failed:\n{parsed.stdout[-3000:]}{parsed.stderr[-2000:]}", 1)
    manifest = json.loads((state / "manifest.json").read_text(encoding="utf-8"))
    staging_inert = PARAMETERS in seeds and staging_parameters_unchanged(database, args.scenario, manifest)
    chosen = selection(manifest, seeds, rebuild_dated, staging_inert)
    tests = validation_tests(manifest, seeds)
    say(f"  {len(chosen)} models and seeds to build: {', '.join(chosen)}; {len(tests)} validation tests")
    variables = json.dumps({"as_of_date": as_of.isoformat(), "schema_prefix": prefix})
    command = [
        "build",
        "--project-dir",
        str(project),
        "--target",
        args.target,
        "--target-path",
        str(workdir / "target"),
        "--vars",
        variables,
        "--select",
        *chosen,
        *tests,
        "--exclude-resource-type",
        "unit_test",
        "--indirect-selection",
        "empty",
        "--defer",
        "--favor-state",
        "--state",
        str(state),
    ]
    started = time.monotonic()
    built = run_dbt(command, env, workdir)
    seconds = time.monotonic() - started
    if built.returncode != 0:
        lines = [
            line
            for line in built.stdout.splitlines()
            if re.search(r"(ERROR|FAIL|Failure|Error|Compilation|Runtime|Database Error|got \d+ result)", line)
        ]
        raise Stop(
            "whatif: dbt build of the scenario failed (production is unchanged):\n  "
            + "\n  ".join(lines[-20:] or built.stdout.splitlines()[-20:]),
            EXIT_BUILD,
        )
    done = re.findall(r"Done\. PASS=(\d+) WARN=(\d+) ERROR=(\d+) SKIP=(\d+)", built.stdout)
    return seconds, done[-1] if done else None, built.stdout


# -- comparing ----------------------------------------------------------------------

POPULATIONS = {
    # population: mart, id column, the figures that decide it (proposed side; `(from/to)`
    # for the percent ranks, which change with the group)
    "existing": (
        "fct_customer_segments",
        "customer_id",
        ["profit_contribution", "bank_value_score"],
        ["profit_percent_rank", "bank_value_percent_rank"],
    ),
    "target": (
        "fct_prospect_segments",
        "prospect_id",
        ["potential_value_score", "target_bank_value_score"],
        ["potential_percent_rank", "bank_value_percent_rank"],
    ),
}
METRIC_COLUMNS = ("deposit_adb_cny", "credit_balance_cny", "annual_revenue_cny", "total_assets_cny", "employee_count")


def relation_columns(con, schema: str, table: str) -> list[str]:
    return [
        row[0]
        for row in con.execute(
            "select column_name from information_schema.columns where table_schema = ? and table_name = ? "
            "order by ordinal_position",
            [schema, table],
        ).fetchall()
    ]


def read_moves(con, scenario: str, as_of: dt.date) -> tuple[list[str], list[tuple]]:
    """moves.csv: header and rows, customers then prospects, by id."""
    metric_schema = scenario if relation_columns(con, scenario, "fct_customer_metrics") else PRODUCTION_MARTS
    header = ["population", "customer_id", "as_of_date"]
    for column in MOVE_COLUMNS:
        header += [f"from_{column}", f"to_{column}"]
    figures = sorted({f for spec in POPULATIONS.values() for f in spec[2]})
    ranks = sorted({r for spec in POPULATIONS.values() for r in spec[3]})
    header += figures
    for rank in ranks:
        header += [f"from_{rank}", f"to_{rank}"]
    header += list(METRIC_COLUMNS)
    rows: list[tuple] = []
    for population, (mart, key, decided, ranked) in POPULATIONS.items():
        present = set(relation_columns(con, PRODUCTION_MARTS, mart))

        def side(alias: str, column: str, present=present) -> str:
            return f"{alias}.{column}" if column in present else "null"

        select = [f"'{population}'", f"coalesce(cur.{key}, pro.{key})", "?"]
        for column in MOVE_COLUMNS:
            select += [side("cur", column), side("pro", column)]
        select += [side("pro", f) if f in decided else "null" for f in figures]
        for rank in ranks:
            select += [side("cur", rank), side("pro", rank)] if rank in ranked else ["null", "null"]
        metrics = population == "existing"
        select += [f"met.{m}" if metrics else "null" for m in METRIC_COLUMNS]
        changed = " or ".join(f"cur.{c} is distinct from pro.{c}" for c in COMPARED if c in present)
        joined = (
            f"left join (select * from {metric_schema}.fct_customer_metrics where as_of_date = ?) met "
            f"on met.customer_id = coalesce(cur.{key}, pro.{key})"
            if metrics
            else ""
        )
        sql = (
            f"select {', '.join(select)} "
            f"from (select * from {PRODUCTION_MARTS}.{mart} where as_of_date = ?) cur "
            f"full join (select * from {scenario}.{mart} where as_of_date = ?) pro on cur.{key} = pro.{key} "
            f"{joined} where cur.{key} is null or pro.{key} is null or {changed} order by 2"
        )
        params = [as_of, as_of, as_of] + ([as_of] if metrics else [])
        rows += con.execute(sql, params).fetchall()
    return header, rows


SUMMARY_MEASURES = ("customers", "profit_contribution", "deposit_adb_cny", "credit_balance_cny")


def read_summary(con, scenario: str, as_of: dt.date) -> tuple[list[str], list[tuple]]:
    """summary.csv: per population x tier x segment, current and proposed measures."""

    def side(schema: str) -> str:
        sums = ", ".join(f"sum({m}) as {m}" for m in SUMMARY_MEASURES)
        return (
            f"select population, tier_code, segment_code, {sums} from {schema}.mart_segment_summary "
            "where as_of_date = ? group by 1, 2, 3"
        )

    header = ["population", "tier_code", "segment_code", "as_of_date"]
    for measure in SUMMARY_MEASURES:
        header += [f"current_{measure}", f"proposed_{measure}"]
    values = ", ".join(
        f"coalesce(cur.{m}, 0), coalesce(pro.{m}, 0)" if m == "customers" else f"cur.{m}, pro.{m}"
        for m in SUMMARY_MEASURES
    )
    keys = ("population", "tier_code", "segment_code")
    sql = (
        f"select {', '.join(f'coalesce(cur.{k}, pro.{k})' for k in keys)}, ?, {values} "
        f"from ({side(PRODUCTION_MARTS)}) cur full join ({side(scenario)}) pro "
        f"on {' and '.join(f'cur.{k} is not distinct from pro.{k}' for k in keys)} order by 1, 2, 3"
    )
    return header, con.execute(sql, [as_of, as_of, as_of]).fetchall()


def read_matrices(con, scenario: str, as_of: dt.date) -> dict:
    """Current x proposed counts of tier and segment, per population (everyone, stayers too)."""
    found = {}
    for population, (mart, key, _, _) in POPULATIONS.items():
        for column in ("tier_code", "segment_code"):
            rows = con.execute(
                f"select coalesce(cur.{column}, 'none'), coalesce(pro.{column}, 'none'), count(*) "
                f"from (select * from {PRODUCTION_MARTS}.{mart} where as_of_date = ?) cur "
                f"full join (select * from {scenario}.{mart} where as_of_date = ?) pro on cur.{key} = pro.{key} "
                "group by 1, 2",
                [as_of, as_of],
            ).fetchall()
            found[(population, column)] = rows
    return found


def read_labels(con, scenario: str) -> dict[str, str]:
    """Chinese labels of the codes, from the marts' *_zh columns."""
    labels: dict[str, str] = {"none": "无"}
    for schema in (PRODUCTION_MARTS, scenario):
        for mart, _, _, _ in POPULATIONS.values():
            present = set(relation_columns(con, schema, mart))
            for column in ("tier_code", "segment_code", "service_level", "credit_status", "market_class"):
                if column in present and f"{column}_zh" in present:
                    for code, zh in con.execute(
                        f"select distinct {column}, {column}_zh from {schema}.{mart}"
                    ).fetchall():
                        if code is not None and zh:
                            labels.setdefault(code, zh)
    return labels


def cell(value) -> object:
    """A value as moves.csv and summary.csv write it: dates ISO, decimals without exponent."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def write_csv(path: Path, header: list[str], rows: list[tuple]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([cell(v) for v in row])


def mover_counts(header: list[str], rows: list[tuple]) -> list[tuple[str, str, str, str, int]]:
    """(population, what, from, to, movers) for tier and segment changes, most first."""
    counts: dict[tuple, int] = {}
    for row in rows:
        record = dict(zip(header, row))
        for column in ("tier_code", "segment_code"):
            before, after = record[f"from_{column}"], record[f"to_{column}"]
            if before != after:
                key = (record["population"], column, before or "none", after or "none")
                counts[key] = counts.get(key, 0) + 1
    return sorted(((*k, n) for k, n in counts.items()), key=lambda item: (item[0], item[1], -item[4], item[2]))


# -- the page -----------------------------------------------------------------------

PAGE_CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;margin:0;
color:#1f2933;background:#f5f7fa}
header{background:#243b53;color:#fff;padding:16px 24px}header h1{margin:0;font-size:20px}
header p{margin:4px 0 0;font-size:13px;color:#d9e2ec}
main{padding:16px 24px;max-width:1280px}section{background:#fff;border-radius:6px;padding:12px 16px;margin:0 0 16px;
box-shadow:0 1px 2px rgba(0,0,0,.08)}h2{font-size:16px;margin:4px 0 10px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:12px}.chart{height:360px}
table{border-collapse:collapse;font-size:12px;width:100%}th,td{border-bottom:1px solid #e4e7eb;padding:3px 6px;
text-align:right}th{background:#f0f4f8;position:sticky;top:0}td.t,th.t{text-align:left}
.scroll{max-height:520px;overflow:auto}.up{color:#2f8132}.down{color:#ba2525}.note{font-size:12px;color:#52606d}
"""

PAGE_JS = """
(function(){
  var data = JSON.parse(document.getElementById('whatif-data').textContent);
  function label(code){ var zh = data.labels[code]; return zh ? code + ' ' + zh : code; }
  data.matrices.forEach(function(m, i){
    var el = document.getElementById('matrix-' + i);
    var chart = echarts.init(el, null, {renderer: 'canvas'});
    var max = 1; m.cells.forEach(function(c){ if (c[0] !== c[1] && c[2] > max) max = c[2]; });
    function cell(c){ return [m.to.indexOf(c[1]), m.from.indexOf(c[0]), c[2]]; }
    chart.setOption({
      animation: false,
      tooltip: {formatter: function(p){ return label(m.from[p.value[1]]) + ' → ' + label(m.to[p.value[0]]) +
        ': ' + p.value[2]; }},
      grid: {left: 150, right: 20, top: 10, bottom: 70},
      xAxis: {type: 'category', data: m.to.map(label), axisLabel: {rotate: 25, fontSize: 11}},
      yAxis: {type: 'category', data: m.from.map(label), inverse: true, axisLabel: {fontSize: 11}},
      visualMap: {min: 0, max: max, show: false, seriesIndex: 1,
        inRange: {color: ['#fde8c8', '#f0b429', '#d64545']}},
      series: [
        {type: 'heatmap', name: 'stay', label: {show: true}, itemStyle: {color: '#e4e7eb'},
          data: m.cells.filter(function(c){ return c[0] === c[1]; }).map(cell)},
        {type: 'heatmap', name: 'move', label: {show: true},
          data: m.cells.filter(function(c){ return c[0] !== c[1]; }).map(cell)}
      ]
    });
  });
  document.body.setAttribute('data-rendered', String(data.matrices.length));
})();
"""


def axis(codes, preferred: list[str]) -> list[str]:
    found = ordered([c for c in codes if c != "none"], preferred)
    return found + (["none"] if "none" in codes else [])


def render_page(name, as_of, seeds, matrices, labels, summary, moves, counts, seconds) -> str:
    """The self-contained page: the inlined ECharts, the data as JSON, tables as HTML."""
    charts = []
    titles = {
        ("existing", "tier_code"): "Existing customers: tier 存量客户：分层",
        ("existing", "segment_code"): "Existing customers: segment 存量客户：分群",
        ("target", "tier_code"): "Prospects: tier 目标客户：分层",
        ("target", "segment_code"): "Prospects: segment 目标客户：分群",
    }
    for (population, column), cells in matrices.items():
        if not cells:
            continue
        preferred = TIER_ORDER if column == "tier_code" else SEGMENT_ORDER + PROSPECT_SEGMENT_ORDER
        charts.append(
            {
                "title": titles[(population, column)],
                "from": axis({c[0] for c in cells}, preferred),
                "to": axis({c[1] for c in cells}, preferred),
                "cells": [list(c) for c in cells],
            }
        )
    payload = json.dumps({"matrices": charts, "labels": labels}, ensure_ascii=False).replace("</", "<\\/")
    chart_html = "".join(
        f'<div><h2>{esc(c["title"])}</h2><p class="note">rows: current, columns: proposed; grey: unchanged '
        f'行：当前，列：拟议；灰色：不变</p><div class="chart" id="matrix-{i}"></div></div>'
        for i, c in enumerate(charts)
    )

    def number(value, decimals=0):
        if value is None or value == "":
            return ""
        return f"{float(value):,.{decimals}f}"

    def lab(code):
        return esc(f"{code} {labels[code]}" if code in labels else (code or ""))

    summary_rows = []
    for row in summary:
        record = dict(zip(["population", "tier_code", "segment_code", "as_of_date"], row[:4]))
        cells = [f'<td class="t">{esc(record["population"])}</td>', f'<td class="t">{lab(record["tier_code"])}</td>']
        cells.append(f'<td class="t">{lab(record["segment_code"])}</td>')
        values = row[4:]
        for i in range(0, len(values), 2):
            before, after = values[i], values[i + 1]
            delta = (after or 0) - (before or 0)
            css = "up" if delta > 0 else "down" if delta < 0 else ""
            cells.append(f"<td>{number(before)}</td><td>{number(after)}</td><td class='{css}'>{number(delta)}</td>")
        summary_rows.append("<tr>" + "".join(cells) + "</tr>")
    measure_heads = "".join(
        f'<th colspan="3">{esc(m)}</th>'
        for m in ("customers 客户数", "profit contribution 利润贡献", "deposit ADB 日均存款", "credit balance 贷款余额")
    )
    sub_heads = "<th>current 当前</th><th>proposed 拟议</th><th>Δ 变化</th>" * 4
    header, rows = moves
    shown = rows[:5000]
    wanted = [
        "population",
        "customer_id",
        "from_tier_code",
        "to_tier_code",
        "from_segment_code",
        "to_segment_code",
        "from_service_level",
        "to_service_level",
        "deposit_adb_cny",
        "profit_contribution",
        "bank_value_score",
        "potential_value_score",
    ]
    index = [header.index(w) for w in wanted]
    mover_rows = "".join(
        "<tr>"
        + "".join(
            f'<td class="t">{lab(row[i])}</td>'
            if isinstance(row[i], str) or row[i] is None
            else f"<td>{number(row[i], 2)}</td>"
            for i in index
        )
        + "</tr>"
        for row in shown
    )
    count_rows = "".join(
        f'<tr><td class="t">{esc(p)}</td><td class="t">{esc(w)}</td><td class="t">{lab(a)}</td>'
        f'<td class="t">{lab(b)}</td><td>{n:,}</td></tr>'
        for p, w, a, b, n in counts
    )
    echarts = ECHARTS.read_text(encoding="utf-8")
    more = (
        f'<p class="note">The first {len(shown):,} of {len(rows):,} movers; all in moves.csv. 仅列前 {len(shown):,} 个，完整名单见 moves.csv。</p>'
        if len(rows) > len(shown)
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>What-if {esc(name)} · 情景模拟 {esc(as_of)}</title>
<style>{PAGE_CSS}</style></head><body>
<header><h1>What-if scenario 情景模拟: {esc(name)}</h1>
<p>as_of_date 观察日 {esc(as_of)} · proposed seeds 拟议种子: {esc(", ".join(f"{s}.csv" for s in seeds))} ·
current = production marts 当前 = 生产集市 · built in {seconds:.0f} s 构建用时 {seconds:.0f} 秒</p></header>
<main>
<section><h2>Migration current → proposed 当前 → 拟议 迁移</h2><div class="grid">{chart_html}</div></section>
<section><h2>Movers per tier and segment 各分层、分群的迁移客户数</h2>
<table><tr><th class="t">population 客群</th><th class="t">what 维度</th><th class="t">from 当前</th><th class="t">to 拟议</th>
<th>movers 客户数</th></tr>{count_rows}</table></section>
<section><h2>Totals before and after 前后合计</h2><div class="scroll"><table>
<tr><th class="t" rowspan="2">population 客群</th><th class="t" rowspan="2">tier 分层</th><th class="t" rowspan="2">segment 分群</th>{measure_heads}</tr>
<tr>{sub_heads}</tr>{"".join(summary_rows)}</table></div></section>
<section><h2>Movers 迁移客户名单 ({len(rows):,})</h2>{more}<div class="scroll"><table>
<tr>{"".join(f'<th class="t">{esc(w)}</th>' for w in wanted)}</tr>{mover_rows}</table></div></section>
</main>
<script type="application/json" id="whatif-data">{payload}</script>
<script>{echarts}</script>
<script>{PAGE_JS}</script>
</body></html>
"""


# -- main ---------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenario", type=Path, help="folder of the proposed seed files (same names as seeds/)")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, help="as_of_date (default: production's latest)")
    parser.add_argument("--name", help="scenario name (default: the folder's name)")
    parser.add_argument(
        "--database",
        type=Path,
        default=Path(os.environ.get("DBT_DUCKDB_PATH", "warehouse/corp_tiering.duckdb")),
        help="the warehouse (default: DBT_DUCKDB_PATH)",
    )
    parser.add_argument("--output-dir", type=Path, default=PROJECT_DIR / "reports" / "whatif")
    parser.add_argument(
        "--production-target",
        default=os.environ.get("DBT_TARGET", "duckdb"),
        help="the dbt target production is built with (default: DBT_TARGET, else duckdb)",
    )
    parser.add_argument("--target", default="dev", help="a non-production dbt target for the scenario (default dev)")
    parser.add_argument("--keep", action="store_true", help="keep the scenario's schemas after writing the reports")
    args = parser.parse_args(argv)
    try:
        return run(args)
    except Stop as stop:
        print(stop, file=sys.stderr, flush=True)
        return stop.code


def run(args) -> int:
    if not ECHARTS.exists():
        raise Stop(
            f"whatif: the charting library {ECHARTS.relative_to(PROJECT_DIR)} is missing: run `make vendor`", EXIT_USAGE
        )
    name = scenario_name(args.scenario, args.name)
    prefix = f"whatif_{name}"
    seeds = check_proposed(args.scenario)
    database = args.database if args.database.is_absolute() else (Path.cwd() / args.database)
    dates, facts_date = production_dates(database)
    if not dates:
        raise Stop("whatif: production's fct_customer_segments is empty: build the night first", EXIT_USAGE)
    as_of = args.as_of or dates[-1]
    if as_of not in dates:
        raise Stop(
            f"whatif: production has no as_of_date {as_of} to compare with (it has {', '.join(map(str, dates))})",
            EXIT_USAGE,
        )
    rebuild_dated = as_of != facts_date
    say(f"whatif {name}: {len(seeds)} proposed seed(s) ({', '.join(seeds)}) for as_of_date {as_of}")
    if rebuild_dated:
        say(f"  production's customer facts are for {facts_date}: they are rebuilt for {as_of} in the scenario")
    drop_scenario(database, prefix)
    workdir = Path(tempfile.mkdtemp(prefix=f"whatif-{name}-"))
    try:
        project = scenario_project(workdir, args.scenario, seeds)
        say(f"  building into schemas {prefix}_* (production is read, never written) ...")
        seconds, done, _ = build(project, workdir, database, prefix, as_of, args, seeds, rebuild_dated)
        if done:
            say(f"  dbt build: PASS={done[0]} WARN={done[1]} ERROR={done[2]} SKIP={done[3]} in {seconds:.1f} s")
        scenario = f"{prefix}_marts"
        with duckdb.connect(str(database), read_only=True) as con:
            moves = read_moves(con, scenario, as_of)
            summary = read_summary(con, scenario, as_of)
            matrices = read_matrices(con, scenario, as_of)
            labels = read_labels(con, scenario)
        output = args.output_dir / name
        output.mkdir(parents=True, exist_ok=True)
        write_csv(output / "moves.csv", *moves)
        write_csv(output / "summary.csv", *summary)
        counts = mover_counts(*moves)
        page = render_page(name, as_of, seeds, matrices, labels, summary[1], moves, counts, seconds)
        (output / "index.html").write_text(page, encoding="utf-8")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if not args.keep:
            drop_scenario(database, prefix)
    populations = {}
    for row in moves[1]:
        populations[row[0]] = populations.get(row[0], 0) + 1
    say(
        f"whatif {name}: {len(moves[1])} mover(s) "
        f"({', '.join(f'{n} {p}' for p, n in sorted(populations.items())) or 'none'}) against production's {as_of}"
    )
    for population, column, before, after, n in counts:
        say(f"  {population} {column.removesuffix('_code')}: {before} -> {after}: {n}")
    say(f"  {'kept' if args.keep else 'dropped'} schemas {prefix}_*")
    say(f"What-if page: {(output / 'index.html').resolve()}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
