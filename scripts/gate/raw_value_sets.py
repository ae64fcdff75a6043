"""Suite raw.value_sets: each coded raw column's values against its seed or the
contract's code list, as a share of rows (gx/thresholds.yml raw.value_set)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from gate.checks import Check
from gate.config import SEEDS, THRESHOLDS, contract_codes

# A coded column's distinct values are repeated in proportion to their row counts,
# to this many slots, so that GX's `mostly` reads as a share of rows.
VALUE_SET_SLOTS = 10_000
NULL_CODE = "(null)"

if TYPE_CHECKING:
    from gate.profiler import Gate


def profile_value_sets(gate: Gate) -> None:
    entry = gate.cfg("raw.value_set")
    codes = contract_codes()
    slots: dict[str, list[str]] = {}
    for item, source in entry["columns"].items():
        table_name, column = item.split(".")
        if column not in gate.actual_types.get(table_name, {}):
            continue
        allowed = allowed_codes(gate, item, source, codes)
        counts = gate.db.rows(f"""
            select coalesce(nullif(lower(trim({column})), ''), '{NULL_CODE}') as code, count(*) as row_count
            from {gate.raw_table(table_name)}
            group by coalesce(nullif(lower(trim({column})), ''), '{NULL_CODE}')
        """)
        total = sum(n for _, n in counts)
        values: list[str] = []
        for code, n in sorted(counts, key=lambda r: (-r[1], r[0])):
            values += [code] * max(1, round(n / total * VALUE_SET_SLOTS))
        slots[item] = values
        unknown = sorted(((n, code) for code, n in counts if code not in allowed), reverse=True)
        unknown_rows = sum(n for n, _ in unknown)
        share = unknown_rows / total if total else 0.0
        # Up to allow_rows unknown rows are tolerated whatever their share: `mostly`
        # is lowered accordingly for a small table.
        allow = int(entry.get("allow_rows", 0))
        mostly = min(entry["mostly"], 1 - allow / total) if total else entry["mostly"]
        name = f"raw.value_set.{item}"
        sev = gate.severity("raw.value_set", item)
        gate.add(
            Check(
                name,
                "raw.value_sets",
                sev,
                gate.expect(
                    "ExpectColumnValuesToBeInSet",
                    name,
                    sev,
                    column=item,
                    value_set=sorted(allowed),
                    mostly=max(mostly, 0.0),
                ),
                column=item,
                kind="text",
                limit=f">= {entry['mostly']:.2%} known" + (f" or <= {allow} rows" if allow else ""),
                describe=(
                    lambda share=share, unknown=unknown: (
                        f"unknown {share:.2%}" + (f": {', '.join(c for _, c in unknown[:3])}" if unknown else "")
                    )
                ),
            )
        )
    longest = max((len(v) for v in slots.values()), default=0)
    gate.frames["raw.value_sets"] = pd.DataFrame(
        {item: pd.Series(values + [None] * (longest - len(values)), dtype="object") for item, values in slots.items()}
    )


def allowed_codes(gate: Gate, item: str, source: dict, codes: dict[str, list[str]]) -> set[str]:
    if "contract" in source:
        if source["contract"] not in codes:
            raise SystemExit(f"{THRESHOLDS}: raw.value_set {item}: no contract code list {source['contract']}")
        return {c.lower() for c in codes[source["contract"]]}
    seed, column = source["seed"].split(".")
    where = " and ".join(f"{k} = '{v}'" for k, v in (source.get("where") or {}).items()) or "1 = 1"
    return {
        str(code).strip().lower()
        for (code,) in gate.db.rows(
            f"select distinct {column} from {SEEDS}.{seed} where {where} and {column} is not null"
        )
    }
