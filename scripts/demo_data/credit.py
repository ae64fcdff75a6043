"""The credit system's tables and the credit bureau's: loans on and off balance sheet
(some deteriorating through the five categories), their daily balances, internal
ratings, and the bureau's monthly summary of each borrower's credit at every bank. The
drawn loans are kept in `_gen.loans`."""

from __future__ import annotations

from .context import Run


def loans(run: Run) -> None:
    """credit_loans, drawn into `_gen.loans` first: one to four exposures per borrower, on and off
    balance sheet, some of which deteriorate from a drawn day."""
    run.writer.sql(f"""
        create or replace table _gen.loans as
        with counts as (
            select c.*, 1 + cast(floor(pow(rnd('nloan', i), 2) * 4) as integer) as n_loans
            from _gen.customers as c
            where is_borrower
        ),
        loans as (
            select
                c.*, k,
                'L' || substr(customer_id, 2) || lpad(cast(k + 1 as varchar), 2, '0') as loan_id,
                case
                    when rnd2('lprod', i, k) < 0.32 then 'working_capital'
                    when rnd2('lprod', i, k) < 0.42 then 'fixed_asset'
                    when rnd2('lprod', i, k) < 0.46 then 'project_finance'
                    when rnd2('lprod', i, k) < 0.56 then 'trade_finance'
                    when rnd2('lprod', i, k) < 0.64 then 'bill_discount'
                    when rnd2('lprod', i, k) < 0.66 and revenue_level > 1e9 then 'syndicated'
                    when rnd2('lprod', i, k) < 0.82 then 'bank_acceptance'
                    when rnd2('lprod', i, k) < 0.93 then 'guarantee'
                    else 'letter_of_credit'
                end as product_code
            from counts as c
            cross join range(0, 4) as r(k)
            where k < n_loans
        ),
        shaped as (
            select
                l.*,
                case when product_code in ('bank_acceptance', 'guarantee', 'letter_of_credit')
                     then 'off_balance' else 'on_balance' end as exposure_type,
                case when rnd2('lccy', i, k) < 0.93 then 'CNY' else 'USD' end as currency,
                case product_code
                    when 'working_capital' then 365 when 'trade_finance' then 180
                    when 'bill_discount' then 180 when 'bank_acceptance' then 180
                    when 'letter_of_credit' then 120 when 'guarantee' then 730
                    when 'fixed_asset' then 1825 when 'project_finance' then 3650
                    else 1460
                end as term_days
            from loans as l
        ),
        dated as (
            select
                s.*,
                greatest(relationship_start_date,
                         as_of() - cast(floor(rnd2('lstart', i, k) * ({run.args.days} + term_days)) as integer))
                    as start_date
            from shaped as s
        )
        select
            d.*,
            start_date + term_days as maturity_date,
            round(greatest(1e5, least(5e9,
                case when customer_kind = 'enterprise' then revenue_level * (0.03 + 0.25 * rnd2('lamt', i, k))
                     else 1e6 + 1e8 * rnd2('lamt', i, k) end))
                / case currency when 'CNY' then 1 else 7 end, -3) as contract_amount,
            -- some exposures go bad: the day they start to deteriorate
            case when rnd2('npl', i, k) < 0.07 and exposure_type = 'on_balance'
                 then start_date + cast(floor(rnd2('nplday', i, k) * term_days) as integer) end
                as deterioration_date
        from dated as d
    """)
    run.writer.create(
        "credit_loans",
        """
        select
            loan_id,
            customer_id,
            product_code,
            exposure_type,
            currency,
            contract_amount,
            case when exposure_type = 'off_balance' then 0
                 else round(0.028 + 0.027 * rnd2('lrate', i, k), 6) end as customer_rate,
            case when exposure_type = 'off_balance' then 0
                 else round(0.021 + 0.006 * rnd2('lftp', i, k), 6) end as ftp_rate,
            start_date,
            maturity_date
        from _gen.loans
    """,
    )


