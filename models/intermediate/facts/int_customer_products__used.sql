{#- Product coverage (产品覆盖度, docs/segmentation_rules.md §6, §13.8) of every in-scope customer: the distinct
    catalog categories it used in W (int_customer_categories__used) over the catalog's
    distinct categories. 0, never null, when nothing was used. -#}

with customers as (

    select customer_id from {{ ref('int_customers__in_scope') }}

),

catalog as (

    select product_category
    from {{ ref('product_catalog') }}

),

used_categories as (

    select
        customer_id,
        product_category
    from {{ ref('int_customer_categories__used') }}

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
