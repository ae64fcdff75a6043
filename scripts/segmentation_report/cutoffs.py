"""The cutoff lines of the quadrants: for each as_of_date, tier and 分层客户群 (customer group
in the tier), the value where the high band starts, from the resolved cutoffs when the file
holds them (the warehouse) or found where the bands change when it does not (the published
BI copy holds the marts only)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from .marts import POPULATIONS, relation_exists


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
