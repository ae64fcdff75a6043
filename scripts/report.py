#!/usr/bin/env python3
"""Write the segmentation report: one self-contained HTML file (inline SVG and CSS, no
network, no external file) drawn from a built corp_tiering warehouse (DuckDB, opened
read-only).

Charts, for the latest as_of_date (or --as-of): tier x segment customers and profit
contribution; each tier's quadrant of profit contribution against bank value score with
the cutoff lines where the cutoffs really fell; the target prospects' quadrant; the
segment migration heat map between the last two as_of_dates; lifecycle and risk mix by
region; and two top lists (the largest exit-segment credit balances, the gold
prospects). Every chart carries `data-chart` and `data-points` attributes, so a test can
check that each one was drawn with data.

Usage:
    python scripts/report.py [--database warehouse/corp_tiering_bi.duckdb]
                             [--output reports/segmentation_report.html] [--as-of 2026-10-31]
"""
from __future__ import annotations

import argparse
import datetime as dt
import html
import math
import os
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import duckdb

# Codes in the order a reader expects; codes a seed adds later follow, sorted.
TIER_ORDER = ["strategic", "large", "medium", "small", "above_scale", "below_scale"]
SEGMENT_ORDER = ["important", "quality", "ordinary", "exit"]
PROSPECT_SEGMENT_ORDER = ["gold", "potential", "watch", "general"]
MIGRATION_ORDER = SEGMENT_ORDER + ["none"]
LIFECYCLE_ORDER = ["new", "active", "loyal", "dormant", "churned"]
RISK_ORDER = ["low", "medium", "high", "not_rated"]

COLOURS = {
    "important": "#1b7f4b", "quality": "#2f6fb3", "ordinary": "#d99a21", "exit": "#c23b32",
    "gold": "#c9a100", "potential": "#17918f", "watch": "#7b4fb3", "general": "#8a8f98",
    "none": "#b8bcc4",
    "new": "#4aa3df", "active": "#2e8b57", "loyal": "#1d4e89", "dormant": "#e0a030", "churned": "#c0392b",
    "low": "#3a9d5d", "medium": "#e3a72f", "high": "#c23b32", "not_rated": "#9aa0a8",
}
FALLBACK_COLOURS = ["#5470c6", "#91cc75", "#fac858", "#ee6666", "#73c0de", "#3ba272", "#fc8452", "#9a60b4"]
# Dash patterns of the cutoff lines, one per 分层客户群 (credit status x market class).
DASHES = ["6 4", "2 3", "10 3 2 3", "1 5", "12 6"]
FONTS = ('"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei", '
         '"Microsoft YaHei", "PingFang SC", sans-serif')


# ---------------------------------------------------------------------------------------
# formatting

def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def cny(value: float | Decimal | None) -> str:
    """A CNY amount the way a Chinese banker reads it: 亿 and 万 units."""
    if value is None:
        return "–"
    v = float(value)
    sign = "-" if v < 0 else ""
    a = abs(v)
    if a >= 1e8:
        return f"{sign}{a / 1e8:,.2f}亿"
    if a >= 1e4:
        return f"{sign}{a / 1e4:,.1f}万"
    return f"{sign}{a:,.0f}"


def number(value: float | int | Decimal | None, decimals: int = 0) -> str:
    return "–" if value is None else f"{float(value):,.{decimals}f}"


def ordered(codes: set[str] | list[str], preferred: list[str]) -> list[str]:
    present = set(codes)
    return [c for c in preferred if c in present] + sorted(present - set(preferred))


def colour(code: str, index: int = 0) -> str:
    return COLOURS.get(code, FALLBACK_COLOURS[index % len(FALLBACK_COLOURS)])


# ---------------------------------------------------------------------------------------
# reading the warehouse

@dataclass
class Labels:
    zh: dict[tuple[str, str], str] = field(default_factory=dict)
    en: dict[tuple[str, str], str] = field(default_factory=dict)

    def both(self, code_type: str, code: str) -> str:
        zh = self.zh.get((code_type, code))
        return f"{zh} {code}" if zh else code

    def short(self, code_type: str, code: str) -> str:
        return self.zh.get((code_type, code)) or code


