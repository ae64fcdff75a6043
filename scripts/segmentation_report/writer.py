"""Writing the report: read the marts of a DuckDB file (read-only), check the as_of_date the
page opens on, render the page with the vendored ECharts (`make vendor` puts it in
vendor/echarts/) and write it, returning the line that says what was written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from .page import render
from .payload import build_data

PROJECT_DIR = Path(__file__).resolve().parents[2]
ECHARTS = PROJECT_DIR / "vendor" / "echarts" / "echarts.min.js"


def write(database: str, output: Path, as_of: dt.date | None = None) -> str:
    """Write the report of `database` to `output`, opening on `as_of` (default: the latest
    as_of_date), and return a one-line account of it (size, dates, branches, what was embedded)."""
    if not ECHARTS.exists():
        raise SystemExit(
            f"report: the charting library {ECHARTS.relative_to(PROJECT_DIR)} is missing: "
            "run `make vendor` (scripts/vendor_echarts.sh npm-packs the pinned ECharts)"
        )
    with duckdb.connect(database, read_only=True) as con:
        data = build_data(con)
    dates = [dt.date.fromisoformat(d) for d in data["dates"]]
    as_of = as_of or dates[-1]
    if as_of not in dates:
        raise SystemExit(f"report: no as_of_date {as_of} in marts.fct_customer_segments (have {data['dates']})")
    text = render(data, as_of, database, ECHARTS.read_text(encoding="utf-8"))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    points = len(data["quadrants"]["existing"]["points"]["id"]) + len(data["quadrants"]["target"]["points"]["id"])
    cells = len(data["quadrants"]["existing"]["cells"]["n"]) + len(data["quadrants"]["target"]["cells"]["n"])
    cards = data["explanations"]
    explained = (
        "no explanation cards (no marts.fct_customer_explanations)"
        if cards is None
        else f"{cards['cards']:,} explanation cards ({len(cards['deflated']) / 1e6:.2f} MB)"
    )
    return (
        f"Report: {output.resolve()} ({len(text.encode('utf-8')) / 1e6:.1f} MB; {len(dates)} as_of_dates, "
        f"{len(data['branches'])} branches; {points:,} points and {cells:,} density cells embedded, {explained}; "
        f"opens on {as_of})"
    )
