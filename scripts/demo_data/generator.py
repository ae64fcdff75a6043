"""One run of the generator, in order: the draws' macros, every source system's tables
built aside, the valid-but-odd values, the bad rows planted, the flags collected, the
tables swapped in; it returns the run's summary, which is the manifest."""

from __future__ import annotations

import argparse
import time

from . import core, credit, crm, ecif, kept_values
from .context import Run
from .contract import CONTRACT
from .draws import create_macros
from .planting import plant


def generate(args: argparse.Namespace) -> dict:
    """Write every raw table of the contract for the parsed options; return the summary."""
    run = Run.open(args)
    writer = run.writer
    started = time.perf_counter()
    writer.log(
        f"Generating {args.customers:,} customers, {args.days} days to {run.as_of} "
        f"(seed {args.seed}) into {args.database} schema {writer.schema}"
    )
    writer.prepare()
    create_macros(writer, int(args.seed), run.as_of, run.start)
    for build in (
        ecif.branches,
        ecif.groups,
        ecif.customers,
        ecif.financials,
        ecif.tags,
        core.deposit_accounts,
        core.deposit_balances,
        core.transactions,
        core.fee_income,
        core.fx_rates,
        credit.loans,
        credit.loan_balances,
        credit.ratings,
        credit.bureau,
        crm.prospects,
        crm.surveys,
        crm.agreements,
        crm.customer_managers,
        crm.visits,
    ):
        build(run)
    generated = time.perf_counter() - started
    kept_values.negative_credit_balances(run)
    kept_values.messy_codes(run)
    writer.log(
        f"Planting bad rows at rate {args.bad_rate}" + (" (raw as text, with wrong_type)" if args.raw_as_text else "")
    )
    for table in CONTRACT:
        plant(run, table, args.raw_as_text)
    kept_values.collect_flags(run)
    writer.finish()
    elapsed = time.perf_counter() - started
    total_rows = sum(writer.rows.values())
    summary = {
        "database": str(args.database),
        "schema": writer.schema,
        "customers": args.customers,
        "days": args.days,
        "as_of": run.as_of.isoformat(),
        "first_day": run.start.isoformat(),
        "seed": args.seed,
        "bad_rate": args.bad_rate,
        "raw_as_text": args.raw_as_text,
        "row_counts": writer.rows,
        "raw_rows": total_rows,
        "seconds": round(elapsed, 3),
        "rows_per_second": round(total_rows / elapsed) if elapsed else None,
        "generation_seconds": round(generated, 3),
        "planted": run.planted,
        "flagged": run.flagged,
    }
    writer.log(
        f"Wrote {total_rows:,} raw rows in {elapsed:.1f} s: {total_rows / elapsed:,.0f} rows/s; "
        f"planted {len(run.planted):,} bad rows, {len(run.flagged):,} flagged values"
    )
    return summary
