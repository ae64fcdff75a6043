"""Planting bad rows into the raw tables built aside: at --bad-rate (and at least one of
each kind a table can have), duplicate copies of keys, and in the text variant the
wrong_type and unreadable values; every planted row goes into the manifest with its
reason."""

from __future__ import annotations

from .bad_values import PLANT_ORDER, PLANTS, WRONG_TYPE, sql_text, unreadable_values
from .context import Run
from .contract import CONTRACT, record_key_sql


def plant(run: Run, table: str, text: bool) -> None:
    """Plant the bad rows of `table` (and, in the text variant, its wrong_type and unreadable
    values) into the table built aside, and list each in `run.planted`."""
    columns, key = CONTRACT[table]
    reasons = dict(PLANTS[table])
    if text and table in WRONG_TYPE:
        reasons["wrong_type"] = []
    # Every kind to plant, in PLANT_ORDER; variants (`reason#variant`) after their reason.
    names = [k for r in PLANT_ORDER for k in reasons if k.split("#")[0] == r]
    if not names:
        return
    rate = run.args.bad_rate
    full = run.writer.table(table)
    # Each row is drawn once, by a hash of its key. The `len(names)` rows with the
    # smallest hash get one reason each, so every kind appears even in tiny tables;
    # beyond those, a share `rate` of the rows gets a reason picked by the hash.
    row_hash = f"hash({int(run.args.seed)}, 'bad', {', '.join(key)})"
    # (A big table gets every kind from the rate alone, so skip the extra scan there.)
    first = (
        []
        if run.writer.rows[table] * rate > 50 * len(names)
        else [
            h
            for (h,) in run.writer.con.execute(
                f"select {row_hash} as h from {full} order by h limit {len(names)}"
            ).fetchall()
        ]
    )
    names_sql = "[" + ", ".join(f"'{n}'" for n in names) + "]"
    chosen = " ".join(f"when _h = {h} then '{names[i]}'" for i, h in enumerate(first)) or "when false then null"
    marked = f"""
        select *,
            case {chosen}
                when (_h % 1000003) < {rate} * 1000003
                    then {names_sql}[1 + cast((_h // 1000003) % {len(names)} as integer)]
            end as _plant
        from (select *, {row_hash} as _h from {full})
    """
    # Text variant: rows not planted otherwise, the smallest by another hash, each get
    # one unreadable value (unreadable_values); `_unread` numbers them from 1.
    unreadable = unreadable_values(table) if text and not run.args.no_unreadable else []
    unread_hash = f"hash({int(run.args.seed)}, 'unreadable', {', '.join(key)})"
    if unreadable:
        marked = f"select *, {unread_hash} as _h2 from ({marked})"
        picked = [
            h
            for (h,) in run.writer.con.execute(
                f"select _h2 from ({marked}) where _plant is null order by _h2 limit {len(unreadable)}"
            ).fetchall()
        ]
        unreadable = unreadable[: len(picked)]
        numbered = " ".join(f"when _h2 = {h} then {i + 1}" for i, h in enumerate(picked)) or "when false then 0"
        marked = f"select *, case {numbered} end as _unread from ({marked})"
    wrong_col, wrong_value = WRONG_TYPE.get(table, (None, None)) if "wrong_type" in names else (None, None)
    select_cols = []
    copy_cols = []
    for col, typ in columns:
        cases = [
            f"when _plant = '{reason}' then {expr}" for reason, muts in reasons.items() for c, expr in muts if c == col
        ]
        value = f"cast(case {' '.join(cases)} else {col} end as {typ})" if cases else f"cast({col} as {typ})"
        # Copies of a key: customers keep the copy with the latest updated_at, so the
        # planted copy is a day older; other tables keep the first copy in column
        # order, and the planted copy is identical to its original.
        copy = {
            ("ecif_customers", "updated_at"): "updated_at - interval 1 day",
            ("ecif_customers", "customer_name"): "customer_name || '（旧）'",
        }.get((table, col), col)
        copy = f"cast({copy} as {typ})"
        if text:
            value, copy = f"cast({value} as VARCHAR)", f"cast({copy} as VARCHAR)"
            if col == wrong_col:
                value = f"case when _plant = 'wrong_type' then {wrong_value} else {value} end"
            planted_here = [(i + 1, v) for i, (c, v, _) in enumerate(unreadable) if c == col]
            if planted_here:
                whens = " ".join(f"when _unread = {i} then {sql_text(v)}" for i, v in planted_here)
                value = f"case {whens} else {value} end"
        select_cols.append(f"{value} as {col}")
        copy_cols.append(f"{copy} as {col}")
    planted = run.writer.con.execute(f"""
        select {record_key_sql(table)} as record_key, _plant
        from (select {", ".join(select_cols)}, _plant from ({marked}) where _plant is not null)
        order by record_key, _plant
    """).fetchall()
    run.planted.extend({"table": table, "record_key": k, "reason_code": r.split("#")[0]} for k, r in planted)
    if unreadable:
        reasons_sql = " ".join(f"when _unread = {i + 1} then '{r}'" for i, (_, _, r) in enumerate(unreadable))
        columns_sql = " ".join(f"when _unread = {i + 1} then '{c}'" for i, (c, _, _) in enumerate(unreadable))
        values_sql = " ".join(f"when _unread = {i + 1} then {sql_text(v)}" for i, (_, v, _) in enumerate(unreadable))
        rows = run.writer.con.execute(f"""
            select {record_key_sql(table)} as record_key, case {reasons_sql} end,
                case {columns_sql} end, case {values_sql} end
            from (select {", ".join(select_cols)}, _unread from ({marked}) where _unread is not null)
            order by record_key
        """).fetchall()
        run.planted.extend(
            {"table": table, "record_key": k, "reason_code": r, "column": c, "value": v} for k, r, c, v in rows
        )
    # The copies first, then the table rewritten with the planted values, then the
    # copies appended: each statement streams (one statement reading `marked` twice
    # would hold the whole marked table in memory).
    run.writer.sql(f"""
        create or replace temp table _planted_copies as
        select {", ".join(copy_cols)} from ({marked}) where _plant = 'duplicate_primary_key'
    """)
    run.writer.sql(f"create or replace table {full} as select {', '.join(select_cols)} from ({marked})")
    run.writer.sql(f"insert into {full} select * from _planted_copies")
    run.writer.sql("drop table _planted_copies")
    run.writer.rows[table] = run.writer.con.execute(f"select count(*) from {full}").fetchone()[0]
