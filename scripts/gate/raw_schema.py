"""Suite raw.schema: every column of the raw-data contract is present (blocking) and has
its declared type (warning); records the actual types the other raw suites read by. An
optional table (OPTIONAL_TABLES) may be absent; when present, it is checked like the others."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
from demo_data.contract import OPTIONAL_TABLES
from generate_demo_data import CONTRACT  # the raw-data contract: columns, types, keys

from gate.checks import Check
from gate.warehouse import canonical_type

if TYPE_CHECKING:
    from gate.profiler import Gate


def profile_schema(gate: Gate) -> None:
    rows = gate.db.rows(f"""
        select table_name, column_name, data_type, numeric_precision, numeric_scale
        from information_schema.columns
        where table_schema = '{gate.raw}'
    """)
    for table_name, column, data_type, precision, scale in rows:
        gate.actual_types.setdefault(table_name.lower(), {})[column.lower()] = canonical_type(
            data_type, precision, scale
        )
    records = []
    for table_name, (columns, _) in CONTRACT.items():
        if table_name in OPTIONAL_TABLES and table_name not in gate.actual_types:
            continue  # an optional table the bank does not have (docs/raw_data_contract.md)
        for column, declared in columns:
            actual = gate.actual_types.get(table_name, {}).get(column)
            records.append({"item": f"{table_name}.{column}", "declared_type": declared, "actual_type": actual})
    frame = pd.DataFrame.from_records(records)
    gate.frames["raw.schema"] = frame

    name = "raw.columns_present"
    sev = gate.severity(name)
    missing = frame[frame["actual_type"].isna()]["item"].tolist()
    gate.add(
        Check(
            name,
            "raw.schema",
            sev,
            gate.expect("ExpectColumnValuesToNotBeNull", name, sev, column="actual_type"),
            column="actual_type",
            kind="text",
            limit="all present",
            describe=lambda: (
                f"{len(frame) - len(missing)} of {len(frame)} contract columns"
                + (f"; missing: {', '.join(missing[:3])}" if missing else "")
                + (f" (+{len(missing) - 3} more)" if len(missing) > 3 else "")
            ),
        )
    )

    name = "raw.column_types"
    sev = gate.severity(name)
    differ = frame[frame["actual_type"].notna() & (frame["actual_type"] != frame["declared_type"])]
    gate.add(
        Check(
            name,
            "raw.schema",
            sev,
            gate.expect(
                "ExpectColumnPairValuesToBeEqual",
                name,
                sev,
                column_A="actual_type",
                column_B="declared_type",
                ignore_row_if="either_value_is_missing",
            ),
            column="actual_type",
            kind="text",
            limit="as declared",
            describe=lambda: (
                "all as declared"
                if differ.empty
                else f"{len(differ)} columns differ, e.g. {differ.iloc[0]['item']} "
                f"{differ.iloc[0]['actual_type']} (declared {differ.iloc[0]['declared_type']})"
            ),
        )
    )
