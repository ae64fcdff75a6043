{#- The product categories (product_catalog) every in-scope customer used in W (docs/segmentation_rules.md §6,
    §13.8), one row each: a category is used when a deposit account of it was open on
    some day of W, an exposure of it had a balance > 0 on some day of W, or a fee of it
    (either sign) is dated in W. Product coverage counts these rows; the cross-sell
    action lists the categories a segment calls for that are missing here (§15). -#}
{%- set window = lookback_window() %}

with customers as (

    select customer_id from {{ ref('int_customers__in_scope') }}

),

catalog as (

    select
        product_code,
        product_category
    from {{ ref('product_catalog') }}

),

accounts as (

    select
        customer_id,
        product_code,
        open_date,
        close_date
    from {{ ref('stg_core__deposit_accounts') }}

),

loans as (

    select
        customer_id,
        product_category,
        has_balance_in_window
    from {{ ref('int_credit_loans__aggregated') }}

),

fees as (

    select
        customer_id,
        product_code,
        fee_date
    from {{ ref('stg_core__fee_income') }}

),

deposit_categories as (

    select distinct
        accounts.customer_id,
        catalog.product_category
    from accounts
    inner join catalog
        on accounts.product_code = catalog.product_code
    where
        accounts.open_date <= {{ date_literal(window.as_of) }}
        and (accounts.close_date is null or accounts.close_date > {{ date_literal(window.start) }})
        and (accounts.close_date is null or accounts.close_date > accounts.open_date)

),

credit_categories as (

    select distinct
        customer_id,
        product_category
    from loans
    where has_balance_in_window

),

fee_categories as (

    select distinct
        fees.customer_id,
        catalog.product_category
    from fees
    inner join catalog
        on fees.product_code = catalog.product_code
    where
        fees.fee_date >= {{ date_literal(window.start) }}
        and fees.fee_date <= {{ date_literal(window.as_of) }}

),

used_categories as (

    select
        customer_id,
        product_category
    from deposit_categories
    union
    select
        customer_id,
        product_category
    from credit_categories
    union
    select
        customer_id,
        product_category
    from fee_categories

),

final as (

    select
        used_categories.customer_id,
        used_categories.product_category
    from used_categories
    inner join customers
        on used_categories.customer_id = customers.customer_id

)

select * from final
