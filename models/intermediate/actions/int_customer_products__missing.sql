{#- The cross-sell gaps (docs/segmentation_rules.md §15): for every in-scope customer, each
    product category its segment calls for (segment_actions.csv, action_code cross_sell)
    that it did not use in W (int_customer_categories__used, the same use as product
    coverage), with the number of categories the segment calls for and the number of them
    the customer uses. -#}

with customers as (

    select
        as_of_date,
        customer_id,
        segment_code
    from {{ ref('int_customers__serviced') }}

),

called_for as (

    select
        segment_code,
        product_category
    from {{ ref('segment_actions') }}
    where action_code = 'cross_sell'

),

used_categories as (

    select
        customer_id,
        product_category
    from {{ ref('int_customer_categories__used') }}

),

wanted as (

    select
        customers.as_of_date,
        customers.customer_id,
        customers.segment_code,
        called_for.product_category,
        used_categories.customer_id is not null as is_used
    from customers
    inner join called_for
        on customers.segment_code = called_for.segment_code
    left join used_categories
        on
            customers.customer_id = used_categories.customer_id
            and called_for.product_category = used_categories.product_category

),

counted as (

    select
        wanted.*,
        count(*) over (partition by wanted.customer_id) as called_for_category_count,
        sum(case when wanted.is_used then 1 else 0 end)
            over (partition by wanted.customer_id)
            as used_called_for_category_count
    from wanted

),

final as (

    select
        as_of_date,
        customer_id,
        segment_code,
        product_category,
        called_for_category_count,
        used_called_for_category_count
    from counted
    where not is_used

)

select * from final
