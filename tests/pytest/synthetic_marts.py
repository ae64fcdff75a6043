"""A synthetic marts-only DuckDB file for the report at scale: `customers` existing
customers (and a tenth as many target prospects) on each of `dates` month-ends, written by
SQL in seconds. Its tables have the columns of a built warehouse's marts (`template`: their
names and types are copied, empty, then filled BY NAME), so the report reads it as it reads
the real marts or their published copy; columns the report does not read stay null.

The values are shaped like the real marts: branches in regions, tiers with few strategic
and many small customers, profit contribution of both signs spread over decades, scores on
0–100, bands by percent rank at 0.5 within each 分层客户群 (as_of_date x credit status x
market class x tier), segments from the two bands, migration and summary aggregated from
the segment fact as their models do. Labels are the seed labels.csv.

    .venv/bin/python tests/pytest/synthetic_marts.py --template warehouse.duckdb --output big.duckdb \
        [--customers 1000000] [--dates 2026-08-31 2026-09-30 2026-10-31] [--regions 8] [--branches-per-region 6]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import duckdb

PROJECT_DIR = Path(__file__).resolve().parents[2]
MARTS = [
    "fct_customer_segments",
    "fct_customer_metrics",
    "fct_prospect_segments",
    "mart_segment_summary",
    "mart_segment_migration",
    "dq_rejected_rows",
]


def u(seed: str, key: str = "i") -> str:
    """A uniform number in [0, 1) from a hash of the row key and `seed`."""
    return f"((hash({key}, '{seed}') % 1000003) / 1000003.0)"


def normal(seed: str, key: str = "i") -> str:
    """A standard normal number (Box-Muller) from two hashes."""
    return f"(sqrt(-2 * ln(1 - {u(seed + 'a', key)})) * cos(2 * pi() * {u(seed + 'b', key)}))"


def pick(seed: str, choices: list[tuple[str, float]], key: str = "i") -> str:
    """One of `choices` (code, weight), by a hash."""
    total = sum(w for _, w in choices)
    parts, running = [], 0.0
    for code, weight in choices[:-1]:
        running += weight / total
        parts.append(f"when {u(seed, key)} < {running} then '{code}'")
    return f"(case {' '.join(parts)} else '{choices[-1][0]}' end)"


TIERS = [("strategic", 0.2), ("large", 3), ("medium", 12), ("small", 35), ("above_scale", 20), ("below_scale", 29.8)]
TIER_SCALE = (
    "case tier_code when 'strategic' then 3e6 when 'large' then 5e5 when 'medium' then 8e4 "
    "when 'small' then 1.5e4 when 'above_scale' then 6e3 else 2e3 end"
)


def build(
    template: Path, output: Path, customers: int, dates: list[str], regions: int = 8, branches_per_region: int = 6
) -> None:
    output.unlink(missing_ok=True)
    branches = regions * branches_per_region
    prospects = max(customers // 10, 1)
    with duckdb.connect(str(output)) as con:
        con.execute(f"attach '{template}' as tpl (read_only)")
        con.execute("create schema marts")
        for table in MARTS:
            con.execute(f"create table marts.{table} as select * from tpl.marts.{table} limit 0")
        con.execute("detach tpl")
        con.execute(f"""create temp table labels as select code_type, code, label_zh
                        from read_csv('{PROJECT_DIR / "seeds" / "labels.csv"}', header = true, all_varchar = true)""")
        con.execute(
            f"create temp table dates as select cast(d as date) as as_of_date, row_number() over () as n "
            f"from (values {', '.join(f'({chr(39)}{d}{chr(39)})' for d in dates)}) as t(d)"
        )

        # who each customer is (the same on every date) and its values on each date
        con.execute(f"""create temp table customers as
            select i, 'C' || lpad(cast(i as varchar), 9, '0') as customer_id,
                   cast(hash(i, 'branch') % {branches} as integer) as b,
                   {pick("tier", TIERS)} as tier_code,
                   {pick("credit", [("with_credit", 55), ("without_credit", 45)])} as credit_status,
                   {pick("class", [("corporate", 85), ("institutional", 15)])} as market_class,
                   {pick("life", [("new", 8), ("active", 60), ("loyal", 20), ("dormant", 8), ("churned", 4)])}
                       as lifecycle_stage,
                   {pick("risk", [("low", 55), ("medium", 25), ("high", 8), ("not_rated", 12)])} as risk_grade,
                   {normal("x")} as zx, {normal("y")} as zy, {u("neg")} < 0.22 as negative
            from range({customers}) as t(i)""")
        con.execute(f"""create temp table daily as
            select dates.as_of_date, c.*, 'B' || lpad(cast(c.b + 1 as varchar), 4, '0') as branch_id,
                   'R' || lpad(cast(c.b // {branches_per_region} + 1 as varchar), 2, '0') as region_code,
                   round((case when c.negative then -0.3 else 1 end) * ({TIER_SCALE})
                         * exp(1.1 * c.zx + 0.25 * {normal("dx", "i, dates.n")}), 2) as profit_contribution,
                   round(greatest(0, least(100, 50 + 14 * c.zy + 4 * {normal("dy", "i, dates.n")})), 6)
                       as bank_value_score
            from customers as c cross join dates
            where {u("present", "i, dates.n")} < 0.985""")
        con.execute("""insert into marts.fct_customer_segments by name
            with ranked as (
                select *, percent_rank() over (partition by as_of_date, credit_status, market_class, tier_code
                                               order by profit_contribution) as profit_percent_rank,
                          percent_rank() over (partition by as_of_date, credit_status, market_class, tier_code
                                               order by bank_value_score) as bank_value_percent_rank
                from daily),
            banded as (
                select *, case when profit_percent_rank >= 0.5 then 'high' else 'low' end as profit_band,
                          case when bank_value_percent_rank >= 0.5 then 'high' else 'low' end as bank_value_band
                from ranked)
            select as_of_date, customer_id, branch_id, region_code, credit_status, market_class, tier_code,
                   profit_contribution, bank_value_score, profit_percent_rank, bank_value_percent_rank,
                   profit_band, bank_value_band,
                   case profit_band || bank_value_band when 'highhigh' then 'important' when 'highlow' then 'quality'
                        when 'lowhigh' then 'ordinary' else 'exit' end as segment_code,
                   lifecycle_stage, risk_grade
            from banded""")
        for column, code_type in (
            ("credit_status", None),
            ("market_class", None),
            ("tier_code", None),
            ("segment_code", None),
            ("lifecycle_stage", None),
            ("risk_grade", None),
            ("profit_band", "band"),
            ("bank_value_band", "band"),
        ):
            con.execute(f"""update marts.fct_customer_segments as s set {column}_zh = labels.label_zh from labels
                            where labels.code_type = '{code_type or column}' and labels.code = s.{column}""")
        con.execute(f"""insert into marts.fct_customer_metrics by name
            select as_of_date, customer_id,
                   round(({TIER_SCALE}) * 40 * exp(0.8 * {normal("dep", "i, as_of_date")}), 2) as deposit_adb_cny,
                   case when credit_status = 'with_credit'
                        then round(({TIER_SCALE}) * 120 * exp(0.9 * {normal("cr", "i, as_of_date")}), 2) else 0 end
                       as credit_balance_cny
            from daily""")
        con.execute(f"""insert into marts.fct_prospect_segments by name
            with p as (
                select dates.as_of_date, 'P' || lpad(cast(i as varchar), 9, '0') as prospect_id,
                       cast(hash(i, 'pbranch') % {branches} as integer) as b,
                       {pick("ptier", TIERS)} as tier_code,
                       {pick("pclass", [("corporate", 85), ("institutional", 15)])} as market_class,
                       round(greatest(0, least(100, 45 + 18 * {normal("px")})), 2) as potential_value_score,
                       round(greatest(0, least(100, 50 + 15 * {normal("py")})), 2) as target_bank_value_score
                from range({prospects}) as t(i) cross join dates),
            ranked as (
                select *, percent_rank() over (partition by as_of_date, market_class, tier_code
                                               order by potential_value_score) as potential_percent_rank,
                          percent_rank() over (partition by as_of_date, market_class, tier_code
                                               order by target_bank_value_score) as bank_value_percent_rank
                from p)
            select as_of_date, prospect_id, 'B' || lpad(cast(b + 1 as varchar), 4, '0') as branch_id,
                   'R' || lpad(cast(b // {branches_per_region} + 1 as varchar), 2, '0') as region_code,
                   market_class, tier_code, potential_value_score, target_bank_value_score,
                   potential_percent_rank, bank_value_percent_rank,
                   case when potential_percent_rank >= 0.5 then 'high' else 'low' end as potential_band,
                   case when bank_value_percent_rank >= 0.5 then 'high' else 'low' end as bank_value_band,
                   case when potential_percent_rank >= 0.5 and bank_value_percent_rank >= 0.5 then 'gold'
                        when potential_percent_rank >= 0.5 then 'potential'
                        when bank_value_percent_rank >= 0.5 then 'watch' else 'general' end as segment_code
            from ranked""")
        for column in ("market_class", "tier_code", "segment_code"):
            con.execute(f"""update marts.fct_prospect_segments as s set {column}_zh = labels.label_zh from labels
                            where labels.code_type = '{column}' and labels.code = s.{column}""")
        con.execute("""insert into marts.mart_segment_summary by name
            select s.as_of_date, 'existing' as population, s.region_code, s.market_class, s.tier_code, s.segment_code,
                   count(*) as customers, sum(s.profit_contribution) as profit_contribution,
                   sum(m.deposit_adb_cny) as deposit_adb_cny, sum(m.credit_balance_cny) as credit_balance_cny
            from marts.fct_customer_segments as s
            inner join marts.fct_customer_metrics as m on s.as_of_date = m.as_of_date and s.customer_id = m.customer_id
            group by all
            union all
            select as_of_date, 'target', region_code, market_class, tier_code, segment_code, count(*), null, null, null
            from marts.fct_prospect_segments group by all""")
        for column in ("population", "market_class", "tier_code", "segment_code"):
            con.execute(f"""update marts.mart_segment_summary as s set {column}_zh = labels.label_zh from labels
                            where labels.code_type = '{column}' and labels.code = s.{column}""")
        con.execute("""insert into marts.mart_segment_migration by name
            with pairs as (
                select lag(as_of_date) over (order by as_of_date) as from_as_of_date, as_of_date as to_as_of_date
                from dates),
            f as (select p.from_as_of_date, p.to_as_of_date, s.customer_id, s.segment_code, s.profit_contribution
                  from pairs as p inner join marts.fct_customer_segments as s on s.as_of_date = p.from_as_of_date),
            t as (select p.from_as_of_date, p.to_as_of_date, s.customer_id, s.segment_code, s.profit_contribution
                  from pairs as p inner join marts.fct_customer_segments as s on s.as_of_date = p.to_as_of_date
                  where p.from_as_of_date is not null)
            select coalesce(f.from_as_of_date, t.from_as_of_date) as from_as_of_date,
                   coalesce(f.to_as_of_date, t.to_as_of_date) as to_as_of_date,
                   coalesce(f.segment_code, 'none') as from_segment_code, coalesce(t.segment_code, 'none') as to_segment_code,
                   count(*) as customers, sum(coalesce(f.profit_contribution, 0)) as from_profit_contribution,
                   sum(coalesce(t.profit_contribution, 0)) as to_profit_contribution
            from f full outer join t
                on f.from_as_of_date = t.from_as_of_date and f.to_as_of_date = t.to_as_of_date
                and f.customer_id = t.customer_id
            group by all""")
        for side in ("from", "to"):
            con.execute(f"""update marts.mart_segment_migration as s set {side}_segment_code_zh = labels.label_zh
                            from labels where labels.code_type = 'segment_code'
                            and labels.code = s.{side}_segment_code""")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--template", type=Path, required=True, help="a built warehouse whose marts' columns to copy")
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--dates", nargs="+", default=["2026-08-31", "2026-09-30", "2026-10-31"])
    parser.add_argument("--regions", type=int, default=8)
    parser.add_argument("--branches-per-region", type=int, default=6)
    args = parser.parse_args()
    started = time.monotonic()
    build(args.template, args.output, args.customers, args.dates, args.regions, args.branches_per_region)
    print(
        f"{args.output}: {args.customers:,} customers x {len(args.dates)} as_of_dates in "
        f"{time.monotonic() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
