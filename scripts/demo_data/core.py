"""The core banking system's tables: deposit accounts (several per customer, several
currencies, closed ones) and their daily balances with loader gaps, transactions, fee
income with reversals, and FX rates missing at weekends and holidays. The drawn accounts
are kept in `_gen.accounts`."""

from __future__ import annotations

from .context import Run


def deposit_accounts(run: Run) -> None:
    """core_deposit_accounts, drawn into `_gen.accounts` first: up to six accounts per customer (none for
    some borrowers), the first one basic, of several natures, products and currencies, some closed."""
    run.writer.sql("""
        create or replace table _gen.accounts as
        with counts as (
            select
                c.*,
                case
                    when is_borrower and rnd('noacct', i) < 0.12 then 0
                    when rnd('nacct', i) < 0.5 then 1
                    when rnd('nacct', i) < 0.78 then 2
                    when rnd('nacct', i) < 0.92 then 3
                    else 4 + cast(floor(rnd('nacct2', i) * 3) as integer)
                end as n_accounts
            from _gen.customers as c
        ),
        accounts as (
            select
                c.*,
                k,
                c.customer_id || '-' || cast(k + 1 as varchar) as account_key
            from counts as c
            cross join range(0, 7) as r(k)
            where k < n_accounts
        ),
        shaped as (
            select
                a.*,
                'A' || substr(customer_id, 2) || lpad(cast(k + 1 as varchar), 2, '0') as account_id,
                case
                    when k = 0 then 'basic'
                    when rnd2('nature', i, k) < 0.6 then 'general'
                    when rnd2('nature', i, k) < 0.85 then 'special'
                    else 'temporary'
                end as account_nature,
                case
                    when k = 0 then 'demand_deposit'
                    when rnd2('prod', i, k) < 0.4 then 'demand_deposit'
                    when rnd2('prod', i, k) < 0.75 then 'time_deposit'
                    when rnd2('prod', i, k) < 0.85 then 'notice_deposit'
                    else 'agreement_deposit'
                end as product_code,
                case
                    when k = 0 then 'CNY'
                    when rnd2('ccy', i, k) < 0.80 then 'CNY'
                    when rnd2('ccy', i, k) < 0.91 then 'USD'
                    when rnd2('ccy', i, k) < 0.95 then 'EUR'
                    when rnd2('ccy', i, k) < 0.99 then 'HKD'
                    else 'GBP'
                end as currency,
                case when k = 0 then relationship_start_date
                     else relationship_start_date
                          + cast(floor(rnd2('open', i, k) * (as_of() - relationship_start_date)) as integer)
                end as open_date
            from accounts as a
        )
        select
            s.*,
            case
                when closed_date is not null then greatest(open_date, closed_date)
                when account_nature = 'temporary' and rnd2('tclose', i, k) < 0.5
                    then open_date + 1 + cast(floor(rnd2('tcd', i, k) * (as_of() - open_date)) as integer)
                when rnd2('close', i, k) < 0.04
                    then open_date + 1 + cast(floor(rnd2('cd', i, k) * (as_of() - open_date)) as integer)
            end as close_date,
            -- the account's typical balance in its own currency
            greatest(2000, case when customer_kind = 'enterprise' then revenue_level * 0.03
                                else 2e5 / pow(greatest(rnd('instbal', i), 1e-4), 0.9) end
                           * case when k = 0 then 0.6 else 0.3 * rnd2('share', i, k) end
                           / case currency when 'CNY' then 1 when 'HKD' then 0.9 else 7 end)
                as balance_level,
            hash(account_id) as account_hash,
            -- transactions per day
            case when k = 0 then 0.1 + 0.7 * pow(rnd2('txp', i, k), 2)
                 else 0.01 + 0.3 * pow(rnd2('txp', i, k), 2) end as txn_probability
        from shaped as s
    """)
    run.writer.create(
        "core_deposit_accounts",
        """
        select
            account_id,
            customer_id,
            account_nature,
            product_code,
            currency,
            case
                when currency <> 'CNY' then 0.001
                when product_code = 'demand_deposit' then 0.0005
                when product_code = 'time_deposit' then 0.0095 + 0.008 * rnd2('trate', i, k)
                when product_code = 'notice_deposit' then 0.0045
                else 0.0100
            end as customer_rate,
            case
                when currency <> 'CNY' then 0.0120
                when product_code = 'demand_deposit' then 0.0180
                when product_code = 'time_deposit' then 0.0230
                when product_code = 'notice_deposit' then 0.0190
                else 0.0205
            end as ftp_rate,
            open_date,
            close_date
        from _gen.accounts
    """,
    )


def deposit_balances(run: Run) -> None:
    """core_deposit_balances: a daily balance of every open account, with missing days."""
    run.writer.create(
        "core_deposit_balances",
        f"""
        with days as (
            select start_day() + cast(d as integer) as day, d
            from range(0, {run.args.days}) as t(d)
        )
        select
            a.account_id,
            days.day as balance_date,
            round(case
                when a.is_dormant and days.day > as_of() - 200 then 50 + 1000 * rnd2('dorm', a.i, a.k)
                else a.balance_level
                     * greatest(0, 0.8 + 0.25 * sin((days.d + 97 * rnd2('phase', a.i, a.k)) / 14.5)
                                   + 0.5 * (rnd2('bal', a.account_hash, days.d) - 0.5))
            end, 2) as balance
        from _gen.accounts as a
        inner join days
            on days.day >= a.open_date
           and (a.close_date is null or days.day < a.close_date)
        -- a few days never reach the warehouse (loader gaps): they count as zero
        where rnd2('gap', a.account_hash, days.d) >= 0.001
    """,
    )


