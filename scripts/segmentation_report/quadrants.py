"""The quadrants at any scale: each tier's axis domain and, for every (as_of_date, branch,
tier) group of a population, either its customers one by one (the smallest groups, up to
POINT_BUDGET customers in all) or its counts per segment binned on a density grid, coarser
when the finer one would not fit the file's cell budget; the page draws density when a
filter holds more than POINTS_PER_CHART customers."""

from __future__ import annotations

import math

import duckdb

from .cutoffs import CutoffLine
from .encoding import compact, index_of
from .marts import POPULATIONS, columns

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


def symlog_sql(value: str) -> str:
    """SQL of the signed log of `value` (the x axis of money)."""
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
        t: [lo, hi]
        for t, lo, hi in con.execute(f"select t, min({fx}), max({fx}) from ({base}) group by t order by t").fetchall()
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
