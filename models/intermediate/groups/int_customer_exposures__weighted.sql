{#- The credit exposure of every in-scope customer on as_of_date (docs/segmentation_rules.md §14.1): the
    CNY balance of each of its exposures on as_of_date (int_credit_loans__aggregated) times
    the exposure's credit conversion factor (int_credit_exposures__enriched: 1 on-balance,
    the product catalog's for off-balance, §13.7), summed and rounded to cents; 0 for a
    customer without credit. A table: the group members and the bank's total (the
    denominator of a group's concentration) both read it. -#}
{{ config(materialized='table') }}

with customers as (

    select
        as_of_date,
        customer_id
    from {{ ref('int_customers__in_scope') }}

),

loans as (

    select
        loan_id,
        customer_id,
        credit_balance_cny
    from {{ ref('int_credit_loans__aggregated') }}

),

exposures as (

    select
        loan_id,
        ccf
    from {{ ref('int_credit_exposures__enriched') }}

),

weighted as (

    select
        loans.customer_id,
        -- decimal(28, 10) x decimal(9, 6) fits decimal(38, 16): exact on every engine (Spark
        -- would cut a wider product's scale to 6 before the rounding to cents)
        sum(cast(loans.credit_balance_cny as decimal(28, 10)) * cast(exposures.ccf as decimal(9, 6)))
            as credit_exposure_cny
    from loans
    inner join exposures
        on loans.loan_id = exposures.loan_id
    group by loans.customer_id

),

final as (

    select
        customers.as_of_date,
        customers.customer_id,
        {{ round_money('coalesce(weighted.credit_exposure_cny, 0)') }} as credit_exposure_cny
    from customers
    left join weighted
        on customers.customer_id = weighted.customer_id

)

select * from final
