"""The customer master of ECIF (the bank's customer information system): branches and
regions, the groups customers belong to, the customers themselves (enterprises and
institutions over every GB/T 4754 section, a many-small-few-large size distribution,
closed and dormant customers, borrowers), their financial statements (restated, late and
missing ones) and their tags. The drawn customers are kept in `_gen.customers` for the
other systems' tables."""

from __future__ import annotations

import csv
from pathlib import Path

from .context import Run
from .vocabulary import (
    BRANCH_SUFFIXES,
    INSTITUTION_DIVISIONS,
    NAME_CHARS,
    REGIONS,
    SECTION_WORDS,
    SECTIONS,
    USCC_PREFIX,
)


def branches(run: Run) -> None:
    """ecif_branches: a few branches in each of 3 to 12 regions (more regions for more customers); their
    order is kept in `_gen.branch_index`."""
    n_regions = max(3, min(len(REGIONS), run.args.customers // 2500))
    values = []
    for r, (code, name, city) in enumerate(REGIONS[:n_regions]):
        n_branches = 2 + (r * 7 + run.args.seed) % 5
        for b in range(n_branches):
            suffix = BRANCH_SUFFIXES[b % len(BRANCH_SUFFIXES)]
            values.append(f"('{code}{b + 1:03d}', '{city}{suffix}', '{code}', '{name}')")
    select = "select * from (values " + ", ".join(values) + ") as t(branch_id, branch_name, region_code, region_name)"
    run.writer.create("ecif_branches", select)
    run.writer.sql(f"""create or replace table _gen.branch_index as
                 select row_number() over (order by branch_id) - 1 as idx, branch_id, region_code
                 from {run.writer.table("ecif_branches")}""")


def groups(run: Run) -> None:
    """The groups customers belong to, in `_gen.group_index`: the strategic groups of the seed
    file (`--strategic-groups`), then ordinary ones."""
    strategic = []
    path = Path(run.args.strategic_groups)
    if path.exists():
        with path.open(encoding="utf-8") as handle:
            strategic = [row["group_id"].strip() for row in csv.DictReader(handle) if row.get("group_id")]
    if not strategic:
        strategic = [f"G{i:04d}" for i in range(1, 41)]
    n_other = max(len(strategic), run.args.customers // 400)
    others = [f"H{i:04d}" for i in range(1, n_other + 1)]
    rows = ", ".join(f"('{g}', {i})" for i, g in enumerate(strategic + others))
    run.writer.sql(f"create or replace table _gen.group_index as select * from (values {rows}) as t(group_id, idx)")


def customers(run: Run) -> None:
    """ecif_customers, drawn into `_gen.customers` first: kind, industry, size, branch, group,
    relationship start, closed, dormant and borrowing customers; a few USCCs missing or mistyped."""
    weights = []
    for section, lo, hi, share in SECTIONS:
        for division in range(lo, hi + 1):
            weights.append((section, f"{division:02d}", share / (hi - lo + 1)))
    total = sum(w for _, _, w in weights)
    cum = 0.0
    rows = []
    for section, division, weight in weights:
        rows.append(f"('{section}', '{division}', {cum / total}, {(cum + weight) / total})")
        cum += weight
    run.writer.sql(
        "create or replace table _gen.divisions as select * from (values "
        + ", ".join(rows)
        + ") as t(section, division, lo, hi)"
    )
    inst_cases = " ".join(
        f"when '{kind}' then {[d for d in divs]}[1 + cast(hash(i, 'instdiv') % {len(divs)} as integer)]"
        for kind, divs in INSTITUTION_DIVISIONS.items()
    )
    prefix_cases = " ".join(f"when '{k}' then '{v}'" for k, v in USCC_PREFIX.items())
    section_words = " ".join(f"when '{k}' then '{v}'" for k, v in SECTION_WORDS.items())
    n_branches = run.writer.con.execute("select count(*) from _gen.branch_index").fetchone()[0]
    n_groups = run.writer.con.execute("select count(*) from _gen.group_index").fetchone()[0]
    run.writer.sql(f"""
        create or replace table _gen.customers as
        with base as (
            select
                i,
                'C' || lpad(cast(i as varchar), 8, '0') as customer_id,
                case
                    when rnd('kind', i) < 0.86 then 'enterprise'
                    when rnd('kind', i) < 0.89 then 'government'
                    when rnd('kind', i) < 0.94 then 'public_institution'
                    when rnd('kind', i) < 0.97 then 'social_organization'
                    else 'financial_institution'
                end as customer_kind,
                rnd('ind', i) as u_industry,
                -- Revenue: Pareto-like, many small and few large enterprises.
                least(6e10, 8e5 / pow(greatest(rnd('rev', i), 1e-6), 1.45)) as revenue_level,
                cast(hash(i, 'branch') % {n_branches} as integer) as branch_idx,
                as_of() - cast(floor(pow(rnd('start', i), 1.25) * 9500) as integer) as relationship_start_date
            from range(1, {run.args.customers + 1}) as t(i)
        ),
        with_industry as (
            select
                base.*,
                case
                    when customer_kind = 'enterprise' then
                        d.section || d.division
                        || case when rnd('ilen', i) < 0.2 then ''
                                else cast(1 + hash(i, 'g3') % 9 as varchar)
                                     || case when rnd('ilen', i) < 0.45 then ''
                                             else cast(hash(i, 'g4') % 10 as varchar) end
                           end
                    else case customer_kind {inst_cases} end
                end as industry_code
            from base
            left join _gen.divisions as d
                on base.customer_kind = 'enterprise' and base.u_industry >= d.lo and base.u_industry < d.hi
        ),
        shaped as (
            select
                c.*,
                b.branch_id,
                b.region_code,
                case
                    when customer_kind = 'enterprise'
                         and rnd('grp', i) < 0.025 + case when revenue_level > 1e9 then 0.25 else 0 end
                    then (select g.group_id from _gen.group_index as g
                          where g.idx = hash(i, 'gid') % {n_groups})
                end as group_id,
                rnd('closed', i) < 0.06 and relationship_start_date < as_of() - 30 as is_closed,
                rnd('dormant', i) < 0.07 and relationship_start_date < as_of() - 400 as is_dormant,
                rnd('borrower', i) < case
                    when customer_kind = 'enterprise' then 0.38 + case when revenue_level > 1e8 then 0.3 else 0 end
                    else 0.07 end as is_borrower
            from with_industry as c
            inner join _gen.branch_index as b on c.branch_idx = b.idx
        )
        select
            *,
            case when is_closed
                then relationship_start_date
                     + cast(floor(rnd('cdate', i) * (as_of() - relationship_start_date)) as integer)
            end as closed_date
        from shaped
    """)
    run.writer.create(
        "ecif_customers",
        f"""
        select
            customer_id,
            substr('{NAME_CHARS}', 1 + cast(hash(i, 'n1') % {len(NAME_CHARS)} as integer), 1)
            || substr('{NAME_CHARS}', 1 + cast(hash(i, 'n2') % {len(NAME_CHARS)} as integer), 1)
            || case customer_kind
                   when 'enterprise' then
                       case substr(industry_code, 1, 1) {section_words} end
                       || case when revenue_level > 1e9 then '集团股份有限公司' else '有限公司' end
                   when 'government' then '区人民政府办公室'
                   when 'public_institution' then '事业发展中心'
                   when 'social_organization' then '行业协会'
                   else '金融股份有限公司'
               end
            || ' ' || cast(i as varchar) as customer_name,
            case
                when rnd('usccnull', i) < 0.002 then null
                -- a typo in the check character: kept, flagged invalid_uscc
                when rnd('usccbad', i) < 0.01 then
                    substr(uscc_code(case customer_kind {prefix_cases} end, customer_id), 1, 17)
                    || substr(uscc_charset(), 1 + strpos(uscc_charset(),
                           substr(uscc_code(case customer_kind {prefix_cases} end, customer_id), 18, 1)) % 31, 1)
                else uscc_code(case customer_kind {prefix_cases} end, customer_id)
            end as uscc,
            customer_kind,
            industry_code,
            branch_id,
            group_id,
            relationship_start_date,
            case when closed_date is not null then 'closed' else 'active' end as status,
            closed_date,
            rnd('xb', i) < 0.07 + case when revenue_level > 5e8 then 0.2 else 0 end as is_cross_border,
            rnd('vip', i) < 0.10 as executive_is_bank_vip,
            cast(as_of() as timestamp) - to_seconds(cast(floor(rnd('upd', i) * 86400 * 400) as bigint))
                as updated_at
        from _gen.customers
    """,
    )


def financials(run: Run) -> None:
    """ecif_customer_financials: yearly statements of most customers, with late filers,
    restatements, zero and missing values."""
    year = run.as_of.year
    first_year = run.start.year - 1
    run.writer.create(
        "ecif_customer_financials",
        f"""
        with filers as (
            select
                c.*,
                -0.15 + 0.55 * rnd('growth', i) as growth
            from _gen.customers as c
            where (customer_kind = 'enterprise' and rnd('nofin', i) >= 0.07)
               or (customer_kind <> 'enterprise' and rnd('nofin', i) < 0.15)
        ),
        years as (
            select
                f.*,
                fy,
                make_date(fy + 1, 3, 1) + cast(floor(rnd2('rep', i, fy) * 120) as integer) as report_date,
                revenue_level * pow(1 + growth, fy - {year - 1}) * (0.95 + 0.1 * rnd2('revn', i, fy)) as revenue
            from filers as f
            cross join range({first_year}, {year}) as y(fy)
            where make_date(fy + 1, 1, 1) > relationship_start_date
        ),
        filed as (
            select * from years
            where report_date <= as_of()
              -- late filers: no statement yet for the last fiscal year
              and not (fy = {year - 1} and rnd('late', i) < 0.06)
        ),
        statements as (
            select i, customer_id, fy, report_date, revenue, 0 as version from filed
            union all
            -- restatements: a later statement for the same fiscal year
            select i, customer_id, fy,
                   report_date + 20 + cast(floor(rnd2('restdays', i, fy) * 200) as integer),
                   revenue * (0.85 + 0.3 * rnd2('restrev', i, fy)), 1
            from filed
            where rnd2('restate', i, fy) < 0.04
              and report_date + 20 + cast(floor(rnd2('restdays', i, fy) * 200) as integer) <= as_of()
        )
        select
            customer_id,
            fy as fiscal_year,
            report_date,
            case
                when rnd2('zerorev', i, fy * 10 + version) < 0.004 then 0
                when rnd2('nullrev', i, fy * 10 + version) < 0.01 then null
                else round(revenue, 2)
            end as annual_revenue_cny,
            case when rnd2('nullasset', i, fy) < 0.02 then null
                 else round(revenue * (0.4 + 2.2 * rnd('assets', i)), 2) end as total_assets_cny,
            case when rnd2('nullemp', i, fy) < 0.02 then null
                 else cast(greatest(3, revenue / (4e5 + 1.6e6 * rnd('prod', i))) as integer) end
                as employee_count
        from statements
    """,
    )


def tags(run: Run) -> None:
    """ecif_customer_tags: internet, IoT and mobile-payment tags of some enterprises."""
    run.writer.create(
        "ecif_customer_tags",
        """
        with candidates as (
            select c.i, c.customer_id, c.relationship_start_date, t.tag, t.k
            from _gen.customers as c
            cross join (values ('internet', 0), ('iot', 1), ('mobile_payment', 2)) as t(tag, k)
            where c.customer_kind = 'enterprise'
              and rnd2('tag', c.i, t.k) < case when substr(c.industry_code, 1, 1) in ('I', 'C', 'F', 'L')
                                               then 0.06 else 0.015 end
        )
        select
            customer_id,
            tag,
            greatest(relationship_start_date, as_of() - cast(floor(rnd2('tagdate', i, k) * 1500) as integer))
                as tagged_date
        from candidates
    """,
    )
