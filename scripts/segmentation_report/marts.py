"""Reading the marts: what each population's quadrant is drawn from (POPULATIONS), the
small query helpers the other modules share, the codes in the order a reader expects, and
the codes' Chinese labels as the marts carry them (their `<column>_zh` columns, from the
seed labels.csv)."""

from __future__ import annotations

import duckdb

# Codes in the order a reader expects; codes a seed adds later follow, sorted.
TIER_ORDER = ["strategic", "large", "medium", "small", "above_scale", "below_scale"]
SEGMENT_ORDER = ["important", "quality", "ordinary", "exit"]
PROSPECT_SEGMENT_ORDER = ["gold", "potential", "watch", "general"]
LIFECYCLE_ORDER = ["new", "active", "loyal", "dormant", "churned"]
RISK_ORDER = ["low", "medium", "high", "not_rated"]


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


def ordered(codes, preferred: list[str]) -> list[str]:
    """The codes present, in the `preferred` order, those it lacks after them, sorted."""
    present = {c for c in codes if c is not None}
    return [c for c in preferred if c in present] + sorted(present - set(preferred))


def relation_exists(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    """Whether the file holds `schema`.`name` (a table or view)."""
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
        for code, zh in con.execute(f"select distinct {column}, {column}_zh from {relation} order by 1, 2").fetchall():
            if code is not None and zh:
                found.setdefault(code_type, {})[code] = zh
    return found
