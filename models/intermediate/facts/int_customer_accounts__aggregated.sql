{#- What the rules need from the deposit accounts and their transactions (by month,
    int_account_transactions__windowed),
    per customer. An account is open on day d when open_date <= d and (close_date is null
    or d < close_date) (docs/segmentation_rules.md §13.1). Operating cost (docs/segmentation_rules.md §5): the account-days open in W
    weighted by each nature's annual cost, and the transactions' channel costs. Indicators
    (docs/segmentation_rules.md §6, §13.8): the transactions in W (count and CNY amount, both directions), the
    profile points of the distinct natures open on as_of_date, and the accounts open on
    as_of_date with a transaction in the customer's last activity_window_days. Lifecycle
    (docs/segmentation_rules.md §9, §13.10): the last transaction on or before as_of_date and the calendar months
    with a transaction among the customer's last loyal_lookback_months. -#}
{%- set window = lookback_window() %}
{%- set day_after = shift_day(window.as_of, 1) %}
{%- set as_of = date_literal(window.as_of) %}

with accounts as (

    select
        account_id,
        customer_id,
        account_nature,
        open_date,
        close_date
    from {{ ref('stg_core__deposit_accounts') }}

),

natures as (

    select
        account_nature,
        profile_points,
        annual_cost_cny
    from {{ ref('account_natures') }}

),

monthly_transactions as (

    select
        account_id,
        txn_month,
        transaction_count,
        transaction_amount_cny,
        transaction_cost_cny,
        has_fx_rate_missing,
        month_transaction_count,
        last_transaction_date
    from {{ ref('int_account_transactions__windowed') }}

),

parameters as (

    select
        customer_id,
        activity_window_days,
        loyal_lookback_months
    from {{ ref('int_customer_parameters__resolved') }}

),

account_transactions as (

    select
        account_id,
        max(last_transaction_date) as last_transaction_date
    from monthly_transactions
    group by account_id

),

account_days as (

    select
        accounts.customer_id,
        accounts.account_id,
        accounts.account_nature,
        natures.profile_points,
        natures.annual_cost_cny,
        account_transactions.last_transaction_date,
        accounts.open_date <= {{ as_of }}
        and (accounts.close_date is null or accounts.close_date > {{ as_of }}) as is_open_on_as_of,
        -- days of W from max(open_date, W start) up to min(close_date, as_of + 1), exclusive
        greatest(
            0,
            {{ dbt.datediff(
                "greatest(accounts.open_date, " ~ date_literal(window.start) ~ ")",
                "least(coalesce(accounts.close_date, " ~ date_literal(day_after) ~ "), " ~ date_literal(day_after) ~ ")",
                "day") }}
        ) as days_open_in_window
    from accounts
    inner join natures
        on accounts.account_nature = natures.account_nature
    left join account_transactions
        on accounts.account_id = account_transactions.account_id

),

account_totals as (

    select
        account_days.customer_id,
        count(*) as account_count,
        sum(case when account_days.is_open_on_as_of then 1 else 0 end) as open_account_count,
        sum(
            case
                when
                    account_days.is_open_on_as_of
                    and {{ dbt.datediff('account_days.last_transaction_date', as_of, 'day') }}
                    < parameters.activity_window_days
                    then 1
                else 0
            end
        ) as active_account_count,
        sum(account_days.days_open_in_window) as account_days_in_window,
        sum(account_days.days_open_in_window * account_days.annual_cost_cny) as account_cost_base_cny
    from account_days
    inner join parameters
        on account_days.customer_id = parameters.customer_id
    group by account_days.customer_id

),

open_natures as (

    select distinct
        customer_id,
        account_nature,
        profile_points
    from account_days
    where is_open_on_as_of

),

profile_points as (

    select
        customer_id,
        sum(profile_points) as account_profile_points
    from open_natures
    group by customer_id

),

transaction_totals as (

    select
        accounts.customer_id,
        sum(monthly_transactions.transaction_count) as transaction_count,
        sum(monthly_transactions.transaction_amount_cny) as transaction_amount_cny,
        sum(monthly_transactions.transaction_cost_cny) as transaction_cost_cny,
        max(monthly_transactions.last_transaction_date) as last_transaction_date,
        max(case when monthly_transactions.has_fx_rate_missing then 1 else 0 end) = 1 as has_fx_rate_missing
    from monthly_transactions
    inner join accounts
        on monthly_transactions.account_id = accounts.account_id
    group by accounts.customer_id

),

active_months as (

    select
        accounts.customer_id,
        count(distinct monthly_transactions.txn_month) as active_month_count
    from monthly_transactions
    inner join accounts
        on monthly_transactions.account_id = accounts.account_id
    inner join parameters
        on accounts.customer_id = parameters.customer_id
    where
        monthly_transactions.month_transaction_count > 0
        and {{ dbt.datediff('monthly_transactions.txn_month', as_of, 'month') }} -- noqa: LT05
        < parameters.loyal_lookback_months
    group by accounts.customer_id

),

final as (

    select
        account_totals.customer_id,
        account_totals.account_count,
        account_totals.open_account_count,
        account_totals.active_account_count,
        account_totals.account_days_in_window,
        account_totals.account_cost_base_cny,
        transaction_totals.last_transaction_date,
        coalesce(profile_points.account_profile_points, 0) as account_profile_points,
        coalesce(active_months.active_month_count, 0) as active_month_count,
        coalesce(transaction_totals.transaction_count, 0) as transaction_count,
        coalesce(transaction_totals.transaction_amount_cny, 0) as transaction_amount_cny,
        coalesce(transaction_totals.transaction_cost_cny, 0) as transaction_cost_cny,
        coalesce(transaction_totals.has_fx_rate_missing, false) as has_fx_rate_missing
    from account_totals
    left join profile_points
        on account_totals.customer_id = profile_points.customer_id
    left join transaction_totals
        on account_totals.customer_id = transaction_totals.customer_id
    left join active_months
        on account_totals.customer_id = active_months.customer_id

)

select * from final
