{#- Everything the rules need from the daily credit balances, per credit exposure, in
    the one read of the big table (RULES 2, 4, 5, 6, 8, 9): CNY balances summed over W
    and the window before it, the balance on as_of_date, the sums the profit components
    divide (FTP spread and interest of on-balance loans; capital and credit-loss bases
    with the exposure's CCF), whether it had a balance on some day of W (product
    coverage), and its five-category score on as_of_date. Each day converts at its own
    FX rate. Everything downstream reads this, never the daily table. -#}
{%- set window = lookback_window() %}

with balances as (

    select
        loan_id,
        balance_date,
        outstanding_balance,
        five_category
    from {{ ref('stg_credit__loan_balances') }}
    where
        balance_date >= {{ date_literal(window.earlier_start) }}
        and balance_date <= {{ date_literal(window.as_of) }}

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

converted as (

    select
        balances.loan_id,
        balances.balance_date,
        balances.balance_date >= {{ date_literal(window.start) }} as is_in_window,
        balances.balance_date = {{ date_literal(window.as_of) }} as is_as_of,
        balances.outstanding_balance,
        exposures.exposure_type,
        exposures.customer_rate,
        exposures.ftp_rate,
        exposures.ccf,
        exposures.risk_weight,
        exposures.lgd,
        five_categories.asset_quality_score,
        five_categories.is_non_performing,
        {{ to_cny('balances.outstanding_balance', 'exposures.currency', 'fx_rates.cny_per_unit') }} as balance_cny,
        {{ is_fx_rate_missing('exposures.currency', 'fx_rates.cny_per_unit') }} as is_fx_rate_missing
    from balances
    inner join exposures
        on balances.loan_id = exposures.loan_id
    inner join five_categories
        on balances.five_category = five_categories.five_category
    left join fx_rates
        on {{ fx_rate_applies('fx_rates', 'exposures.currency', 'balances.balance_date') }}

),

aggregated as (

    select
        loan_id,
        sum(case when is_in_window then balance_cny else 0 end) as credit_balance_sum_cny,
        sum(case when not is_in_window then balance_cny else 0 end) as earlier_credit_balance_sum_cny,
        sum(case when is_as_of then balance_cny else 0 end) as credit_balance_cny,
        max(case when is_as_of and outstanding_balance > 0 then 1 else 0 end) = 1 as has_credit_balance_on_as_of,
        max(case when is_in_window and outstanding_balance < 0 then 1 else 0 end) = 1
            as has_negative_credit_balance,
        sum(
            case
                when is_in_window and exposure_type = 'on_balance'
                    then cast(balance_cny * (customer_rate - ftp_rate) as decimal(38, 16))
                else 0
            end
        ) as loan_ftp_spread_sum_cny,
        sum(
            case
                when is_in_window and exposure_type = 'on_balance'
                    then cast(balance_cny * customer_rate as decimal(38, 16))
                else 0
            end
        ) as loan_interest_sum_cny,
        sum(
            case when is_in_window then cast(balance_cny * ccf * risk_weight as decimal(38, 16)) else 0 end
        ) as capital_base_sum_cny,
        sum(
            case
                when is_in_window and is_non_performing then cast(balance_cny * ccf * lgd as decimal(38, 16))
                else 0
            end
        ) as non_performing_loss_base_sum_cny,
        sum(
            case
                when is_in_window and not is_non_performing then cast(balance_cny * ccf * lgd as decimal(38, 16))
                else 0
            end
        ) as performing_loss_base_sum_cny,
        min(case when is_as_of and outstanding_balance > 0 then asset_quality_score end)
            as worst_asset_quality_score,
        max(case when is_as_of and outstanding_balance > 0 and is_non_performing then 1 else 0 end) = 1
            as has_non_performing_on_as_of,
        max(case when is_in_window and outstanding_balance > 0 then 1 else 0 end) = 1 as has_balance_in_window,
        max(case when is_in_window and is_fx_rate_missing then 1 else 0 end) = 1 as has_fx_rate_missing
    from converted
    group by loan_id

),

final as (

    select
        exposures.loan_id,
        exposures.customer_id,
        exposures.product_category,
        aggregated.credit_balance_sum_cny,
        aggregated.earlier_credit_balance_sum_cny,
        aggregated.credit_balance_cny,
        aggregated.has_credit_balance_on_as_of,
        aggregated.has_negative_credit_balance,
        aggregated.has_balance_in_window,
        aggregated.loan_ftp_spread_sum_cny,
        aggregated.loan_interest_sum_cny,
        aggregated.capital_base_sum_cny,
        aggregated.non_performing_loss_base_sum_cny,
        aggregated.performing_loss_base_sum_cny,
        aggregated.worst_asset_quality_score,
        aggregated.has_non_performing_on_as_of,
        aggregated.has_fx_rate_missing
    from aggregated
    inner join exposures
        on aggregated.loan_id = exposures.loan_id

)

select * from final
