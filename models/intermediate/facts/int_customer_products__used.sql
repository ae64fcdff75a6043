{#- Product coverage (产品覆盖度, docs/segmentation_rules.md §6, §13.8) of every in-scope customer: the distinct
    catalog categories it used in W over the catalog's distinct categories. A category is
    used when a deposit account of it was open on some day of W, an exposure of it had a
    balance > 0 on some day of W, or a fee of it (either sign) is dated in W. 0, never
    null, when nothing was used. -#}
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

used_counts as (

    select
        customer_id,
        count(*) as used_category_count
    from used_categories
    group by customer_id

),

catalog_size as (

    select count(distinct product_category) as catalog_category_count
    from catalog

),

final as (

    select
        customers.customer_id,
        catalog_size.catalog_category_count,
        coalesce(used_counts.used_category_count, 0) as used_category_count,
        cast(coalesce(used_counts.used_category_count, 0) as {{ type_double() }})
        / catalog_size.catalog_category_count as product_coverage_value
    from customers
    cross join catalog_size
    left join used_counts
        on customers.customer_id = used_counts.customer_id

)

select * from final
