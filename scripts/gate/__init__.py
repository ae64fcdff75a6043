"""The quality gate's modules (scripts/quality_gate.py is the command line over them).

A run: `config` loads gx/thresholds.yml; `warehouse` opens DuckDB or PostgreSQL;
`profiler.Gate` profiles the warehouse in SQL, one suite family per module (`raw_schema`,
`raw_tables`, `raw_value_sets`, `raw_deposits`, `marts_shares`, `marts_profit`,
`marts_coverage`), into small frames and the `checks` (GX expectations) on them;
`validation` runs GX on those frames and builds Data Docs; `verdict` turns GX's results
into pass/fail outcomes and the blocking decision; `history` keeps each run's raw row
counts; `console` prints the verdict.
"""