def transactions(run: Run) -> None:
    """core_transactions: zero to two transactions per account per day, over five channels."""
    run.writer.create(
        "core_transactions",
        f"""
        with days as (
            select start_day() + cast(d as integer) as day, d
            from range(0, {run.args.days}) as t(d)
        ),
        candidate as (
            select
                a.account_id, a.account_hash, a.balance_level, a.txn_probability,
                days.day, days.d,
                rnd2('tx', a.account_hash, days.d) as u
            from _gen.accounts as a
            inner join days
                on days.day >= a.open_date
               and (a.close_date is null or days.day < a.close_date)
            where not (a.is_dormant and days.day > as_of() - 200)
        ),
        txns as (
            -- a busy day has a second transaction
            select *, unnest(case when u < txn_probability / 4 then [1, 2] else [1] end) as seq
            from candidate
            where u < txn_probability
        ),
        drawn as (
            select
                *,
                d * 10 + seq as draw,
                rnd2('chan', account_hash, d * 10 + seq) as u_channel
            from txns
        )
        select
            'T' || substr(account_id, 2) || '-' || cast(draw as varchar) as txn_id,
            account_id,
            day as txn_date,
            round(greatest(10, least(balance_level * 3,
                balance_level * 0.04 / pow(greatest(rnd2('amt', account_hash, draw), 1e-4), 0.6))), 2)
                as amount,
            case when rnd2('dir', account_hash, draw) < 0.5 then 'credit' else 'debit' end as direction,
            case
                when u_channel < 0.12 then 'counter'
                when u_channel < 0.47 then 'online'
                when u_channel < 0.67 then 'mobile'
                when u_channel < 0.92 then 'bank_enterprise_direct'
                else 'api'
            end as channel
        from drawn
    """,
    )


def fee_income(run: Run) -> None:
    """core_fee_income: fees in some months, more often for larger customers, a few reversed."""
    months = (run.as_of.year - run.start.year) * 12 + run.as_of.month - run.start.month + 1
    run.writer.create(
        "core_fee_income",
        f"""
        with months as (
            select m, date_trunc('month', start_day()) + to_months(cast(m as integer)) as month_start
            from range(0, {months}) as t(m)
        ),
        candidate as (
            select c.*, months.m, cast(months.month_start as date) as month_start
            from _gen.customers as c
            cross join months
            where rnd2('fee', c.i, months.m)
                  < case when c.revenue_level > 1e8 then 0.6 when c.revenue_level > 1e7 then 0.3 else 0.12 end
              and cast(months.month_start as date) >= c.relationship_start_date
              and (c.closed_date is null or cast(months.month_start as date) < c.closed_date)
        ),
        fees as (
            select
                *,
                least(as_of(), month_start + cast(floor(rnd2('fday', i, m) * 28) as integer)) as fee_date,
                case
                    when rnd2('fprod', i, m) < 0.40 then 'settlement'
                    when rnd2('fprod', i, m) < 0.55 then 'cash_management'
                    when rnd2('fprod', i, m) < 0.72 then 'fx'
                    when rnd2('fprod', i, m) < 0.84 then 'custody'
                    when rnd2('fprod', i, m) < 0.95 then 'advisory'
                    else 'bond_underwriting'
                end as product_code,
                round(greatest(50, least(5e6, revenue_level * 2e-5 / pow(greatest(rnd2('famt', i, m), 1e-3), 0.5))), 2)
                    as gross_amount
            from candidate
        )
        select
            'F' || substr(customer_id, 2) || lpad(cast(m as varchar), 3, '0') as fee_id,
            customer_id,
            fee_date,
            product_code,
            case when rnd2('reversal', i, m) < 0.03 then -round(gross_amount * (0.1 + 0.9 * rnd2('rev', i, m)), 2)
                 else gross_amount end as amount_cny
        from fees
    """,
    )


def fx_rates(run: Run) -> None:
    """core_fx_rates: daily fixings of five currencies, none at weekends and holidays, one
    currency starting late."""
    days = run.args.days + 20
    late = max(1, run.args.days // 20)
    run.writer.create(
        "core_fx_rates",
        f"""
        with days as (
            select start_day() - 20 + cast(d as integer) as day, d
            from range(0, {days}) as t(d)
        ),
        currencies as (
            select * from (values ('USD', 7.10, 0), ('EUR', 7.75, 0), ('HKD', 0.91, 0),
                                  ('JPY', 0.048, 0), ('GBP', 9.05, {20 + late}))
                as t(currency, base_rate, first_day)
        )
        select
            currency,
            day as rate_date,
            round(base_rate * (1 + 0.03 * sin(d / 61.0 + base_rate) + 0.006 * (rnd2('fx', hash(currency), d) - 0.5)), 8)
                as cny_per_unit
        from currencies
        cross join days
        where isodow(day) <= 5                       -- no fixing at weekends
          and rnd2('holiday', 0, d) >= 0.03          -- nor on public holidays
          and d >= first_day                         -- a currency whose series starts late
    """,
    )
