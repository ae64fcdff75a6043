"""The CRM's tables: prospects (some already customers, found by their USCC) and their
assessments, customers' satisfaction surveys (a few scores outside 0-100), and
agreements signed with customers."""

from __future__ import annotations

from .context import Run
from .vocabulary import NAME_CHARS, SECTION_WORDS, USCC_PREFIX


def prospects(run: Run) -> None:
    """crm_prospects (drawn into `_gen.prospects` first) and crm_prospect_assessments."""
    n = max(20, run.args.customers // 8)
    n_branches = run.writer.con.execute("select count(*) from _gen.branch_index").fetchone()[0]
    n_groups = run.writer.con.execute("select count(*) from _gen.group_index").fetchone()[0]
    prefix_cases = " ".join(f"when '{k}' then '{v}'" for k, v in USCC_PREFIX.items())
    section_words = " ".join(f"when '{k}' then '{v}'" for k, v in SECTION_WORDS.items())
    run.writer.sql(f"""
        create or replace table _gen.prospects as
        select
            p,
            'P' || lpad(cast(p as varchar), 7, '0') as prospect_id,
            case when rnd('pkind', p) < 0.9 then 'enterprise'
                 when rnd('pkind', p) < 0.95 then 'public_institution'
                 else 'financial_institution' end as customer_kind,
            d.section || d.division || cast(1 + hash(p, 'pg3') % 9 as varchar) as industry_code,
            least(6e10, 1.5e6 / pow(greatest(rnd('prev', p), 1e-6), 1.4)) as revenue_level,
            as_of() - cast(floor(rnd('pcreated', p) * 900) as integer) as created_date
        from range(1, {n + 1}) as t(p)
        inner join _gen.divisions as d on rnd('pind', p) >= d.lo and rnd('pind', p) < d.hi
    """)
    n_customers = run.args.customers
    run.writer.create(
        "crm_prospects",
        f"""
        select
            pr.prospect_id,
            substr('{NAME_CHARS}', 1 + cast(hash(p, 'pn1') % {len(NAME_CHARS)} as integer), 1)
            || substr('{NAME_CHARS}', 1 + cast(hash(p, 'pn2') % {len(NAME_CHARS)} as integer), 1)
            || case substr(pr.industry_code, 1, 1) {section_words} end || '有限公司 P' || cast(p as varchar)
                as prospect_name,
            case
                -- a prospect the bank already serves (found by USCC)
                when rnd('dupcust', p) < 0.04 then
                    (select c.uscc from {run.writer.table("ecif_customers")} as c
                     where c.customer_id = 'C' || lpad(cast(1 + hash(p, 'which') % {n_customers} as varchar), 8, '0'))
                when rnd('pusccbad', p) < 0.01 then substr(uscc_code('91', prospect_id), 1, 17) || 'I'
                else uscc_code(case customer_kind {prefix_cases} end, prospect_id)
            end as uscc,
            customer_kind,
            industry_code,
            b.branch_id,
            case when rnd('pgrp', p) < 0.04
                 then (select g.group_id from _gen.group_index as g where g.idx = hash(p, 'pgid') % {n_groups})
            end as group_id,
            case when rnd('pfin', p) < 0.15 then null else round(revenue_level, 2) end as annual_revenue_cny,
            case when rnd('pfin', p) < 0.18 then null
                 else round(revenue_level * (0.5 + 2 * rnd('passets', p)), 2) end as total_assets_cny,
            case when rnd('pfin', p) < 0.20 then null
                 else cast(greatest(5, revenue_level / (3e5 + 1.5e6 * rnd('pprod', p))) as integer) end
                as employee_count,
            case when rnd('pgrowth', p) < 0.1 then null
                 else round(-0.45 + 1.4 * pow(rnd('pgr', p), 1.3), 4) end as revenue_growth_rate,
            created_date,
            case when rnd('pstatus', p) < 0.65 then 'open'
                 when rnd('pstatus', p) < 0.80 then 'converted'
                 else 'dropped' end as status
        from _gen.prospects as pr
        inner join _gen.branch_index as b on b.idx = hash(p, 'pbranch') % {n_branches}
    """,
    )
    run.writer.create(
        "crm_prospect_assessments",
        """
        select
            pr.prospect_id,
            least(as_of(), pr.created_date + cast(10 + k * 120 + floor(rnd2('adate', p, k) * 60) as integer))
                as assessed_date,
            round(20 + 80 * rnd2('mi', p, k), 2) as market_influence_score,
            round(10 + 90 * rnd2('ci', p, k), 2) as chain_influence_score,
            round(30 + 70 * rnd2('pf', p, k), 2) as product_fit_score,
            round(20 + 80 * rnd2('mf', p, k), 2) as marketing_feasibility_score,
            round(30 + 70 * rnd2('pa', p, k), 2) as product_advantage_score,
            round(40 + 60 * rnd2('sc', p, k), 2) as service_convenience_score
        from _gen.prospects as pr
        cross join range(0, 3) as t(k)
        where k < cast(floor(rnd('nassess', p) * 4) as integer)
          and pr.created_date + cast(10 + k * 120 as integer) <= as_of()
    """,
    )


def surveys(run: Run) -> None:
    """crm_satisfaction_surveys: yearly surveys of some customers, a few scores outside 0-100."""
    years = run.args.days // 365 + 1
    run.writer.create(
        "crm_satisfaction_surveys",
        f"""
        with candidate as (
            select c.*, y,
                   as_of() - cast(floor((y + rnd2('sday', i, y)) * 365) as integer) as survey_date
            from _gen.customers as c
            cross join range(0, {years}) as t(y)
            where rnd2('survey', i, y) < 0.3
        ),
        kept as (
            select *, row_number() over (order by i, y) as seq
            from candidate
            where survey_date >= relationship_start_date
              and survey_date >= start_day()
              and (closed_date is null or survey_date < closed_date)
        )
        select
            'S' || substr(customer_id, 2) || lpad(cast(y as varchar), 2, '0') as survey_id,
            customer_id,
            survey_date,
            -- a few scores outside 0-100 (kept, clamped and flagged), at least one each way
            case
                when seq = 1 or rnd2('sout', i, y) < 0.004 then 100 + round(0.01 + 10 * rnd2('sover', i, y), 2)
                when seq = 2 or rnd2('sout', i, y) < 0.006 then -round(5 * rnd2('sunder', i, y), 2) - 0.01
                else round(45 + 55 * pow(rnd2('sscore', i, y), 0.6), 2)
            end as score
        from kept
    """,
    )


def agreements(run: Run) -> None:
    """crm_agreements: strategic cooperation, cash management, payroll, bank-enterprise direct
    and other agreements."""
    run.writer.create(
        "crm_agreements",
        """
        with candidate as (
            select c.*, k
            from _gen.customers as c
            cross join range(0, 3) as t(k)
            where rnd('agr', i) < 0.45 and k < 1 + cast(floor(rnd('nagr', i) * 3) as integer)
        ),
        typed as (
            select
                *,
                case
                    when revenue_level > 1e9 and k = 0 then 'strategic_cooperation'
                    when rnd2('atype', i, k) < 0.3 then 'cash_management'
                    when rnd2('atype', i, k) < 0.55 then 'payroll'
                    when rnd2('atype', i, k) < 0.85 then 'bank_enterprise_direct'
                    else 'other'
                end as agreement_type,
                relationship_start_date
                    + cast(floor(rnd2('asign', i, k) * (as_of() - relationship_start_date + 1)) as integer)
                    as sign_date
            from candidate
        )
        select
            'G' || substr(customer_id, 2) || lpad(cast(k + 1 as varchar), 2, '0') as agreement_id,
            customer_id,
            agreement_type,
            sign_date,
            case when rnd2('aopen', i, k) < 0.4 then null
                 else sign_date + 365 * (1 + cast(floor(rnd2('aterm', i, k) * 5) as integer)) end as expiry_date
        from typed
    """,
    )
