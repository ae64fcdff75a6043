"""The verdict: each check's GX result as an outcome (pass or fail, and what it saw, in
one line), and the run's result, which fails when a blocking expectation fails."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from gate.checks import Check


@dataclass
class Outcome:
    suite: str
    name: str
    severity: str
    success: bool
    observed: str
    limit: str = ""


@dataclass
class GateResult:
    outcomes: list[Outcome]
    docs_index: Path | None
    as_of: dt.date
    previous_as_of: dt.date | None
    seconds: float
    profile_seconds: float = 0.0
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def blocking_failures(self) -> list[str]:
        return [o.name for o in self.outcomes if not o.success and o.severity == "blocking"]

    @property
    def failures(self) -> list[str]:
        return [o.name for o in self.outcomes if not o.success]

    @property
    def passed(self) -> bool:
        return not self.blocking_failures


def fmt(value: Any, kind: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if kind == "share":
        return f"{float(value):.2%}"
    if kind == "ratio":
        return f"{float(value):.2f}"
    if kind == "count":
        return f"{int(value):,}"
    return str(value)


def observed(check: Check, frame: pd.DataFrame, result: Any) -> str:
    """What the check saw, in one line: the failing items, or the worst value."""
    if result is not None and result.exception_info.get("raised_exception"):
        return "error: " + str(result.exception_info.get("exception_message"))[:120]
    if check.describe is not None and (result is None or result.success or check.kind == "text"):
        text = check.describe()
    else:
        rows = frame[frame["item"].isin(check.items)] if check.items else frame
        values = rows[["item", check.column]].dropna() if "item" in rows else rows[[check.column]].dropna()
        failing = (result.result.get("unexpected_index_list") or []) if result is not None else []
        if result is not None and not result.success and failing and isinstance(failing[0], dict):
            column = check.gx_column or check.column
            parts = [f"{row.get('item')}={fmt(row.get(column), check.kind)}" for row in failing[:4]]
            more = len(failing) - 4
            text = ", ".join(parts) + (f" (+{more} more)" if more > 0 else "")
        elif values.empty:
            text = "n/a"
        elif len(values) == 1:
            text = fmt(values[check.column].iloc[0], check.kind)
        else:
            position = values[check.column].idxmax() if check.worst == "max" else values[check.column].idxmin()
            text = f"{check.worst} {fmt(values.loc[position, check.column], check.kind)}"
            if "item" in values:
                text += f" ({values.loc[position, 'item']})"
    return f"{text}; {check.note}" if check.note else text


def judge(checks: list[Check], frames: dict[str, pd.DataFrame], results: dict[str, Any]) -> list[Outcome]:
    """One outcome per check, in the checks' order; a check GX returned no result for fails."""
    outcomes = []
    for check in checks:
        result = results.get(check.name)
        success = bool(result.success) if result is not None else False
        outcomes.append(
            Outcome(
                check.suite,
                check.name,
                check.severity,
                success,
                observed(check, frames[check.suite], result),
                check.limit,
            )
        )
    return outcomes


def passes(outcomes: list[Outcome]) -> bool:
    """The gate passes unless a blocking expectation failed (warnings never stop it)."""
    return not any(not o.success and o.severity == "blocking" for o in outcomes)
