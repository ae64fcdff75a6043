"""What a check is: one GX expectation on a profile frame with how its result is shown,
and the small helpers the suites build checks with (share frames, GX row conditions,
printed limits)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd


@dataclass
class Check:
    """One expectation of the gate: where it reads, how it is shown."""

    name: str
    suite: str
    severity: str
    expectation: Any
    column: str  # the profile column shown as observed
    limit: str = ""  # the threshold, as printed
    kind: str = "share"  # how observed values print: share, ratio, count, text
    items: list[str] | None = None  # the frame rows (by item) it applies to; None = all
    worst: str = "max"  # which end of the column is the headline when it passes
    describe: Callable[[], str] | None = None
    note: str = ""
    gx_column: str | None = None  # the column GX validates, when not `column`


def only_items(items: list[str]) -> Any:
    """GX row condition: the profile frame's rows whose item is one of `items`."""
    from great_expectations.expectations.row_conditions import Column

    return Column("item") == items[0] if len(items) == 1 else Column("item").is_in(items)


def bounds(entry: dict, kind: str) -> str:
    """`min_<kind>`/`max_<kind>` of a thresholds entry as printed limits."""
    low, high = entry.get(f"min_{kind}"), entry.get(f"max_{kind}")
    show = (lambda v: f"{v:.2%}") if kind == "share" else (lambda v: f"{v:.2f}")
    if low is not None and high is not None:
        return f"{show(low)} to {show(high)}"
    return f">= {show(low)}" if low is not None else f"<= {show(high)}"


def with_share(records: list[dict], bad: str, share: str) -> pd.DataFrame:
    """Records (item, rows, <bad>) as a frame with <share> = bad / rows (null without rows)."""
    frame = pd.DataFrame.from_records(records, columns=["item", "rows", bad])
    frame[share] = [b / n if n else None for b, n in zip(frame[bad], frame["rows"])]
    frame[share] = frame[share].astype(float)
    return frame