def loan_balances(run: Run) -> None:
    """credit_loan_balances: the daily outstanding balance and five-category class of each loan."""
    run.writer.create(
        "credit_loan_balances",
        f"""
        with days as (
            select start_day() + cast(d as integer) as day, d
            from range(0, {run.args.days}) as t(d)
        )
        select
            l.loan_id,
            days.day as balance_date,
            round(l.contract_amount * case
                when l.product_code in ('fixed_asset', 'project_finance', 'syndicated')
                    then 1 - 0.8 * (days.day - l.start_date) / l.term_days
                else 1 end, 2) as outstanding_balance,
            case
                when l.deterioration_date is null or days.day < l.deterioration_date then 'normal'
                when days.day < l.deterioration_date + 90 or rnd2('recover', l.i, l.k) < 0.35 then 'special_mention'
                when days.day < l.deterioration_date + 270 then 'substandard'
                when days.day < l.deterioration_date + 540 then 'doubtful'
                else 'loss'
            end as five_category
        from _gen.loans as l
        inner join days
            on days.day >= l.start_date
           and days.day < l.maturity_date
           and (l.closed_date is null or days.day < l.closed_date)
    """,
    )


def ratings(run: Run) -> None:
    """credit_ratings: half-yearly internal ratings, worse once a customer's loan has deteriorated."""
    grades = "['AAA', 'AA', 'A', 'BBB', 'BB', 'B', 'CCC', 'CC', 'C', 'D']"
    run.writer.create(
        "credit_ratings",
        f"""
        with rated as (
            select c.*
            from _gen.customers as c
            where (is_borrower and rnd('unrated', i) >= 0.05)
               or (not is_borrower and customer_kind = 'enterprise' and rnd('rated', i) < 0.2)
        ),
        dates as (
            select
                r.*, q,
                start_day() - 180 + cast(q * 182 + floor(rnd2('rdate', i, q) * 60) as integer) as rating_date
            from rated as r
            cross join range(0, {run.args.days // 182 + 2}) as t(q)
        ),
        worst as (
            select customer_id, min(deterioration_date) as deterioration_date
            from _gen.loans group by customer_id
        ),
        graded as (
            select
                d.*,
                cast(greatest(0, least(9,
                    round(7.5 - log10(greatest(revenue_level, 1e5)) * 0.75 + 3 * rnd('rscore', i)
                          + (rnd2('rnoise', i, q) - 0.5)
                          + case when w.deterioration_date <= d.rating_date then 3 else 0 end))) as integer)
                    as grade_index
            from dates as d
            left join worst as w on d.customer_id = w.customer_id
            where d.rating_date <= as_of() and d.rating_date >= d.relationship_start_date
        )
        select customer_id, rating_date, {grades}[grade_index + 1] as rating
        from graded
    """,
    )


def bureau(run: Run) -> None:
    """bureau_credit_summary: most borrowers' monthly credit balance at all banks, from their
    balances here on the first of the month and a drawn share elsewhere."""
    months = (run.as_of.year - run.start.year) * 12 + run.as_of.month - run.start.month + 1
    run.writer.create(
        "bureau_credit_summary",
        f"""
        with months as (
            select cast(date_trunc('month', start_day()) + to_months(cast(m as integer)) as date) as report_month, m
            from range(1, {months}) as t(m)
        ),
        own as (
            select l.customer_id, b.balance_date, sum(b.outstanding_balance * case l.currency when 'CNY' then 1 else 7.1 end) as own_cny
            from {run.writer.table("credit_loan_balances")} as b
            inner join _gen.loans as l on b.loan_id = l.loan_id
            where extract(day from b.balance_date) = 1
            group by all
        ),
        borrowers as (
            select * from _gen.customers where is_borrower and rnd('nobureau', i) >= 0.1
        )
        select
            c.customer_id,
            months.report_month,
            round(coalesce(own.own_cny, 0) * (1 + 2.5 * rnd('otherbanks', c.i))
                  + case when rnd('othersonly', c.i) < 0.2 then c.revenue_level * 0.05 else 0 end, 2)
                as total_credit_balance_cny
        from borrowers as c
        cross join months
        left join own on own.customer_id = c.customer_id and own.balance_date = months.report_month
        where rnd2('bmiss', c.i, months.m) >= 0.05
          and months.report_month >= c.relationship_start_date
    """,
    )
