#!/usr/bin/env python3
"""Write the segmentation report: one self-contained HTML file, drawn from the `marts`
schema of a corp_tiering DuckDB file (the warehouse or its published BI copy; opened
read-only), with interactive charts by ECharts, inlined from the vendored copy that
`make vendor` (scripts/vendor_echarts.sh) puts in vendor/echarts/: nothing is loaded
from the network.

Filters: as_of_date (every one in the marts), region, branch and tier; every chart,
table and figure redraws for them. Charts: tier x segment customers and profit
contribution (the totals of mart_segment_summary); each tier's quadrant of profit
contribution against bank value score with the cutoff lines where the cutoffs really
fell; the target prospects' quadrant per tier; the segment migration heat map into the
as_of_date; lifecycle and risk mix by region; two top lists (the largest exit-segment
credit balances, the gold prospects). Hovering a point shows the customer (id, segment,
both values, region, branch). A quadrant with more than POINTS_PER_CHART customers
after filtering draws density instead: binned counts on a grid, with each cell's count
per segment on hover. The data is embedded once as compact JSON (columnar arrays,
codes as indexes into dictionaries), so that the file stays small at a million
customers.

Every chart's figure carries `data-chart`, `data-points` (the customers or cells it
counts), `data-marks` (what it drew) and `data-mode` (points or density), so that a
test can check that each one was drawn with data; `window.corpReport` exposes the
ECharts instances.

Usage:
    python scripts/report.py [--database warehouse/corp_tiering_bi.duckdb]
                             [--output reports/segmentation_report.html] [--as-of 2026-10-31]
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import math
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

PROJECT_DIR = Path(__file__).resolve().parents[1]
ECHARTS = PROJECT_DIR / "vendor" / "echarts" / "echarts.min.js"

# Codes in the order a reader expects; codes a seed adds later follow, sorted.
TIER_ORDER = ["strategic", "large", "medium", "small", "above_scale", "below_scale"]
SEGMENT_ORDER = ["important", "quality", "ordinary", "exit"]
PROSPECT_SEGMENT_ORDER = ["gold", "potential", "watch", "general"]
LIFECYCLE_ORDER = ["new", "active", "loyal", "dormant", "churned"]
RISK_ORDER = ["low", "medium", "high", "not_rated"]

# A quadrant draws one point per customer up to this many (after filtering), density beyond.
POINTS_PER_CHART = 3000
# At most this many customers (all as_of_dates) are embedded one by one; the largest
# (as_of_date, branch, tier) groups beyond it are embedded as binned counts only.
POINT_BUDGET = 25000
# The density grid of a quadrant: bins of the x axis (signed log for money) and of y; a
# coarser grid when the finer one would embed more cells than the population's share of
# CELL_BUDGET (many branches x tiers x as_of_dates), so that the file stays small (about
# 7.5 bytes a cell).
GRIDS = [40, 28, 20, 14]
CELL_BUDGET = 600000
# The signed log of money: f(v) = sign(v) log10(1 + |v| / SYMLOG_C).
SYMLOG_C = 1000.0
# Rows of each top list. For every as_of_date x branch x tier the file keeps its top rows,
# TOP_ROWS of them or fewer (not under 5) when there are so many groups that TOP_BUDGET rows
# would not hold TOP_ROWS each; the page then shows only the rows it knows to be the top of
# the filter (those above every shortened group's last kept row) and says so.
TOP_ROWS = 20
TOP_BUDGET = 12000

COLOURS = {
    "important": "#1b7f4b",
    "quality": "#2f6fb3",
    "ordinary": "#d99a21",
    "exit": "#c23b32",
    "gold": "#c9a100",
    "potential": "#17918f",
    "watch": "#7b4fb3",
    "general": "#8a8f98",
    "none": "#b8bcc4",
    "new": "#4aa3df",
    "active": "#2e8b57",
    "loyal": "#1d4e89",
    "dormant": "#e0a030",
    "churned": "#c0392b",
    "low": "#3a9d5d",
    "medium": "#e3a72f",
    "high": "#c23b32",
    "not_rated": "#9aa0a8",
}
FONTS = (
    '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei", '
    '"Microsoft YaHei", "PingFang SC", sans-serif'
)


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def ordered(codes, preferred: list[str]) -> list[str]:
    present = {c for c in codes if c is not None}
    return [c for c in preferred if c in present] + sorted(present - set(preferred))


def relation_exists(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    return (
        con.execute(
            "select count(*) from information_schema.tables where table_schema = ? and table_name = ?", [schema, name]
        ).fetchone()[0]
        > 0
    )


def columns(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> dict[str, list]:
    """The result of a query as one list per column."""
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    return {name: [row[i] for row in rows] for i, name in enumerate(names)}


def index_of(values: list) -> dict:
    return {v: i for i, v in enumerate(values)}


# ---------------------------------------------------------------------------------------
# the cutoffs where they really fell


@dataclass
class CutoffLine:
    as_of_date: dt.date
    tier_code: str
    group: tuple[str, ...]  # the 分层客户群 in the tier: (credit_status, market_class) or (market_class,)
    dimension: str  # x or y
    value: float | None  # where the high band starts; None: nobody of the group reached it
    method: str | None  # the cutoff row's method and value (None when the file lacks them)
    cutoff: float | None
    members: int  # customers of the group the cutoff applied to
    region: str | None = None  # without the cutoffs: the region or branch the line holds for,
    branch: str | None = None  # when the group's bands change at different values across them


POPULATIONS = {
    # population: relation, id, group columns, x, y, x band, y band, x transform
    "existing": (
        "marts.fct_customer_segments",
        "customer_id",
        ("credit_status", "market_class"),
        "profit_contribution",
        "bank_value_score",
        "profit_band",
        "bank_value_band",
        "symlog",
    ),
    "target": (
        "marts.fct_prospect_segments",
        "prospect_id",
        ("market_class",),
        "potential_value_score",
        "target_bank_value_score",
        "potential_band",
        "bank_value_band",
        "linear",
    ),
}


def cutoff_lines(con: duckdb.DuckDBPyConnection, population: str) -> list[CutoffLine]:
    """For every as_of_date, tier, 分层客户群 and cutoff that applied to it, the value where
    the high band starts: the lowest value ranked high (the segmentation is monotone in
    the value within a group, and an absolute cutoff's members are high from its own
    value on). The cutoff that applied to a customer is its branch's resolved row
    (intermediate.int_branch_segment_cutoffs__resolved, as int_customers__segmented
    joins it). A file without that relation (the published BI copy holds the marts only)
    gives one line per group when the group's bands change at one value (every low member
    below every high one: one cutoff, or overrides that happen to agree); otherwise one
    line per region of the group where that holds, and one per branch elsewhere (a
    branch has one resolved cutoff, so its bands always change at one value)."""
    relation, _, group, x, y, x_band, y_band, _ = POPULATIONS[population]
    has_cutoffs = relation_exists(con, "intermediate", "int_branch_segment_cutoffs__resolved")
    lines: list[CutoffLine] = []
    n = len(group)
    group_columns = ", ".join(f"s.{g}" for g in group)
    for dimension, value, band in (("x", x, x_band), ("y", y, y_band)):
        if has_cutoffs:
            rows = con.execute(f"""
                select s.as_of_date, s.tier_code, {group_columns}, c.cutoff_method, cast(c.cutoff_value as double),
                       min(cast(s.{value} as double)) filter (where s.{band} = 'high'), count(*)
                from {relation} as s
                left join intermediate.int_branch_segment_cutoffs__resolved as c
                    on s.branch_id = c.branch_id and s.tier_code = c.tier_code and c.population = '{population}'
                    and c.dimension = '{dimension}'
                where s.{value} is not null
                group by all order by all""").fetchall()
            for row in rows:
                lines.append(
                    CutoffLine(
                        row[0], row[1], tuple(row[2 : 2 + n]), dimension, row[4 + n], row[2 + n], row[3 + n], row[5 + n]
                    )
                )
            continue
        # without the cutoffs: where the bands change, by group, region and branch
        rows = con.execute(f"""
            with members as (
                select s.as_of_date, s.tier_code, {group_columns}, s.region_code, s.branch_id,
                       cast(s.{value} as double) as v, s.{band} as band
                from {relation} as s where s.{value} is not null)
            select as_of_date, tier_code, {", ".join(group)}, region_code, branch_id,
                   min(v) filter (where band = 'high') as line, max(v) filter (where band = 'low') as top_low,
                   count(*) as members
            from members group by grouping sets (
                (as_of_date, tier_code, {", ".join(group)}),
                (as_of_date, tier_code, {", ".join(group)}, region_code),
                (as_of_date, tier_code, {", ".join(group)}, region_code, branch_id))
            order by all""").fetchall()
        levels: dict[tuple, dict] = {}
        for row in rows:
            key = (row[0], row[1], tuple(row[2 : 2 + n]))
            region, branch, line, top_low, members = row[2 + n :]
            level = levels.setdefault(key, {"group": None, "regions": {}, "branches": {}})
            # one value where the bands change: every low member below every high one
            entry = (line, members, line is None or top_low is None or top_low < line)
            if branch is not None:
                level["branches"].setdefault(region, {})[branch] = entry
            elif region is not None:
                level["regions"][region] = entry
            else:
                level["group"] = entry

        for (as_of, tier, group_key), level in levels.items():
            line, members, one = level["group"]
            if one:
                lines.append(CutoffLine(as_of, tier, group_key, dimension, line, None, None, members))
                continue
            for region, (line, members, one) in sorted(level["regions"].items(), key=lambda kv: str(kv[0])):
                if one:
                    lines.append(CutoffLine(as_of, tier, group_key, dimension, line, None, None, members, region))
                    continue
                for branch, (line, members, _) in sorted(level["branches"][region].items()):
                    lines.append(
                        CutoffLine(as_of, tier, group_key, dimension, line, None, None, members, region, branch)
                    )
    return lines


# ---------------------------------------------------------------------------------------
# the data the page embeds


def labels_of(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, str]]:
    """Chinese labels of the codes, from the marts' *_zh columns (labels.csv as the marts
    joined it)."""
    found: dict[str, dict[str, str]] = {}
    pairs = [
        ("marts.fct_customer_segments", c)
        for c in ("credit_status", "market_class", "tier_code", "segment_code", "lifecycle_stage", "risk_grade")
    ]
    pairs += [("marts.fct_prospect_segments", c) for c in ("market_class", "tier_code", "segment_code")]
    pairs += [("marts.mart_segment_migration", c) for c in ("from_segment_code", "to_segment_code")]
    for relation, column in pairs:
        code_type = column.removeprefix("from_").removeprefix("to_")
        for code, zh in con.execute(f"select distinct {column}, {column}_zh from {relation}").fetchall():
            if code is not None and zh:
                found.setdefault(code_type, {})[code] = zh
    return found


def symlog_sql(value: str) -> str:
    return f"sign({value}) * log10(1 + abs({value}) / {SYMLOG_C})"


def quadrant_data(
    con: duckdb.DuckDBPyConnection,
    population: str,
    dates: list,
    branches: list,
    tiers: list,
    segments: list,
    lines: list[CutoffLine],
    cell_budget: int,
) -> dict:
    """One population's quadrants: each tier's axis domain (x after its transform) and, for
    every (as_of_date, branch, tier) group, either its customers one by one (small groups,
    up to POINT_BUDGET in all) or its binned counts per segment."""
    relation, id_column, _, x, y, _, _, transform = POPULATIONS[population]
    fx = symlog_sql("x") if transform == "symlog" else "x"
    base_fx = symlog_sql("base.x") if transform == "symlog" else "base.x"
    d_ix, b_ix, t_ix, s_ix = index_of(dates), index_of(branches), index_of(tiers), index_of(segments)
    base = f"""
        select as_of_date as d, branch_id as b, tier_code as t, segment_code as s, {id_column} as id,
               cast({x} as double) as x, cast({y} as double) as y
        from {relation} where {x} is not null and {y} is not null"""
    # each tier's domain: every value of every as_of_date and every cutoff line, transformed
    domain = {
        t: [lo, hi] for t, lo, hi in con.execute(f"select t, min({fx}), max({fx}) from ({base}) group by t").fetchall()
    }
    for ln in lines:
        if ln.dimension == "x" and ln.value is not None and ln.tier_code in domain:
            v = ln.value
            f = math.copysign(math.log10(1 + abs(v) / SYMLOG_C), v) if transform == "symlog" else v
            domain[ln.tier_code] = [min(domain[ln.tier_code][0], f), max(domain[ln.tier_code][1], f)]
    for t, (lo, hi) in domain.items():
        if transform == "linear":
            lo, hi = min(lo, 0.0), max(hi, 100.0)
        pad = (hi - lo) * 0.02 or 1.0
        domain[t] = [lo - pad, hi + pad]
    domain_sql = (
        " union all ".join(
            f"select '{t.replace(chr(39), chr(39) * 2)}' as t, {lo!r} as lo, {hi!r} as hi"
            for t, (lo, hi) in domain.items()
        )
        or "select null as t, 0.0 as lo, 1.0 as hi"
    )
    groups_sql = f"""
        with g as (select d, b, t, count(*) as n from ({base}) group by d, b, t),
        ranked as (select *, sum(n) over (order by n, d, b, t rows unbounded preceding) as running from g)
        select d, b, t, n, n <= {POINTS_PER_CHART} and running <= {POINT_BUDGET} as as_points from ranked"""
    groups = con.execute(groups_sql + " order by d, b, t").fetchall()
    group_key = {(d, b, t): i for i, (d, b, t, _, _) in enumerate(groups)}
    out = {
        "tiers": [t_ix[t] for t in tiers if t in domain],
        "domain": {str(t_ix[t]): domain[t] for t in domain},
        "transform": transform,
        "groups": {
            "d": [d_ix[g[0]] for g in groups],
            "b": [b_ix[g[1]] for g in groups],
            "t": [t_ix[g[2]] for g in groups],
            "n": [g[3] for g in groups],
            "p": [1 if g[4] else 0 for g in groups],
        },
    }
    points = columns(
        con,
        f"""
        with base as ({base}), chosen as ({groups_sql})
        select base.d, base.b, base.t, base.s, base.id, round(base.x, 2) as x, round(base.y, 2) as y
        from base inner join chosen using (d, b, t) where chosen.as_points
        order by base.d, base.b, base.t, base.id""",
    )
    # points in group order: group g's G.n[g] points when it is embedded as points (G.p[g])
    out["points"] = {
        "s": [s_ix[s] for s in points["s"]],
        "id": points["id"],
        "x": [compact(v) for v in points["x"]],
        "y": [compact(v) for v in points["y"]],
    }

    def cells_sql(bins: int) -> str:
        return f"""
            with base as ({base}), chosen as ({groups_sql}), domain as ({domain_sql})
            select base.d, base.b, base.t, base.s,
                   least({bins - 1}, greatest(0, floor(({base_fx} - domain.lo)
                                            / (domain.hi - domain.lo) * {bins})))::int as i,
                   least({bins - 1}, greatest(0, floor(base.y / 100.0 * {bins})))::int as j,
                   count(*) as n
            from base inner join chosen using (d, b, t) inner join domain on base.t = domain.t
            where not chosen.as_points
            group by all"""

    bins = GRIDS[-1]
    for candidate in GRIDS:
        if con.execute(f"select count(*) from ({cells_sql(candidate)})").fetchone()[0] <= cell_budget:
            bins = candidate
            break
    cells = columns(con, cells_sql(bins))
    out["bins"] = bins
    # cells in (group, segment, cell) order: run lengths per group x segment, then each
    # cell's key (i * bins + j) as the difference from the previous key of its run
    runs = [0] * (len(groups) * len(segments))
    ordered_cells = sorted(
        (group_key[(d, b, t)] * len(segments) + s_ix[s], i * bins + j, n)
        for d, b, t, s, i, j, n in zip(
            cells["d"], cells["b"], cells["t"], cells["s"], cells["i"], cells["j"], cells["n"]
        )
    )
    deltas, counts, previous, run = [], [], 0, None
    for key, k, n in ordered_cells:
        runs[key] += 1
        deltas.append(k if key != run else k - previous)
        counts.append(n)
        previous, run = k, key
    out["cells"] = {"runs": runs, "dk": deltas, "n": counts}
    return out


def compact(value: float | None) -> float | int | None:
    """A number as short as JSON can write it."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def build_data(con: duckdb.DuckDBPyConnection) -> dict:
    dates = [
        r[0] for r in con.execute("select distinct as_of_date from marts.fct_customer_segments order by 1").fetchall()
    ]
    if not dates:
        raise SystemExit("report: marts.fct_customer_segments is empty; build the warehouse first (dbt build)")
    labels = labels_of(con)
    branch_rows = con.execute("""
        select branch_id, max(region_code) from (
            select branch_id, region_code from marts.fct_customer_segments
            union all select branch_id, region_code from marts.fct_prospect_segments)
        group by branch_id order by branch_id""").fetchall()
    branches = [b for b, _ in branch_rows]
    regions = sorted(
        {r for _, r in branch_rows if r is not None}
        | {
            r
            for (r,) in con.execute(
                "select distinct region_code from marts.mart_segment_summary where region_code is not null"
            ).fetchall()
        }
    )
    r_ix, b_ix, d_ix = index_of(regions), index_of(branches), index_of(dates)
    tiers = ordered(
        [
            r[0]
            for r in con.execute("""
        select distinct tier_code from marts.fct_customer_segments union
        select distinct tier_code from marts.fct_prospect_segments""").fetchall()
        ],
        TIER_ORDER,
    )
    segments = ordered(
        [r[0] for r in con.execute("select distinct segment_code from marts.fct_customer_segments").fetchall()],
        SEGMENT_ORDER,
    )
    prospect_segments = ordered(
        [r[0] for r in con.execute("select distinct segment_code from marts.fct_prospect_segments").fetchall()],
        PROSPECT_SEGMENT_ORDER,
    )
    migration_codes = ordered(segments + ["none"], SEGMENT_ORDER + ["none"])
    lifecycles = ordered(
        [r[0] for r in con.execute("select distinct lifecycle_stage from marts.fct_customer_segments").fetchall()],
        LIFECYCLE_ORDER,
    )
    risks = ordered(
        [r[0] for r in con.execute("select distinct risk_grade from marts.fct_customer_segments").fetchall()],
        RISK_ORDER,
    )
    t_ix, s_ix, ps_ix, m_ix = (
        index_of(tiers),
        index_of(segments),
        index_of(prospect_segments),
        index_of(migration_codes),
    )
    l_ix, k_ix = index_of(lifecycles), index_of(risks)

    def money(values: list, decimals: int = 2) -> list:
        return [None if v is None else compact(round(float(v), decimals)) for v in values]

    def yuan(values: list) -> list:
        """Whole yuan: for what the page shows in 万 and 亿 only."""
        return [None if v is None else round(float(v)) for v in values]

    # tier x segment totals: mart_segment_summary's rows (population x region x class x
    # tier x segment), added up over market class
    summary = columns(
        con,
        """
        select as_of_date, population, region_code, tier_code, segment_code, sum(customers) as n,
               sum(profit_contribution) as p, sum(deposit_adb_cny) as dep, sum(credit_balance_cny) as cr
        from marts.mart_segment_summary group by all order by all""",
    )
    existing = [i for i, p in enumerate(summary["population"]) if p == "existing"]
    target = [i for i, p in enumerate(summary["population"]) if p == "target"]

    def pick(key: str, rows: list[int]) -> list:
        return [summary[key][i] for i in rows]

    data_summary = {
        "d": [d_ix[v] for v in pick("as_of_date", existing)],
        "r": [r_ix[v] for v in pick("region_code", existing)],
        "t": [t_ix[v] for v in pick("tier_code", existing)],
        "s": [s_ix[v] for v in pick("segment_code", existing)],
        "n": pick("n", existing),
        "p": money(pick("p", existing)),
        "dep": money(pick("dep", existing)),
        "cr": money(pick("cr", existing)),
    }
    data_target_summary = {
        "d": [d_ix[v] for v in pick("as_of_date", target)],
        "r": [r_ix[v] for v in pick("region_code", target)],
        "t": [t_ix[v] for v in pick("tier_code", target)],
        "s": [ps_ix[v] for v in pick("segment_code", target)],
        "n": pick("n", target),
    }
    # the mart has no branch: a branch's figures are the segment fact's, by branch
    by_branch = columns(
        con,
        """
        select s.as_of_date, s.branch_id, s.tier_code, s.segment_code, count(*) as n,
               sum(s.profit_contribution) as p, sum(m.deposit_adb_cny) as dep, sum(m.credit_balance_cny) as cr
        from marts.fct_customer_segments as s
        inner join marts.fct_customer_metrics as m on s.as_of_date = m.as_of_date and s.customer_id = m.customer_id
        group by all order by all""",
    )
    prospects_by_branch = columns(
        con,
        """
        select as_of_date, branch_id, tier_code, segment_code, count(*) as n
        from marts.fct_prospect_segments group by all order by all""",
    )
    mix = {}
    for key, column, index in (("lifecycle", "lifecycle_stage", l_ix), ("risk", "risk_grade", k_ix)):
        rows = columns(
            con,
            f"""
            select as_of_date, branch_id, tier_code, {column} as c, count(*) as n
            from marts.fct_customer_segments group by all order by all""",
        )
        mix[key] = {
            "d": [d_ix[v] for v in rows["as_of_date"]],
            "b": [b_ix[v] for v in rows["branch_id"]],
            "t": [t_ix[v] for v in rows["tier_code"]],
            "c": [index[v] for v in rows["c"]],
            "n": rows["n"],
        }
    # migration: the mart's pairs, each customer on the branch and tier of its later side
    migration = columns(
        con,
        """
        with pairs as (
            select to_as_of_date, max(from_as_of_date) as from_as_of_date
            from marts.mart_segment_migration group by to_as_of_date),
        from_side as (
            select pairs.from_as_of_date, pairs.to_as_of_date, s.customer_id, s.segment_code, s.branch_id, s.tier_code
            from pairs inner join marts.fct_customer_segments as s on s.as_of_date = pairs.from_as_of_date),
        to_side as (
            select pairs.from_as_of_date, pairs.to_as_of_date, s.customer_id, s.segment_code, s.branch_id, s.tier_code
            from pairs inner join marts.fct_customer_segments as s on s.as_of_date = pairs.to_as_of_date)
        select coalesce(f.from_as_of_date, t.from_as_of_date) as f_date, coalesce(f.to_as_of_date, t.to_as_of_date) as t_date,
               coalesce(t.branch_id, f.branch_id) as b, coalesce(t.tier_code, f.tier_code) as t,
               coalesce(f.segment_code, 'none') as fs, coalesce(t.segment_code, 'none') as ts, count(*) as n
        from from_side as f full outer join to_side as t
            on f.from_as_of_date = t.from_as_of_date and f.to_as_of_date = t.to_as_of_date and f.customer_id = t.customer_id
        group by all order by all""",
    )
    data_migration = {
        "from": {str(d_ix[t]): d_ix[f] for f, t in zip(migration["f_date"], migration["t_date"])},
        "d": [d_ix[v] for v in migration["t_date"]],
        "b": [b_ix[v] for v in migration["b"]],
        "t": [t_ix[v] for v in migration["t"]],
        "fs": [m_ix[v] for v in migration["fs"]],
        "ts": [m_ix[v] for v in migration["ts"]],
        "n": migration["n"],
    }

    # top lists, kept for every as_of_date x branch x tier
    def top_rows(relation_sql: str, value: str) -> tuple[dict, dict]:
        groups = con.execute(
            f"select count(*) from (select distinct as_of_date, branch_id, tier_code from ({relation_sql}))"
        ).fetchone()[0]
        keep = max(5, min(TOP_ROWS, TOP_BUDGET // max(groups, 1)))
        rows = columns(
            con,
            f"""
            select * from (
                select *, row_number() over (partition by as_of_date, branch_id, tier_code
                                             order by {value} desc, id) as rank,
                          count(*) over (partition by as_of_date, branch_id, tier_code) as group_rows
                from ({relation_sql}))
            where rank <= {keep} order by as_of_date, branch_id, tier_code, rank""",
        )
        # the shortened groups and their last kept value
        cut = [i for i, (rank, n) in enumerate(zip(rows["rank"], rows["group_rows"])) if rank == keep and n > keep]
        cuts = {
            "d": [d_ix[rows["as_of_date"][i]] for i in cut],
            "b": [b_ix[rows["branch_id"][i]] for i in cut],
            "t": [t_ix[rows["tier_code"][i]] for i in cut],
            "v": (yuan if value == "credit" else money)([rows[value][i] for i in cut]),
        }
        return rows, cuts

    exits, exit_cuts = top_rows(
        """
        select s.as_of_date, s.branch_id, s.tier_code, s.customer_id as id, cast(m.credit_balance_cny as double) as credit,
               cast(s.profit_contribution as double) as x, cast(s.bank_value_score as double) as y, s.risk_grade
        from marts.fct_customer_segments as s
        inner join marts.fct_customer_metrics as m on s.as_of_date = m.as_of_date and s.customer_id = m.customer_id
        where s.segment_code = 'exit' and m.credit_balance_cny > 0""",
        "credit",
    )
    golds, gold_cuts = top_rows(
        """
        select as_of_date, branch_id, tier_code, prospect_id as id, cast(potential_value_score as double) as x,
               cast(target_bank_value_score as double) as y
        from marts.fct_prospect_segments where segment_code = 'gold'""",
        "x",
    )
    rejected = (
        con.execute("select count(*) from marts.dq_rejected_rows").fetchone()[0]
        if relation_exists(con, "marts", "dq_rejected_rows")
        else None
    )

    quadrants, cutoffs = {}, {}
    cell_budget = CELL_BUDGET
    for population, codes, share in (("existing", segments, 0.7), ("target", prospect_segments, 1.0)):
        lines = cutoff_lines(con, population)
        quadrants[population] = quadrant_data(
            con, population, dates, branches, tiers, codes, lines, int(cell_budget * share)
        )
        cell_budget -= len(quadrants[population]["cells"]["n"])
        cutoffs[population] = {
            "d": [d_ix[ln.as_of_date] for ln in lines],
            "t": [t_ix[ln.tier_code] for ln in lines],
            "group": [" · ".join(ln.group) for ln in lines],
            "group_zh": [
                "·".join(labels.get(c, {}).get(v, v) for c, v in zip(POPULATIONS[population][2], ln.group))
                for ln in lines
            ],
            "dim": [ln.dimension for ln in lines],
            "v": [ln.value for ln in lines],
            "method": [ln.method for ln in lines],
            "cutoff": [ln.cutoff for ln in lines],
            "members": [ln.members for ln in lines],
            "r": [-1 if ln.region is None or ln.branch is not None else r_ix.get(ln.region, -1) for ln in lines],
            "b": [-1 if ln.branch is None else b_ix[ln.branch] for ln in lines],
        }

    return {
        "dates": [d.isoformat() for d in dates],
        "regions": regions,
        "branches": branches,
        "branchRegion": [r_ix.get(r) for _, r in branch_rows],
        "tiers": tiers,
        "segments": segments,
        "prospectSegments": prospect_segments,
        "migrationCodes": migration_codes,
        "lifecycles": lifecycles,
        "risks": risks,
        "labels": labels,
        "colours": COLOURS,
        "symlogC": SYMLOG_C,
        "pointsPerChart": POINTS_PER_CHART,
        "rejected": rejected,
        "summary": data_summary,
        "targetSummary": data_target_summary,
        "byBranch": {
            "d": [d_ix[v] for v in by_branch["as_of_date"]],
            "b": [b_ix[v] for v in by_branch["branch_id"]],
            "t": [t_ix[v] for v in by_branch["tier_code"]],
            "s": [s_ix[v] for v in by_branch["segment_code"]],
            "n": by_branch["n"],
            "p": yuan(by_branch["p"]),
            "dep": yuan(by_branch["dep"]),
            "cr": yuan(by_branch["cr"]),
        },
        "prospectsByBranch": {
            "d": [d_ix[v] for v in prospects_by_branch["as_of_date"]],
            "b": [b_ix[v] for v in prospects_by_branch["branch_id"]],
            "t": [t_ix[v] for v in prospects_by_branch["tier_code"]],
            "s": [ps_ix[v] for v in prospects_by_branch["segment_code"]],
            "n": prospects_by_branch["n"],
        },
        "mix": mix,
        "migration": data_migration,
        "exits": {
            "d": [d_ix[v] for v in exits["as_of_date"]],
            "b": [b_ix[v] for v in exits["branch_id"]],
            "t": [t_ix[v] for v in exits["tier_code"]],
            "id": exits["id"],
            "credit": yuan(exits["credit"]),
            "x": yuan(exits["x"]),
            "y": money(exits["y"]),
            "risk": [k_ix[v] for v in exits["risk_grade"]],
            "cuts": exit_cuts,
        },
        "golds": {
            "d": [d_ix[v] for v in golds["as_of_date"]],
            "b": [b_ix[v] for v in golds["branch_id"]],
            "t": [t_ix[v] for v in golds["tier_code"]],
            "id": golds["id"],
            "x": money(golds["x"]),
            "y": money(golds["y"]),
            "cuts": gold_cuts,
        },
        "quadrants": quadrants,
        "cutoffs": cutoffs,
    }


# ---------------------------------------------------------------------------------------
# the page

CSS = f"""
body {{ font-family: {FONTS}; margin: 0; background: #f3f4f7; color: #222; }}
header {{ background: #17324d; color: #fff; padding: 18px 28px; }}
header h1 {{ margin: 0 0 4px 0; font-size: 22px; }}
header p {{ margin: 2px 0; color: #cfd8e3; font-size: 13px; }}
nav.filters {{ position: sticky; top: 0; z-index: 10; background: #fff; padding: 8px 28px;
              box-shadow: 0 1px 3px rgba(0,0,0,.15); display: flex; flex-wrap: wrap; gap: 16px; font-size: 13px; }}
nav.filters label {{ display: flex; gap: 6px; align-items: center; }}
nav.filters select {{ font: inherit; padding: 2px 4px; }}
main {{ padding: 16px 28px 40px; }}
section {{ background: #fff; border-radius: 6px; padding: 10px 18px 16px; margin: 14px 0;
          box-shadow: 0 1px 2px rgba(0,0,0,.08); }}
section > h2 {{ font-size: 17px; border-bottom: 1px solid #e3e6ea; padding-bottom: 6px; }}
.grid {{ display: flex; flex-wrap: wrap; gap: 14px; }}
figure.chart {{ margin: 0; width: 570px; max-width: 100%; }}
figure.chart h3 {{ font-size: 14px; margin: 6px 0; }}
figure.chart .canvas {{ width: 100%; height: 400px; }}
figure.chart.wide .canvas {{ height: 440px; }}
figure.chart.wide {{ width: 760px; }}
figcaption {{ font-size: 12px; color: #555; max-width: 760px; white-space: pre-line; }}
.kpis {{ display: flex; flex-wrap: wrap; gap: 12px; }}
.kpi {{ background: #fff; border-radius: 6px; padding: 10px 16px; min-width: 150px;
       box-shadow: 0 1px 2px rgba(0,0,0,.08); }}
.kpi b {{ display: block; font-size: 20px; color: #17324d; }}
.kpi span {{ font-size: 12px; color: #666; }}
table {{ border-collapse: collapse; font-size: 12px; margin: 6px 0; }}
th, td {{ border-bottom: 1px solid #e3e6ea; padding: 4px 8px; text-align: left; }}
th {{ background: #f0f2f5; cursor: pointer; }}
td.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
.note {{ font-size: 12px; color: #666; }}
"""

SCRIPT_PATH = Path(__file__).with_name("report.js")


def page(data: dict, as_of: dt.date, database: str, echarts: str) -> str:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str).replace("</", "<\\/")
    script = SCRIPT_PATH.read_text(encoding="utf-8")
    generated = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    dates = data["dates"]
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Corporate customer segmentation / 对公客户分层分类 — {esc(dates[0])} … {esc(dates[-1])}</title>
<style>{CSS}</style>
</head>
<body>
<header>
<h1>Corporate customer segmentation / 对公客户分层分类报告</h1>
<p>as_of_dates in the file / 历史观察日: {len(dates)} ({esc(dates[0])} … {esc(dates[-1])}) ·
 Source / 数据源: {esc(Path(database).name)} (marts schema) · generated / 生成于 {esc(generated)}</p>
</header>
<nav class="filters" id="filters">
<label>as_of_date / 观察日 <select id="filter-date"></select></label>
<label>region / 区域 <select id="filter-region"></select></label>
<label>branch / 机构 <select id="filter-branch"></select></label>
<label>tier / 分层 <select id="filter-tier"></select></label>
<span class="note" id="filter-note"></span>
</nav>
<main id="report" data-initial-date="{esc(as_of.isoformat())}">
<div class="kpis" id="kpis"></div>
<section id="tier-segment"><h2>Tier × segment / 分层 × 客户群细分</h2><div class="grid" id="tier-segment-charts"></div>
<div id="tier-segment-table"></div></section>
<section id="quadrants"><h2>Existing customers: quadrant per tier / 存量客户四象限（按分层）</h2>
<div class="grid" id="quadrant-charts"></div></section>
<section id="prospects"><h2>Target prospects / 目标客户四象限</h2><div class="grid" id="prospect-charts"></div></section>
<section id="migration-section"><h2>Migration / 客户群迁移</h2><div class="grid" id="migration-charts"></div></section>
<section id="mix"><h2>Lifecycle and risk by region / 区域生命周期与风险结构</h2><div class="grid" id="mix-charts"></div></section>
<section id="top-lists"><h2>Top lists / 重点名单</h2>
<h3>Largest credit balances in the exit segment / 退出客户授信余额排名</h3><div id="exit-table"></div>
<p class="note" id="exit-note"></p>
<h3>Gold prospects / 黄金目标客户</h3><div id="gold-table"></div><p class="note" id="gold-note"></p>
<p class="note">Customers are listed by ID: names are personal data and stay in the warehouse.
 / 客户以编号列示，名称属敏感信息不出库。</p></section>
</main>
<script type="application/json" id="report-data">{payload}</script>
<script>{echarts}</script>
<script>{script}</script>
</body>
</html>
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database",
        default=os.environ.get("BI_DUCKDB_PATH", "warehouse/corp_tiering_bi.duckdb"),
        help="a DuckDB file with a marts schema (default $BI_DUCKDB_PATH or the published file, "
        "warehouse/corp_tiering_bi.duckdb; the warehouse works too)",
    )
    parser.add_argument("--output", type=Path, default=Path("reports/segmentation_report.html"))
    parser.add_argument(
        "--as-of",
        type=dt.date.fromisoformat,
        help="the as_of_date the page opens on (default: the latest; the page's filter offers every one)",
    )
    args = parser.parse_args(argv)
    if not Path(args.database).exists():
        parser.error(f"no warehouse at {args.database}")
    if not ECHARTS.exists():
        raise SystemExit(
            f"report: the charting library {ECHARTS.relative_to(PROJECT_DIR)} is missing: "
            "run `make vendor` (scripts/vendor_echarts.sh npm-packs the pinned ECharts)"
        )
    with duckdb.connect(args.database, read_only=True) as con:
        data = build_data(con)
    dates = [dt.date.fromisoformat(d) for d in data["dates"]]
    as_of = args.as_of or dates[-1]
    if as_of not in dates:
        raise SystemExit(f"report: no as_of_date {as_of} in marts.fct_customer_segments (have {data['dates']})")
    text = page(data, as_of, args.database, ECHARTS.read_text(encoding="utf-8"))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    points = len(data["quadrants"]["existing"]["points"]["id"]) + len(data["quadrants"]["target"]["points"]["id"])
    cells = len(data["quadrants"]["existing"]["cells"]["n"]) + len(data["quadrants"]["target"]["cells"]["n"])
    print(
        f"Report: {args.output.resolve()} ({len(text.encode('utf-8')) / 1e6:.1f} MB; {len(dates)} as_of_dates, "
        f"{len(data['branches'])} branches; {points:,} points and {cells:,} density cells embedded; "
        f"opens on {as_of})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
