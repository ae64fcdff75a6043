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
as_of_date; lifecycle and risk mix by region; the largest groups (集团) by credit exposure
and by profit contribution with their members' segments (for the as_of_date: groups span
branches); two top lists (the largest exit-segment credit balances, the gold prospects). Hovering a point shows the customer (id, segment,
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

The work is done by the package scripts/segmentation_report/ (reading the marts, the
payload, the page, the writer); this file is its command line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from segmentation_report.writer import write


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
    print(write(args.database, args.output, args.as_of))
    return 0


if __name__ == "__main__":
    sys.exit(main())
