{#- Everything the rules need from the credit balances, per exposure (docs/segmentation_rules.md §2, §4, §5, §6,
    §8, §9): CNY balances summed over W and the window before it, the balance on
    as_of_date, the sums the profit components divide (FTP spread and interest of
    on-balance loans; capital and credit-loss bases with the exposure's CCF), whether it
    had a balance on some day of W (product coverage), and its five-category score on
    as_of_date. Whole calendar months come from the monthly stage
    (int_loan_balances__monthly), the other days of the windows and as_of_date itself
    from the daily table, each day at its own FX rate. -#}
{%- set window = lookback_window() %}
{%- set current = window_parts(window.start, window.as_of) %}
{%- set earlier = window_parts(window.earlier_start, window.earlier_end) %}
{%- set as_of = date_literal(window.as_of) %}

with monthly as (

    select
        loan_id,
        balance_month,
        five_category,
        balance_cny_sum,
        has_positive_balance,
        has_negative_balance,
        has_fx_rate_missing
    from {{ ref('int_loan_balances__monthly') }}
    where {{ in_full_months('balance_month', current) }} or {{ in_full_months('balance_month', earlier) }}

),

daily as (

    select
        loan_id,
        balance_date,
        outstanding_balance,
        five_category
    from {{ ref('stg_credit__loan_balances') }}
    where
        {{ in_partial_days('balance_date', current) }}
        or {{ in_partial_days('balance_date', earlier) }}
        or balance_date = {{ as_of }}

),

exposures as (

    select
        loan_id,
        customer_id,
        product_category,
        exposure_type,
        currency,
        customer_rate,
        ftp_rate,
        ccf,
        risk_weight,
        lgd
    from {{ ref('int_credit_exposures__enriched') }}

),

five_categories as (

    select
        five_category,
        asset_quality_score,
        is_non_performing
    from {{ ref('five_category_scores') }}

),

fx_rates as (

    select
        currency,
        valid_from,
        valid_until,
        cny_per_unit
    from {{ ref('int_fx_rates__validity') }}

),

daily_converted as (

    select
        daily.loan_id,
        daily.five_category,
        daily.outstanding_balance,
        daily.balance_date = {{ as_of }} as is_as_of,
        {{ in_partial_days('daily.balance_date', current) }} as is_in_window,
        {{ in_partial_days('daily.balance_date', current) }}
        or {{ in_partial_days('daily.balance_date', earlier) }} as is_partial_day,
        {{ to_cny('daily.outstanding_balance', 'exposures.currency', 'fx_rates.cny_per_unit') }} as balance_cny,
        {{ is_fx_rate_missing('exposures.currency', 'fx_rates.cny_per_unit') }} as is_fx_rate_missing
    from daily
    inner join exposures
        on daily.loan_id = exposures.loan_id
    left join fx_rates
        on {{ fx_rate_applies('fx_rates', 'exposures.currency', 'daily.balance_date') }}

),

daily_parts as (

    select
        loan_id,
        five_category,
        is_in_window,
        sum(balance_cny) as balance_cny_sum,
        max(case when outstanding_balance > 0 then 1 else 0 end) = 1 as has_positive_balance,
        max(case when outstanding_balance < 0 then 1 else 0 end) = 1 as has_negative_balance,
        max(case when is_fx_rate_missing then 1 else 0 end) = 1 as has_fx_rate_missing
    from daily_converted
    where is_partial_day
    group by loan_id, five_category, is_in_window

),

monthly_parts as (

    select
        loan_id,
        five_category,
        {{ in_full_months('balance_month', current) }} as is_in_window,
        sum(balance_cny_sum) as balance_cny_sum,
        max(case when has_positive_balance then 1 else 0 end) = 1 as has_positive_balance,
        max(case when has_negative_balance then 1 else 0 end) = 1 as has_negative_balance,
        max(case when has_fx_rate_missing then 1 else 0 end) = 1 as has_fx_rate_missing
    from monthly
    group by loan_id, five_category, {{ in_full_months('balance_month', current) }}

),

parts as (

    select * from daily_parts
    union all
    select * from monthly_parts

),

window_sums as (

    select
        parts.loan_id,
        sum(case when parts.is_in_window then parts.balance_cny_sum else 0 end) as credit_balance_sum_cny,
        sum(case when not parts.is_in_window then parts.balance_cny_sum else 0 end)
            as earlier_credit_balance_sum_cny,
        sum(
            case
                when parts.is_in_window and five_categories.is_non_performing then parts.balance_cny_sum else 0
            end
        ) as non_performing_balance_sum_cny,
        max(case when parts.is_in_window and parts.has_negative_balance then 1 else 0 end) = 1
            as has_negative_credit_balance,
        max(case when parts.is_in_window and parts.has_positive_balance then 1 else 0 end) = 1
            as has_balance_in_window,
        max(case when parts.has_fx_rate_missing then 1 else 0 end) = 1
            as has_fx_rate_missing
    from parts
    inner join five_categories
        on parts.five_category = five_categories.five_category
    group by parts.loan_id

),

as_of_day as (

    select
        daily_converted.loan_id,
        sum(daily_converted.balance_cny) as credit_balance_cny,
        max(case when daily_converted.outstanding_balance > 0 then 1 else 0 end) = 1 as has_credit_balance_on_as_of,
        min(case when daily_converted.outstanding_balance > 0 then five_categories.asset_quality_score end)
            as worst_asset_quality_score,
        max(
            case when daily_converted.outstanding_balance > 0 and five_categories.is_non_performing then 1 else 0 end
        ) = 1 as has_non_performing_on_as_of
    from daily_converted
    inner join five_categories
        on daily_converted.five_category = five_categories.five_category
    where daily_converted.is_as_of
    group by daily_converted.loan_id

),

final as (

    select
        exposures.loan_id,
        exposures.customer_id,
        exposures.product_category,
        window_sums.credit_balance_sum_cny,
        window_sums.earlier_credit_balance_sum_cny,
        window_sums.has_negative_credit_balance,
        window_sums.has_balance_in_window,
        cast(window_sums.credit_balance_sum_cny * exposures.ccf * exposures.risk_weight as decimal(38, 16))
            as capital_base_sum_cny,
        cast(window_sums.non_performing_balance_sum_cny * exposures.ccf * exposures.lgd as decimal(38, 16))
            as non_performing_loss_base_sum_cny,
        cast(
            (window_sums.credit_balance_sum_cny - window_sums.non_performing_balance_sum_cny)
            * exposures.ccf * exposures.lgd as decimal(38, 16)
        ) as performing_loss_base_sum_cny,
        as_of_day.worst_asset_quality_score,
        window_sums.has_fx_rate_missing,
        coalesce(as_of_day.credit_balance_cny, 0) as credit_balance_cny,
        coalesce(as_of_day.has_credit_balance_on_as_of, false) as has_credit_balance_on_as_of,
        case
            when exposures.exposure_type = 'on_balance'
                then cast(
                    window_sums.credit_balance_sum_cny * (exposures.customer_rate - exposures.ftp_rate)
                    as decimal(38, 16)
                )
            else 0
        end as loan_ftp_spread_sum_cny,
        case
            when exposures.exposure_type = 'on_balance'
                then cast(window_sums.credit_balance_sum_cny * exposures.customer_rate as decimal(38, 16))
            else 0
        end as loan_interest_sum_cny,
        coalesce(as_of_day.has_non_performing_on_as_of, false) as has_non_performing_on_as_of
    from window_sums
    inner join exposures
        on window_sums.loan_id = exposures.loan_id
    left join as_of_day
        on window_sums.loan_id = as_of_day.loan_id

)

select * from final
