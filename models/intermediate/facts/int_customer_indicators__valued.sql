{#- Every in-scope customer's facts (docs/segmentation_rules.md §4) and the raw value of each bank-value
    indicator (docs/segmentation_rules.md §6, §13.8) before scoring: market share, survey score, used-category
    ratio, profile points (uncapped), tenure years, volume in CNY, activity ratio, growth
    rate, VIP flag (1/0), worst five-category score, agreement points (uncapped). Also the
    exact rank keys of volume and growth, the flags and what lifecycle and risk need. -#}
{%- set days = var('lookback_days') | int %}

with customers as (

    select
        as_of_date,
        customer_id,
        relationship_start_date,
        executive_is_bank_vip
    from {{ ref('int_customers__in_scope') }}

),

deposits as (

    select
        customer_id,
        deposit_balance_sum_cny,
        earlier_deposit_balance_sum_cny,
        has_fx_rate_missing
    from {{ ref('int_customer_deposits__aggregated') }}

),

credit as (

    select
        customer_id,
        credit_balance_sum_cny,
        earlier_credit_balance_sum_cny,
        credit_balance_cny,
        has_credit_balance_on_as_of,
        has_negative_credit_balance,
        worst_asset_quality_score,
        has_non_performing_on_as_of,
        has_fx_rate_missing
    from {{ ref('int_customer_credit__aggregated') }}

),

accounts as (

    select
        customer_id,
        open_account_count,
        active_account_count,
        account_profile_points,
        transaction_count,
        transaction_amount_cny,
        last_transaction_date,
        active_month_count,
        has_fx_rate_missing
    from {{ ref('int_customer_accounts__aggregated') }}

),

products as (

    select
        customer_id,
        product_coverage_value
    from {{ ref('int_customer_products__used') }}

),

relationships as (

    select
        customer_id,
        latest_survey_score,
        agreement_points,
        bureau_total_credit_balance_cny
    from {{ ref('int_customer_relationships__aggregated') }}

),

facts as (

    select
        customers.as_of_date,
        customers.customer_id,
        customers.relationship_start_date,
        customers.executive_is_bank_vip,
        credit.worst_asset_quality_score,
        accounts.last_transaction_date,
        products.product_coverage_value,
        relationships.latest_survey_score,
        relationships.bureau_total_credit_balance_cny,
        coalesce(deposits.deposit_balance_sum_cny, 0) as deposit_balance_sum_cny,
        coalesce(deposits.earlier_deposit_balance_sum_cny, 0) as earlier_deposit_balance_sum_cny,
        coalesce(credit.credit_balance_sum_cny, 0) as credit_balance_sum_cny,
        coalesce(credit.earlier_credit_balance_sum_cny, 0) as earlier_credit_balance_sum_cny,
        coalesce(credit.credit_balance_cny, 0) as credit_balance_cny,
        coalesce(credit.has_credit_balance_on_as_of, false) as has_credit_balance_on_as_of,
        coalesce(credit.has_negative_credit_balance, false) as has_negative_credit_balance,
        coalesce(credit.has_non_performing_on_as_of, false) as has_non_performing_on_as_of,
        coalesce(accounts.open_account_count, 0) as open_account_count,
        coalesce(accounts.active_account_count, 0) as active_account_count,
        coalesce(accounts.account_profile_points, 0) as account_profile_points,
        coalesce(accounts.transaction_count, 0) as transaction_count,
        coalesce(accounts.transaction_amount_cny, 0) as transaction_amount_cny,
        coalesce(accounts.active_month_count, 0) as active_month_count,
        coalesce(relationships.agreement_points, 0) as agreement_points,
        coalesce(deposits.has_fx_rate_missing, false)
        or coalesce(credit.has_fx_rate_missing, false)
        or coalesce(accounts.has_fx_rate_missing, false) as has_fx_rate_missing
    from customers
    inner join products
        on customers.customer_id = products.customer_id
    left join deposits
        on customers.customer_id = deposits.customer_id
    left join credit
        on customers.customer_id = credit.customer_id
    left join accounts
        on customers.customer_id = accounts.customer_id
    left join relationships
        on customers.customer_id = relationships.customer_id

),

final as (

    select
        as_of_date,
        customer_id,
        relationship_start_date,
        {{ average_daily('deposit_balance_sum_cny', days) }} as deposit_adb_cny,
        credit_balance_cny,
        {{ average_daily('credit_balance_sum_cny', days) }} as credit_adb_cny,
        deposit_balance_sum_cny,
        open_account_count,
        transaction_count,
        transaction_amount_cny,
        last_transaction_date,
        active_month_count,
        has_credit_balance_on_as_of,
        has_non_performing_on_as_of,
        has_negative_credit_balance,
        has_fx_rate_missing,
        case
            when bureau_total_credit_balance_cny > 0
                then cast(credit_balance_cny as {{ type_double() }}) / bureau_total_credit_balance_cny
        end as market_share_value,
        latest_survey_score as satisfaction_value,
        product_coverage_value,
        account_profile_points as account_profile_value,
        cast({{ dbt.datediff('relationship_start_date', 'as_of_date', 'day') }} as {{ type_double() }}) / 365.25 -- noqa: LT05
            as tenure_value,
        -- narrowed before the sum, so that Spark keeps all 10 decimals of it
        cast(
            {{ average_daily('deposit_balance_sum_cny + credit_balance_sum_cny', days) }}
            + cast(transaction_amount_cny as decimal(28, 10))
            as decimal(38, 10)
        ) as volume_value,
        -- volume x days, exact: what volume is ranked on
        deposit_balance_sum_cny + credit_balance_sum_cny + transaction_amount_cny * {{ days }} as volume_rank_key,
        case
            when open_account_count > 0
                then cast(active_account_count as {{ type_double() }}) / open_account_count
        end as activity_value,
        -- both windows have the same number of days, so the ratio of the sums is that of the averages
        case
            when earlier_deposit_balance_sum_cny + earlier_credit_balance_sum_cny <> 0
                then
                    cast(
                        deposit_balance_sum_cny + credit_balance_sum_cny
                        - earlier_deposit_balance_sum_cny - earlier_credit_balance_sum_cny
                        as {{ type_double() }}
                    )
                    / (earlier_deposit_balance_sum_cny + earlier_credit_balance_sum_cny)
        end as growth_value,
        case when executive_is_bank_vip then 1 else 0 end as executive_vip_value,
        worst_asset_quality_score as asset_quality_value,
        agreement_points as agreements_value
    from facts

)

select * from final
