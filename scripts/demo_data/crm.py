"""The CRM's tables: prospects (some already customers, found by their USCC) and their
assessments, customers' satisfaction surveys (a few scores outside 0-100), agreements
signed with customers, and the optional tables of relationship managers' assignments and
visits."""

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


# Relationship managers' surnames and visit summaries (the optional CRM tables).
MANAGER_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
VISIT_SUMMARIES = [
    "了解经营情况",
    "年度回访",
    "授信需求沟通",
    "推介现金管理产品",
    "商讨代发工资合作",
    "跟进结算账户开立",
    "走访生产现场",
]
# Contact interval in days by size (revenue level), visits and calls alike: the biggest
# customers every two weeks, the smallest about quarterly.
VISIT_INTERVALS = ((1e9, 14), (1e8, 30), (1e7, 60), (0, 90))


def manager_columns(number: str, branch: str) -> str:
    """SQL of manager_id, manager_name and branch_id of manager `number` (an integer
    expression) of branch `branch` (a _gen.branch_index alias)."""
    n = len(MANAGER_SURNAMES)
    return f"""
            'M' || lpad(cast({number} as varchar), 6, '0') as manager_id,
            substr('{MANAGER_SURNAMES}', 1 + cast(hash({number}, 'rmsur') % {n} as integer), 1)
            || substr('{NAME_CHARS}', 1 + cast(hash({number}, 'rmn1') % {len(NAME_CHARS)} as integer), 1)
            || case when hash({number}, 'rmlen') % 3 = 0 then ''
                    else substr('{NAME_CHARS}', 1 + cast(hash({number}, 'rmn2') % {len(NAME_CHARS)} as integer), 1)
               end as manager_name,
            {branch}.branch_id"""


