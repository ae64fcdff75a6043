"""The payload's compact encoding, which keeps the file small at a million customers: codes
as indexes into the payload's dictionaries, numbers as short as JSON writes them, money
rounded to cents or to whole yuan."""

from __future__ import annotations


def index_of(values: list) -> dict:
    """Each value's position in `values`: the index the payload writes for it."""
    return {v: i for i, v in enumerate(values)}


def compact(value: float | None) -> float | int | None:
    """A number as short as JSON can write it."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def money(values: list, decimals: int = 2) -> list:
    """Amounts and scores rounded to `decimals` places, each as short as JSON writes it."""
    return [None if v is None else compact(round(float(v), decimals)) for v in values]


def yuan(values: list) -> list:
    """Whole yuan: for what the page shows in 万 and 亿 only."""
    return [None if v is None else round(float(v)) for v in values]