def fetch(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def relation_exists(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    return con.execute("select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
                       [schema, name]).fetchone()[0] > 0


def read_labels(con: duckdb.DuckDBPyConnection) -> Labels:
    labels = Labels()
    if relation_exists(con, "seeds", "labels"):
        for row in fetch(con, "select code_type, code, label_zh, label_en from seeds.labels"):
            labels.zh[(row["code_type"], row["code"])] = row["label_zh"]
            labels.en[(row["code_type"], row["code"])] = row["label_en"]
        return labels
    # The published file (scripts/publish.py) holds the marts alone: their `<column>_zh`
    # columns carry the same Chinese labels (bands are code type `band`, a migration's
    # from_/to_ columns the code type of their column).
    for table, column in fetch_columns(con):
        code_type = column.removeprefix("from_").removeprefix("to_")
        code_type = "band" if code_type.endswith("_band") else code_type
        for code, label in con.execute(
                f'select distinct "{column}", "{column}_zh" from marts."{table}" where "{column}" is not null').fetchall():
            labels.zh.setdefault((code_type, code), label)
    return labels


def fetch_columns(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(table, column) of every marts column that has a `<column>_zh` beside it."""
    return con.execute("""
        select code.table_name, code.column_name
        from information_schema.columns as code
        inner join information_schema.columns as label
            on code.table_schema = label.table_schema and code.table_name = label.table_name
            and label.column_name = code.column_name || '_zh'
        where code.table_schema = 'marts'
        order by 1, 2
    """).fetchall()


def cutoff_sql(con: duckdb.DuckDBPyConnection, alias: str, population: str) -> tuple[str, str]:
    """The select columns and joins that give each row of `alias` (with branch_id and
    tier_code) the resolved cutoff of each dimension for `population`, as
    int_customers__segmented joins it: null columns and no join when the warehouse lacks
    int_branch_segment_cutoffs__resolved."""
    if not relation_exists(con, "intermediate", "int_branch_segment_cutoffs__resolved"):
        return "null as x_method, null as x_value, null as y_method, null as y_value", ""
    columns = ("x_cutoffs.cutoff_method as x_method, x_cutoffs.cutoff_value as x_value, "
               "y_cutoffs.cutoff_method as y_method, y_cutoffs.cutoff_value as y_value")
    joins = "".join(f"""
        left join intermediate.int_branch_segment_cutoffs__resolved as {d}_cutoffs
            on {alias}.branch_id = {d}_cutoffs.branch_id and {alias}.tier_code = {d}_cutoffs.tier_code
            and {d}_cutoffs.population = '{population}' and {d}_cutoffs.dimension = '{d}'""" for d in ("x", "y"))
    return columns, joins + "\n"


def customer_points(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> list[dict]:
    """Every customer of the as_of_date with the cutoff that applied to each of its two
    dimensions: the resolved cutoff of its branch and tier, as int_customers__segmented
    joins it (null when the warehouse lacks that relation)."""
    cutoff_columns, cutoff_joins = cutoff_sql(con, "segments", "existing")
    return fetch(con, f"""
        select segments.customer_id, segments.branch_id, segments.region_code, segments.credit_status,
               segments.market_class, segments.tier_code, segments.segment_code,
               cast(segments.profit_contribution as double) as x, cast(segments.bank_value_score as double) as y,
               segments.profit_band as x_band, segments.bank_value_band as y_band,
               segments.lifecycle_stage, segments.risk_grade,
               {cutoff_columns}
        from marts.fct_customer_segments as segments
        {cutoff_joins}
        where segments.as_of_date = ?
    """, [as_of])


def prospect_points(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> list[dict]:
    cutoff_columns, cutoff_joins = cutoff_sql(con, "prospects", "target")
    return fetch(con, f"""
        select prospects.prospect_id, prospects.branch_id, prospects.region_code, prospects.market_class,
               'prospect' as credit_status, prospects.tier_code, prospects.segment_code,
               cast(prospects.potential_value_score as double) as x,
               cast(prospects.target_bank_value_score as double) as y,
               prospects.potential_band as x_band, prospects.bank_value_band as y_band,
               {cutoff_columns}
        from marts.fct_prospect_segments as prospects
        {cutoff_joins}
        where prospects.as_of_date = ?
    """, [as_of])


# ---------------------------------------------------------------------------------------
# the cutoffs where they really fell

@dataclass
class CutoffLine:
    group: str          # the 分层客户群 it belongs to, e.g. "with_credit · corporate"
    dimension: str      # x or y
    value: float | None  # the line's position in the dimension's own units; None: nobody reached it
    rule: str           # the cutoff as configured, e.g. "P50" or "≥ 50,000"
    members: int        # customers of the group the cutoff applied to
    method: str | None  # the cutoff row's method and value (None without the cutoff relation)
    cutoff: float | None


def cutoff_lines(points: list[dict], group_of) -> list[CutoffLine]:
    """For every 分层客户群 and every cutoff configured for it, the value where the high band
    starts: a percent-rank cutoff falls on the lowest value that was ranked high (the
    segmentation is monotone in the value within a group); an absolute cutoff falls on
    its own value. A percent-rank cutoff nobody reached draws no line (value None; the
    legend says so)."""
    lines: list[CutoffLine] = []
    for dimension in ("x", "y"):
        buckets: dict[tuple, list[dict]] = {}
        for p in points:
            if p[dimension] is None:
                continue
            key = (group_of(p), p[f"{dimension}_method"], p[f"{dimension}_value"])
            buckets.setdefault(key, []).append(p)
        for (group, method, value), members in sorted(buckets.items(), key=lambda kv: str(kv[0])):
            highs = [p[dimension] for p in members if p[f"{dimension}_band"] == "high"]
            if method == "absolute" and value is not None:
                lines.append(CutoffLine(group, dimension, float(value), f"≥ {number(value, 2)}", len(members),
                                        method, float(value)))
            else:
                rule = f"P{float(value) * 100:g}" if value is not None else "cutoff"
                lines.append(CutoffLine(group, dimension, min(highs) if highs else None, rule, len(members), method,
                                        None if value is None else float(value)))
    return lines


# ---------------------------------------------------------------------------------------
# SVG charts

class Chart:
    """One chart: an SVG inside a figure that says what it shows and how many data
    points it drew."""

    def __init__(self, key: str, title: str, width: int, height: int):
        self.key, self.title, self.width, self.height = key, title, width, height
        self.parts: list[str] = []
        self.points = 0

    def add(self, svg: str) -> None:
        self.parts.append(svg)

    def text(self, x: float, y: float, content: str, size: int = 11, anchor: str = "start",
             colour_: str = "#333", weight: str = "normal", extra: str = "") -> None:
        self.add(f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{colour_}" '
                 f'font-weight="{weight}"{extra}>{esc(content)}</text>')

    def render(self, caption: str = "") -> str:
        body = "".join(self.parts)
        cap = f"<figcaption>{esc(caption)}</figcaption>" if caption else ""
        return (f'<figure class="chart" data-chart="{esc(self.key)}" data-points="{self.points}" '
                f'style="max-width: {self.width}px">'
                f'<h3>{esc(self.title)}</h3>'
                f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width} {self.height}" '
                f'width="{self.width}" height="{self.height}" role="img" aria-label="{esc(self.title)}">'
                f'{body}</svg>{cap}</figure>')


def legend(chart: Chart, items: list[tuple[str, str]], x: float, y: float, step: int = 118, per_row: int = 4) -> None:
    for i, (label, fill) in enumerate(items):
        cx = x + (i % per_row) * step
        cy = y + (i // per_row) * 16
        chart.add(f'<rect x="{cx:.1f}" y="{cy - 9:.1f}" width="10" height="10" fill="{fill}"/>')
        chart.text(cx + 14, cy, label, size=11)


def stacked_bars(key: str, title: str, rows: list[str], row_labels: dict[str, str], stacks: list[str],
                 stack_labels: dict[str, str], values: dict[tuple[str, str], float], share: bool) -> Chart:
    """Horizontal bars, one per row, stacked by `stacks`; `share` draws 100 % bars."""
    bar_h, gap, left, right, top = 22, 10, 150, 40, 12
    width = 580
    height = top + len(rows) * (bar_h + gap) + 20 + 16 * math.ceil(len(stacks) / 3) + 10
    chart = Chart(key, title, width, height)
    totals = {r: sum(values.get((r, s), 0) for s in stacks) for r in rows}
    scale_max = 1.0 if share else max(totals.values() or [1]) or 1
    plot_w = width - left - right
    for i, row in enumerate(rows):
        y = top + i * (bar_h + gap)
        chart.text(left - 8, y + bar_h / 2 + 4, row_labels.get(row, row), anchor="end")
        x = float(left)
        for j, stack in enumerate(stacks):
            v = values.get((row, stack), 0)
            if not v:
                continue
            fraction = v / totals[row] if share else v / scale_max
            w = fraction * plot_w
            chart.add(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colour(stack, j)}">'
                      f'<title>{esc(row_labels.get(row, row))} · {esc(stack_labels.get(stack, stack))}: '
                      f'{number(v)} ({v / totals[row] * 100:.1f}%)</title></rect>')
            label = f"{v / totals[row] * 100:.0f}%" if share else number(v)
            if w > 8 * len(label):
                chart.text(x + w / 2, y + bar_h / 2 + 4, label, size=10, anchor="middle", colour_="#fff")
            chart.points += 1
            x += w
        if not share:
            chart.text(x + 4, y + bar_h / 2 + 4, number(totals[row]), size=10)
    legend(chart, [(stack_labels.get(s, s), colour(s, j)) for j, s in enumerate(stacks)],
           left - 100, top + len(rows) * (bar_h + gap) + 14, step=180, per_row=3)
    return chart


def diverging_bars(key: str, title: str, rows: list[str], row_labels: dict[str, str], series: list[str],
                   series_labels: dict[str, str], values: dict[tuple[str, str], float]) -> Chart:
    """Grouped horizontal bars around a zero line (profit can be negative)."""
    bar_h, group_gap, left, right, top = 11, 12, 210, 60, 24
    width = 580
    present = {r: [s for s in series if (r, s) in values] for r in rows}
    height = top + sum(len(present[r]) * bar_h + group_gap for r in rows) + 40 + 16 * math.ceil(len(series) / 3)
    chart = Chart(key, title, width, height)
    low = min([0.0] + list(values.values()))
    high = max([0.0] + list(values.values()))
    span = (high - low) or 1.0
    plot_w = width - left - right
    to_x = lambda v: left + (v - low) / span * plot_w  # noqa: E731
    zero = to_x(0)
    y = float(top)
    for row in rows:
        if not present[row]:
            continue
        chart.text(left - 60, y + len(present[row]) * bar_h / 2 + 4, row_labels.get(row, row), anchor="end")
        for j, s in enumerate(series):
            if (row, s) not in values:
                continue
            v = values[(row, s)]
            x0, x1 = sorted((zero, to_x(v)))
            chart.add(f'<rect x="{x0:.1f}" y="{y:.1f}" width="{max(x1 - x0, 1):.1f}" height="{bar_h - 1}" '
                      f'fill="{colour(s, j)}"><title>{esc(row_labels.get(row, row))} · '
                      f'{esc(series_labels.get(s, s))}: {cny(v)} CNY</title></rect>')
            chart.text(x1 + 3 if v >= 0 else x0 - 3, y + bar_h - 2, cny(v), size=9,
                       anchor="start" if v >= 0 else "end", colour_="#555")
            chart.points += 1
            y += bar_h
        y += group_gap
    chart.add(f'<line x1="{zero:.1f}" y1="{top - 6}" x2="{zero:.1f}" y2="{y:.1f}" stroke="#444" stroke-width="1"/>')
    chart.text(zero, top - 10, "0", size=10, anchor="middle")
    chart.text(left, y + 14, f"{cny(low)}", size=10)
    chart.text(width - right, y + 14, f"{cny(high)}", size=10, anchor="end")
    legend(chart, [(series_labels.get(s, s), colour(s, j)) for j, s in enumerate(series)], 60, y + 34, step=180,
           per_row=3)
    return chart


class SymlogScale:
    """Signed log scale for money with both signs: f(v) = sign(v) log10(1 + |v| / c)."""

    def __init__(self, values: list[float], c: float = 1000.0):
        self.c = c
        lo = min(values + [0.0])
        hi = max(values + [0.0])
        self.lo, self.hi = self.f(lo), self.f(hi)
        if self.hi - self.lo < 1e-9:
            self.lo, self.hi = self.lo - 1, self.hi + 1
        pad = (self.hi - self.lo) * 0.04
        self.lo -= pad
        self.hi += pad

    def f(self, v: float) -> float:
        return math.copysign(math.log10(1 + abs(v) / self.c), v)

    def ticks(self) -> list[float]:
        out = [0.0]
        for k in range(3, 13):
            for sign in (1, -1):
                v = sign * 10.0 ** k
                if self.lo <= self.f(v) <= self.hi:
                    out.append(v)
        return sorted(out)


def scatter(key: str, title: str, points: list[dict], lines: list[CutoffLine], labels: Labels,
            segments: list[str], x_title: str, y_title: str, money_x: bool, quadrants: dict[str, str]) -> Chart:
    """A quadrant chart: points coloured by segment, the cutoff lines of every
    分层客户群 in the chart, each labelled with its rule and where it fell."""
    groups = sorted({ln.group for ln in lines})
    seg_present = [s for s in segments if any(p["segment_code"] == s for p in points)]
    width, plot_h = 580, 300
    left, right, top = 56, 16, 14
    legend_h = 16 * math.ceil(max(len(seg_present), 1) / 3) + 8 + 30 * min(len(groups), 5) + (15 if len(groups) > 5 else 0)
    height = top + plot_h + 54 + legend_h
    plot_w = width - left - right
    chart = Chart(key, title, width, height)
    xs = [p["x"] for p in points if p["x"] is not None]
    if money_x:
        scale = SymlogScale(xs + [ln.value for ln in lines if ln.dimension == "x" and ln.value is not None])
        fx, x_lo, x_hi, x_ticks = scale.f, scale.lo, scale.hi, scale.ticks()
        x_tick_label = cny
    else:
        fx, x_lo, x_hi = (lambda v: v), 0.0, 100.0
        x_ticks = [0.0, 25.0, 50.0, 75.0, 100.0]
        x_tick_label = lambda v: f"{v:g}"  # noqa: E731
    to_x = lambda v: left + (fx(v) - x_lo) / (x_hi - x_lo) * plot_w  # noqa: E731
    to_y = lambda v: top + plot_h - (v / 100.0) * plot_h  # noqa: E731

    chart.add(f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="#fafbfc" stroke="#ccd"/>')
    for t in x_ticks:
        x = to_x(t)
        chart.add(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + plot_h}" stroke="#e6e8ec"/>')
        chart.text(x, top + plot_h + 14, x_tick_label(t), size=10, anchor="middle", colour_="#666")
    for t in (0, 25, 50, 75, 100):
        y = to_y(t)
        chart.add(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#e6e8ec"/>')
        chart.text(left - 6, y + 4, f"{t}", size=10, anchor="end", colour_="#666")
    chart.text(left + plot_w / 2, top + plot_h + 32, x_title, size=11, anchor="middle")
    chart.text(16, top + plot_h / 2, y_title, size=11, anchor="middle",
               extra=f' transform="rotate(-90 16 {top + plot_h / 2:.1f})"')
    # quadrant names in the corners: high x is right, high y is top
    for corner, (cx, cy, anchor) in {"hh": (left + plot_w - 6, top + 16, "end"), "hl": (left + plot_w - 6, top + plot_h - 8, "end"),
                                     "lh": (left + 6, top + 16, "start"), "ll": (left + 6, top + plot_h - 8, "start")}.items():
        code = quadrants.get(corner)
        if code:
            chart.text(cx, cy, labels.both("segment_code", code), size=12, anchor=anchor,
                       colour_=colour(code), weight="bold", extra=' opacity="0.55"')

    dots = []
    for p in points:
        if p["x"] is None or p["y"] is None:
            continue
        dots.append(f'<circle cx="{to_x(p["x"]):.1f}" cy="{to_y(p["y"]):.1f}" r="2.6" '
                    f'fill="{colour(p["segment_code"])}"/>')
    chart.add(f'<g class="points" fill-opacity="0.6">{"".join(dots)}</g>')
    chart.points = len(dots)

    dash = {g: DASHES[i % len(DASHES)] for i, g in enumerate(groups)}
    for ln in lines:
        if ln.value is None:
            continue
        if ln.dimension == "x":
            x = to_x(ln.value)
            chart.add(f'<line class="cutoff" data-dimension="x" x1="{x:.1f}" y1="{top}" x2="{x:.1f}" '
                      f'y2="{top + plot_h}" stroke="#222" stroke-width="1.3" stroke-dasharray="{dash[ln.group]}">'
                      f'<title>{esc(ln.group)}: x {esc(ln.rule)} fell at {esc(cny(ln.value) if money_x else number(ln.value, 1))}'
                      f'</title></line>')
        else:
            y = to_y(ln.value)
            chart.add(f'<line class="cutoff" data-dimension="y" x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" '
                      f'y2="{y:.1f}" stroke="#222" stroke-width="1.3" stroke-dasharray="{dash[ln.group]}">'
                      f'<title>{esc(ln.group)}: y {esc(ln.rule)} fell at {number(ln.value, 1)}</title></line>')
    # legend: segments, then one line per group with where its cutoffs fell
    ly = top + plot_h + 54
    legend(chart, [(labels.both("segment_code", s), colour(s)) for s in seg_present], left, ly, step=150, per_row=3)
    ly += 16 * math.ceil(max(len(seg_present), 1) / 3) + 8
    for g in groups[:5]:
        xs_ = [ln for ln in lines if ln.group == g and ln.dimension == "x"]
        ys_ = [ln for ln in lines if ln.group == g and ln.dimension == "y"]
        def fell(ln: CutoffLine, money: bool) -> str:
            if ln.value is None:
                return f"{ln.rule} → nobody high / 无人达到"
            return f"{ln.rule} → {cny(ln.value) if money else number(ln.value, 1)}"
        xs_text = ", ".join(fell(ln, money_x) for ln in xs_) or "–"
        ys_text = ", ".join(fell(ln, False) for ln in ys_) or "–"
        chart.add(f'<line x1="{left}" y1="{ly - 4}" x2="{left + 34}" y2="{ly - 4}" stroke="#222" '
                  f'stroke-width="1.3" stroke-dasharray="{dash[g]}"/>')
        members = max(sum(ln.members for ln in xs_), sum(ln.members for ln in ys_))
        chart.text(left + 42, ly, f"{g}: {members:,}", size=10)
        chart.text(left + 42, ly + 14, f"x {xs_text} · y {ys_text}", size=10, colour_="#444")
        ly += 30
    if len(groups) > 5:
        chart.text(left, ly, f"… {len(groups) - 5} more groups (hover a line)", size=10, colour_="#666")
    return chart


def heat_map(key: str, title: str, codes: list[str], labels: Labels, counts: dict[tuple[str, str], int]) -> Chart:
    cell_w, cell_h, left, top = 104, 40, 150, 56
    width = left + cell_w * len(codes) + 110
    height = top + cell_h * len(codes) + 30
    chart = Chart(key, title, width, height)
    peak = max(counts.values() or [1])
    chart.text(left + cell_w * len(codes) / 2, 16, "to / 迁至 →", size=11, anchor="middle", colour_="#555")
    for j, to in enumerate(codes):
        chart.text(left + j * cell_w + cell_w / 2, top - 10, labels.both("segment_code", to), size=11, anchor="middle")
    chart.text(left + cell_w * len(codes) + 54, top - 10, "total / 合计", size=11, anchor="middle")
    for i, frm in enumerate(codes):
        y = top + i * cell_h
        chart.text(left - 8, y + cell_h / 2 + 4, labels.both("segment_code", frm), anchor="end")
        row_total = sum(counts.get((frm, to), 0) for to in codes)
        for j, to in enumerate(codes):
            n = counts.get((frm, to), 0)
            intensity = (n / peak) ** 0.5 if peak else 0
            fill = f"rgb({int(245 - 200 * intensity)},{int(248 - 150 * intensity)},{int(252 - 90 * intensity)})"
            stroke = ' stroke="#222" stroke-width="1.5"' if frm == to != "none" else ' stroke="#fff"'
            chart.add(f'<rect x="{left + j * cell_w}" y="{y}" width="{cell_w}" height="{cell_h}" fill="{fill}"{stroke}>'
                      f'<title>{esc(frm)} → {esc(to)}: {n}</title></rect>')
            if n:
                share = f" ({n / row_total * 100:.0f}%)" if row_total else ""
                chart.text(left + j * cell_w + cell_w / 2, y + cell_h / 2 + 4, f"{n:,}{share}", size=11,
                           anchor="middle", colour_="#fff" if intensity > 0.6 else "#222")
                chart.points += 1
        chart.text(left + cell_w * len(codes) + 54, y + cell_h / 2 + 4, f"{row_total:,}", anchor="middle")
    chart.text(14, top - 10, "from / 迁出 ↓", size=11, colour_="#555")
    return chart


# ---------------------------------------------------------------------------------------
# the page

CSS = f"""
body {{ font-family: {FONTS}; margin: 0; background: #f3f4f7; color: #222; }}
header {{ background: #17324d; color: #fff; padding: 18px 28px; }}
header h1 {{ margin: 0 0 4px 0; font-size: 22px; }}
header p {{ margin: 2px 0; color: #cfd8e3; font-size: 13px; }}
main {{ padding: 16px 28px 40px; }}
section {{ background: #fff; border-radius: 6px; padding: 10px 18px 16px; margin: 14px 0;
          box-shadow: 0 1px 2px rgba(0,0,0,.08); }}
section > h2 {{ font-size: 17px; border-bottom: 1px solid #e3e6ea; padding-bottom: 6px; }}
.grid {{ display: flex; flex-wrap: wrap; gap: 14px; }}
figure.chart {{ margin: 0; }}
figure.chart h3 {{ font-size: 14px; margin: 6px 0; }}
figcaption {{ font-size: 12px; color: #555; max-width: 760px; }}
svg {{ font-family: {FONTS}; max-width: 100%; height: auto; }}
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

# Sorting of the top-list tables by a click on a header; nothing else runs.
SCRIPT = """
(function () {
  document.querySelectorAll('table.sortable').forEach(function (table) {
    table.querySelectorAll('th').forEach(function (th, index) {
      th.addEventListener('click', function () {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var desc = th.getAttribute('data-desc') !== '1';
        th.setAttribute('data-desc', desc ? '1' : '0');
        rows.sort(function (a, b) {
          var x = a.cells[index].getAttribute('data-value') || a.cells[index].textContent;
          var y = b.cells[index].getAttribute('data-value') || b.cells[index].textContent;
          var nx = parseFloat(x), ny = parseFloat(y);
          var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : String(x).localeCompare(String(y));
          return desc ? -c : c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
  document.documentElement.setAttribute('data-charts', String(document.querySelectorAll('[data-chart]').length));
})();
"""


def html_table(key: str, headers: list[str], rows: list[list[tuple[str, object]]]) -> str:
    """rows: cells as (text, sort value or None); numbers are right-aligned."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = []
    for row in rows:
        cells = []
        for text, value in row:
            if value is None:
                cells.append(f"<td>{esc(text)}</td>")
            else:
                cells.append(f'<td class="num" data-value="{esc(value)}">{esc(text)}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    if not rows:
        body.append(f'<tr><td colspan="{len(headers)}">none / 无</td></tr>')
    return (f'<table class="sortable" data-table="{esc(key)}" data-rows="{len(rows)}">'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")


def build(con: duckdb.DuckDBPyConnection, as_of: dt.date | None, database: str) -> tuple[str, dict]:
    labels = read_labels(con)
    dates = [r[0] for r in con.execute(
        "select distinct as_of_date from marts.fct_customer_segments order by 1").fetchall()]
    if not dates:
        raise SystemExit("report: marts.fct_customer_segments is empty; build the warehouse first (dbt build)")
    as_of = as_of or dates[-1]
    if as_of not in dates:
        raise SystemExit(f"report: no as_of_date {as_of} in marts.fct_customer_segments (have {dates})")

    customers = customer_points(con, as_of)
    prospects = prospect_points(con, as_of)
    metrics = {r["customer_id"]: r for r in fetch(con, """
        select customer_id, cast(deposit_adb_cny as double) as deposit_adb, cast(credit_balance_cny as double) as credit
        from marts.fct_customer_metrics where as_of_date = ?""", [as_of])}
    rejected = con.execute("select count(*) from marts.dq_rejected_rows").fetchone()[0] \
        if relation_exists(con, "marts", "dq_rejected_rows") else None

    tiers = ordered({c["tier_code"] for c in customers}, TIER_ORDER)
    segments = ordered({c["segment_code"] for c in customers}, SEGMENT_ORDER)
    tier_labels = {t: labels.both("tier_code", t) for t in tiers}
    segment_labels = {s: labels.both("segment_code", s) for s in segments}
    counts: dict[tuple[str, str], float] = {}
    profit: dict[tuple[str, str], float] = {}
    for c in customers:
        k = (c["tier_code"], c["segment_code"])
        counts[k] = counts.get(k, 0) + 1
        profit[k] = profit.get(k, 0.0) + (c["x"] or 0.0)

    charts: list[str] = []
    sections: list[str] = []

    # 1. tier x segment
    tier_rows = []
    for t in tiers:
        for s in segments:
            if (t, s) in counts:
                tier_rows.append([(tier_labels[t], None), (segment_labels[s], None),
                                  (number(counts[(t, s)]), counts[(t, s)]), (cny(profit[(t, s)]), round(profit[(t, s)], 2))])
    c1 = stacked_bars("tier-segment-customers", "Customers by tier and segment / 分层×客户群 客户数", tiers, tier_labels,
                      segments, segment_labels, counts, share=False)
    c2 = diverging_bars("tier-segment-profit", "Profit contribution by tier and segment (CNY) / 分层×客户群 利润贡献度（元）",
                        tiers, tier_labels, segments, segment_labels, profit)
    sections.append(
        '<section id="tier-segment"><h2>Tier × segment / 分层 × 客户群细分</h2><div class="grid">'
        + c1.render() + c2.render() + "</div>"
        + html_table("tier-segment", ["tier / 分层", "segment / 客户群", "customers / 客户数", "profit / 利润贡献度"], tier_rows)
        + "</section>")
    charts += [c1.key, c2.key]

    # 2. each tier's quadrant
    quadrant_html = []
    existing_quadrants = {"hh": "important", "hl": "quality", "lh": "ordinary", "ll": "exit"}
    for t in tiers:
        pts = [c for c in customers if c["tier_code"] == t]
        lines = cutoff_lines(pts, lambda p: f"{labels.short('credit_status', p['credit_status'])}·"
                                            f"{labels.short('market_class', p['market_class'])} "
                                            f"({p['credit_status']} · {p['market_class']})")
        chart = scatter(f"quadrant-{t}", f"{tier_labels[t]}: profit contribution × bank value score / 利润贡献度 × 银行价值",
                        pts, lines, labels, SEGMENT_ORDER,
                        "profit contribution (CNY, signed log scale) / 利润贡献度（元，对称对数刻度）",
                        "bank value score / 银行价值得分", True, existing_quadrants)
        quadrant_html.append(chart.render(
            f"Customers / 客户数: {len(pts):,}. Dashed lines: where each 分层客户群's cutoffs fell on this "
            "as_of_date (the lowest value ranked high) / 虚线为本观察日各分层客户群的实际分界值。"))
        charts.append(chart.key)
    sections.append('<section id="quadrants"><h2>Existing customers: quadrant per tier / 存量客户四象限（按分层）</h2>'
                    '<div class="grid">' + "".join(quadrant_html) + "</div></section>")

    # 3. prospects' quadrant (one per tier present)
    prospect_html = []
    p_tiers = ordered({p["tier_code"] for p in prospects}, TIER_ORDER)
    target_quadrants = {"hh": "gold", "hl": "potential", "lh": "watch", "ll": "general"}
    for t in p_tiers:
        pts = [p for p in prospects if p["tier_code"] == t]
        lines = cutoff_lines(pts, lambda p: f"{labels.short('market_class', p['market_class'])} "
                                            f"({p['market_class']})")
        chart = scatter(f"prospect-quadrant-{t}",
                        f"Target prospects, {labels.both('tier_code', t)}: potential value × bank's value / 目标客户四象限",
                        pts, lines, labels, PROSPECT_SEGMENT_ORDER,
                        "potential value score / 潜在价值贡献度", "bank's value to the target / 银行对目标客户价值", False,
                        target_quadrants)
        prospect_html.append(chart.render(f"Target prospects / 目标客户数: {len(pts):,}."))
        charts.append(chart.key)
    if not prospect_html:
        prospect_html.append('<p class="note">No target prospect on this as_of_date / 本观察日无目标客户。</p>')
    sections.append('<section id="prospects"><h2>Target prospects / 目标客户四象限</h2><div class="grid">'
                    + "".join(prospect_html) + "</div></section>")

    # 4. migration heat map between the last two as_of_dates
    pair = con.execute("""
        select from_as_of_date, to_as_of_date from marts.mart_segment_migration
        where to_as_of_date <= ? order by to_as_of_date desc, from_as_of_date desc limit 1""", [as_of]).fetchone()
    if pair:
        moves = fetch(con, """
            select from_segment_code, to_segment_code, customers, cast(from_profit_contribution as double) as p0,
                   cast(to_profit_contribution as double) as p1
            from marts.mart_segment_migration where from_as_of_date = ? and to_as_of_date = ?""", list(pair))
        codes = ordered({m["from_segment_code"] for m in moves} | {m["to_segment_code"] for m in moves}, MIGRATION_ORDER)
        chart = heat_map("migration", f"Segment migration {pair[0]} → {pair[1]} / 客户群迁移", codes, labels,
                         {(m["from_segment_code"], m["to_segment_code"]): int(m["customers"]) for m in moves})
        both = [m for m in moves if "none" not in (m["from_segment_code"], m["to_segment_code"])]
        stayed = sum(int(m["customers"]) for m in both if m["from_segment_code"] == m["to_segment_code"])
        total = sum(int(m["customers"]) for m in both) or 1
        up = sum(int(m["customers"]) for m in moves if m["from_segment_code"] == "exit" and m["to_segment_code"] != "exit"
                 and m["to_segment_code"] != "none")
        sections.append('<section id="migration"><h2>Migration / 客户群迁移</h2>' + chart.render(
            f"{stayed:,} of the {total:,} customers in scope on both dates kept their segment "
            f"({stayed / total * 100:.1f}%); "
            f"{up:,} left the exit segment for a better one. Rows: segment on {pair[0]}; columns: on {pair[1]}; "
            "`none`: out of scope on that date. / 对角线为客户群未变。") + "</section>")
        charts.append(chart.key)
    else:
        sections.append('<section id="migration"><h2>Migration / 客户群迁移</h2><p class="note">Only one as_of_date '
                        "built so far: no migration yet (backfill another month-end). / 仅有一个观察日，暂无迁移。</p></section>")

    # 5. lifecycle and risk by region
    regions = sorted({c["region_code"] for c in customers})
    mix_html = []
    for key, column, order, code_type, title in (
            ("lifecycle-by-region", "lifecycle_stage", LIFECYCLE_ORDER, "lifecycle_stage",
             "Lifecycle stage by region / 各区域生命周期结构"),
            ("risk-by-region", "risk_grade", RISK_ORDER, "risk_grade", "Risk grade by region / 各区域风险等级结构")):
        values: dict[tuple[str, str], float] = {}
        for c in customers:
            k = (c["region_code"], c[column])
            values[k] = values.get(k, 0) + 1
        stacks = ordered({c[column] for c in customers}, order)
        chart = stacked_bars(key, title, regions, {r: r for r in regions}, stacks,
                             {s: labels.both(code_type, s) for s in stacks}, values, share=True)
        mix_html.append(chart.render())
        charts.append(chart.key)
    sections.append('<section id="mix"><h2>Lifecycle and risk by region / 区域生命周期与风险结构</h2><div class="grid">'
                    + "".join(mix_html) + "</div></section>")

    # 6. top lists
    exits = sorted((c for c in customers if c["segment_code"] == "exit"
                    and (metrics.get(c["customer_id"], {}).get("credit") or 0) > 0),
                   key=lambda c: -metrics[c["customer_id"]]["credit"])[:20]
    exit_rows = [[(c["customer_id"], None), (c["branch_id"], None), (c["region_code"], None),
                  (tier_labels.get(c["tier_code"], c["tier_code"]), None),
                  (cny(metrics[c["customer_id"]]["credit"]), round(metrics[c["customer_id"]]["credit"], 2)),
                  (cny(c["x"]), round(c["x"], 2)), (number(c["y"], 1), round(c["y"], 4)),
                  (labels.both("risk_grade", c["risk_grade"]), None)] for c in exits]
    golds = sorted((p for p in prospects if p["segment_code"] == "gold"), key=lambda p: -(p["x"] or 0))[:20]
    gold_rows = [[(p["prospect_id"], None), (p["branch_id"], None), (p["region_code"], None),
                  (labels.both("tier_code", p["tier_code"]), None), (number(p["x"], 1), round(p["x"], 4)),
                  (number(p["y"], 1), round(p["y"], 4))] for p in golds]
    sections.append(
        '<section id="top-lists"><h2>Top lists / 重点名单</h2>'
        "<h3>Largest credit balances in the exit segment / 退出客户授信余额排名</h3>"
        + html_table("exit-credit", ["customer / 客户", "branch / 机构", "region / 区域", "tier / 分层",
                                     "credit balance / 授信余额", "profit / 利润贡献度", "bank value / 银行价值", "risk / 风险"],
                     exit_rows)
        + "<h3>Gold prospects / 黄金目标客户</h3>"
        + html_table("gold-prospects", ["prospect / 目标客户", "branch / 机构", "region / 区域", "tier / 分层",
                                        "potential value / 潜在价值", "bank's value / 银行价值"], gold_rows)
        + '<p class="note">Customers are listed by ID: names are personal data and stay in the warehouse. '
          "/ 客户以编号列示，名称属敏感信息不出库。</p></section>")

    total_profit = sum(c["x"] or 0 for c in customers)
    kpis = [
        (f"{len(customers):,}", "existing customers / 存量客户"),
        (f"{len(prospects):,}", "target prospects / 目标客户"),
        (cny(total_profit), "profit contribution / 利润贡献度（元）"),
        (cny(sum(m["deposit_adb"] or 0 for m in metrics.values())), "deposit ADB / 日均存款（元）"),
        (cny(sum(m["credit"] or 0 for m in metrics.values())), "credit balance / 授信余额（元）"),
    ]
    if rejected is not None:
        kpis.append((f"{rejected:,}", "rejected raw rows / 拒收原始记录"))
    kpi_html = '<div class="kpis">' + "".join(f'<div class="kpi"><b>{esc(v)}</b><span>{esc(t)}</span></div>'
                                              for v, t in kpis) + "</div>"
    generated = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Corporate customer segmentation / 对公客户分层分类 — {esc(as_of)}</title>
<style>{CSS}</style>
</head>
<body>
<header>
<h1>Corporate customer segmentation / 对公客户分层分类报告</h1>
<p>as_of_date / 观察日: <b>{esc(as_of)}</b> · as_of_dates in the warehouse / 历史观察日: {len(dates)}
 ({esc(dates[0])} … {esc(dates[-1])})</p>
<p>Source / 数据源: {esc(Path(database).name)} (marts schema) · generated / 生成于 {esc(generated)}</p>
</header>
<main>
{kpi_html}
{''.join(sections)}
</main>
<script>{SCRIPT}</script>
</body>
</html>
"""
    return page, {"as_of": as_of, "charts": charts, "customers": len(customers), "prospects": len(prospects)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=os.environ.get("BI_DUCKDB_PATH", "warehouse/corp_tiering_bi.duckdb"),
                        help="a DuckDB file with a marts schema (default $BI_DUCKDB_PATH or the published file, "
                             "warehouse/corp_tiering_bi.duckdb; the warehouse works too)")
    parser.add_argument("--output", type=Path, default=Path("reports/segmentation_report.html"))
    parser.add_argument("--as-of", type=dt.date.fromisoformat, help="the as_of_date to draw (default: the latest)")
    args = parser.parse_args(argv)
    if not Path(args.database).exists():
        parser.error(f"no warehouse at {args.database}")
    with duckdb.connect(args.database, read_only=True) as con:
        page, info = build(con, args.as_of, args.database)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(page, encoding="utf-8")
    print(f"Report: {args.output.resolve()} ({len(info['charts'])} charts, {info['customers']:,} customers, "
          f"{info['prospects']:,} prospects, as_of_date {info['as_of']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