def customer_managers(run: Run) -> None:
    """crm_customer_managers (optional table): each branch has a team of managers
    (`_gen.rm_assignments` keeps who served whom when, for the visits). Most customers have
    one primary manager at a time, reassigned now and then (the old row closed by valid_to,
    a new one opened), big ones often a secondary too; some small ones have none. Open and
    converted prospects mostly have a manager of their branch."""
    n_branches = run.writer.con.execute("select count(*) from _gen.branch_index").fetchone()[0]
    # Managers per branch: about one per 25 customers, at least 2 (a reassignment needs another).
    per_branch = max(2, -(-run.args.customers // (25 * n_branches)))
    window = (run.as_of - run.start).days + 1

    def boundary(k: str) -> str:
        """First day of primary period `k` (k >= 1): the periods share the relationship's
        span, with some jitter; for a third of the open customers with several periods the
        last change falls within the generated days (a recent reassignment)."""
        regular = (
            f"relationship_start_date + cast(floor(span * ({k} + 0.5 * rnd2('rmcut', i, {k}) - 0.25) / periods) "
            "as integer)"
        )
        recent = f"as_of() - cast(floor(rnd('rmrecentday', i) * {window} * 0.9) as integer)"
        return (
            f"case when {k} = periods - 1 and closed_date is null and rnd('rmrecent', i) < 0.33 "
            f"then greatest({regular}, {recent}) else {regular} end"
        )

    # Manager number of slot `k` of branch index `b`: 1 + b + n_branches * k.
    run.writer.sql(f"""
        create or replace table _gen.rm_assignments as
        with served as (
            select
                i, customer_id, branch_idx, relationship_start_date, closed_date, revenue_level,
                -- periods: 1 to 3 primary managers one after the other
                -- (a relationship younger than 90 days keeps its first manager)
                case when rnd('rmre', i) < 0.6 or coalesce(closed_date, as_of()) - relationship_start_date < 90 then 1
                     when rnd('rmre', i) < 0.88 then 2 else 3 end as periods,
                cast(hash(i, 'rmslot') % {per_branch} as integer) as slot,
                coalesce(closed_date, as_of()) - relationship_start_date as span
            from _gen.customers
            where rnd('rmhas', i) < case when revenue_level > 1e8 then 0.99 else 0.82 end
        ),
        periods as (
            select
                served.*,
                unnest(range(0, periods)) as k
            from served
        ),
        bounded as (
            select
                *,
                case when k = 0 then relationship_start_date else {boundary("k")} end as valid_from,
                case when k = periods - 1 then closed_date else {boundary("k + 1")} - 1 end as valid_to
            from periods
        )
        select
            i, customer_id, k, 'primary' as manager_role, valid_from, valid_to, branch_idx,
            1 + branch_idx + {n_branches} * ((slot + k) % {per_branch}) as manager_no
        from bounded
        union all
        -- a secondary manager for some, in the last period (always another slot)
        select
            i, customer_id, 90 as k, 'secondary' as manager_role,
            valid_from + cast(floor(rnd('rmsecfrom', i) * greatest(0, coalesce(valid_to, as_of()) - valid_from))
                as integer) as valid_from,
            valid_to, branch_idx,
            1 + branch_idx + {n_branches} * ((slot + k + 1) % {per_branch}) as manager_no
        from bounded
        where k = periods - 1
          and rnd('rmsec', i) < case when revenue_level > 1e9 then 0.6 when revenue_level > 1e8 then 0.25 else 0.05 end
    """)
    run.writer.sql(f"""
        create or replace table _gen.rm_prospects as
        select
            p, prospect_id, created_date,
            cast(hash(p, 'pbranch') % {n_branches} as integer) as branch_idx,
            1 + cast(hash(p, 'pbranch') % {n_branches} as integer)
                + {n_branches} * cast(hash(p, 'prmslot') % {per_branch} as integer) as manager_no
        from _gen.prospects
        where rnd('prm', p) < 0.7
    """)
    run.writer.create(
        "crm_customer_managers",
        f"""
        select
            'A' || substr(a.customer_id, 2) || '-' || lpad(cast(a.k as varchar), 2, '0') as assignment_id,
            a.customer_id,
            null as prospect_id,
            {manager_columns("a.manager_no", "b")},
            a.manager_role,
            a.valid_from,
            a.valid_to
        from _gen.rm_assignments as a
        inner join _gen.branch_index as b on b.idx = a.branch_idx
        union all
        select
            'A' || pr.prospect_id || '-00' as assignment_id,
            null as customer_id,
            pr.prospect_id,
            {manager_columns("pr.manager_no", "b")},
            'primary' as manager_role,
            pr.created_date as valid_from,
            null as valid_to
        from _gen.rm_prospects as pr
        inner join _gen.branch_index as b on b.idx = pr.branch_idx
        """,
    )


def visits(run: Run) -> None:
    """crm_visits (optional table): visits on a cadence by size (the biggest customers
    monthly, the smallest twice a year, with gaps), each by the customer's primary manager
    of the day (so visits before a reassignment are by a manager no longer assigned), a few
    by another manager of the branch; open prospects with a manager are visited every six
    weeks or so. Customers without a manager get no visits."""
    interval = "case " + " ".join(f"when c.revenue_level > {lo} then {days}" for lo, days in VISIT_INTERVALS) + " end"
    n_branches = run.writer.con.execute("select count(*) from _gen.branch_index").fetchone()[0]
    per_branch = max(2, -(-run.args.customers // (25 * n_branches)))
    window = (run.as_of - run.start).days + 1
    summaries = "[" + ", ".join(f"'{s}'" for s in VISIT_SUMMARIES) + "]"
    channel = """case when rnd2('vch', key_no, k) < 0.55 then 'on_site'
                     when rnd2('vch', key_no, k) < 0.80 then 'phone'
                     when rnd2('vch', key_no, k) < 0.90 then 'video'
                     when rnd2('vch', key_no, k) < 0.95 then 'event'
                     else 'other' end"""
    summary = f"""case when rnd2('vsum', key_no, k) < 0.3 then null
                     else {summaries}[1 + cast(hash(key_no, k, 'vsumk') % {len(VISIT_SUMMARIES)} as integer)] end"""
    run.writer.sql(f"""
        create or replace table _gen.rm_visits as
        with cadence as (
            select
                c.i, c.customer_id, c.relationship_start_date, c.closed_date,
                {interval} * (0.8 + 0.6 * rnd('vint', c.i)) as every,
                -- some customers are neglected lately: their visits stop a while before as_of
                case when rnd('vgap', c.i) < 0.15 then floor(rnd('vgapd', c.i) * 200) else 0 end as gap
            from _gen.customers as c
            where c.i in (select i from _gen.rm_assignments)
        ),
        drawn as (
            select *, unnest(range(0, cast(ceil(({window} - gap) / every) as integer))) as k
            from cadence
            where gap < {window}
        )
        select
            i, customer_id, k,
            as_of() - cast(floor(gap + every * (k + rnd2('vday', i, k))) as integer) as visit_date
        from drawn
    """)
    run.writer.create(
        "crm_visits",
        f"""
        with dated as (
            select v.*
            from _gen.rm_visits as v
            inner join _gen.customers as c on c.i = v.i
            where v.visit_date >= start_day()
              and v.visit_date >= c.relationship_start_date
              and (c.closed_date is null or v.visit_date < c.closed_date)
        ),
        by_manager as (
            select
                d.i as key_no, d.customer_id, d.k, d.visit_date,
                case when rnd2('vother', d.i, d.k) < 0.05
                     then 1 + a.branch_idx + {n_branches} * cast(hash(d.i, d.k, 'vslot') % {per_branch} as integer)
                     else a.manager_no end as manager_no
            from dated as d
            inner join _gen.rm_assignments as a
                on a.i = d.i and a.manager_role = 'primary'
                and d.visit_date >= a.valid_from and d.visit_date <= coalesce(a.valid_to, as_of())
        ),
        prospect_visits as (
            select p as key_no, prospect_id, k,
                   as_of() - cast(floor(45 * (k + rnd2('pvday', p, k))) as integer) as visit_date,
                   manager_no
            from (
                select *, unnest(range(0, cast(ceil({window} / 45.0) as integer))) as k
                from _gen.rm_prospects
            )
            where rnd2('pvisit', p, k) < 0.6
        )
        select
            'V' || substr(customer_id, 2) || lpad(cast(k as varchar), 3, '0') as visit_id,
            customer_id,
            null as prospect_id,
            'M' || lpad(cast(manager_no as varchar), 6, '0') as manager_id,
            visit_date,
            {channel} as channel,
            {summary} as summary
        from by_manager
        union all
        select
            'V' || prospect_id || lpad(cast(k as varchar), 3, '0') as visit_id,
            null as customer_id,
            prospect_id,
            'M' || lpad(cast(manager_no as varchar), 6, '0') as manager_id,
            visit_date,
            {channel} as channel,
            {summary} as summary
        from prospect_visits
        inner join _gen.prospects using (prospect_id)
        where visit_date >= greatest(start_day(), created_date)
          and rnd('pstatus', p) < 0.65  -- open prospects only (crm_prospects' status draw)
        """,
    )
