{#- The credit facts of each customer (docs/segmentation_rules.md §2, §4, §5, §6, §9): its exposures' window
    aggregates (int_credit_loans__aggregated, the one read of the daily balances) added
    up, the worst five-category score on as_of_date, and the customer's rating PD. -#}

with loans as (

    select * from {{ ref('int_credit_loans__aggregated') }}

),

ratings as (

    select
        customer_id,
        pd
    from {{ ref('int_customer_ratings__latest') }}

),

aggregated as (

    select
        customer_id,
        sum(credit_balance_sum_cny) as credit_balance_sum_cny,
        sum(earlier_credit_balance_sum_cny) as earlier_credit_balance_sum_cny,
        sum(credit_balance_cny) as credit_balance_cny,
        max(case when has_credit_balance_on_as_of then 1 else 0 end) = 1 as has_credit_balance_on_as_of,
        max(case when has_negative_credit_balance then 1 else 0 end) = 1 as has_negative_credit_balance,
        sum(loan_ftp_spread_sum_cny) as loan_ftp_spread_sum_cny,
        sum(loan_interest_sum_cny) as loan_interest_sum_cny,
        sum(capital_base_sum_cny) as capital_base_sum_cny,
        sum(non_performing_loss_base_sum_cny) as non_performing_loss_base_sum_cny,
        sum(performing_loss_base_sum_cny) as performing_loss_base_sum_cny,
        min(worst_asset_quality_score) as worst_asset_quality_score,
        max(case when has_non_performing_on_as_of then 1 else 0 end) = 1 as has_non_performing_on_as_of,
        max(case when has_fx_rate_missing then 1 else 0 end) = 1 as has_fx_rate_missing
    from loans
    group by customer_id

),

final as (

    select
        aggregated.customer_id,
        aggregated.credit_balance_sum_cny,
        aggregated.earlier_credit_balance_sum_cny,
        aggregated.credit_balance_cny,
        aggregated.has_credit_balance_on_as_of,
        aggregated.has_negative_credit_balance,
        aggregated.loan_ftp_spread_sum_cny,
        aggregated.loan_interest_sum_cny,
        aggregated.capital_base_sum_cny,
        aggregated.non_performing_loss_base_sum_cny,
        aggregated.performing_loss_base_sum_cny,
        aggregated.worst_asset_quality_score,
        aggregated.has_non_performing_on_as_of,
        aggregated.has_fx_rate_missing,
        ratings.pd as rating_pd
    from aggregated
    left join ratings
        on aggregated.customer_id = ratings.customer_id

)

select * from final
