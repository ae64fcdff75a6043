{#- Who belongs to which group (集团) on as_of_date (docs/segmentation_rules.md §14): every in-scope
    customer (int_customers__classified) and every target prospect (int_prospects__tiered)
    whose group_id is not null, with the customer's credit exposure (null for a prospect,
    which has no balances with the bank). Group membership is the current master's
    (docs/segmentation_rules.md §13.18). -#}

with customers as (

    select
        as_of_date,
        customer_id,
        group_id
    from {{ ref('int_customers__classified') }}
    where group_id is not null

),

prospects as (

    select
        as_of_date,
        prospect_id,
        group_id
    from {{ ref('int_prospects__tiered') }}
    where group_id is not null

),

exposures as (

    select
        customer_id,
        credit_exposure_cny
    from {{ ref('int_customer_exposures__weighted') }}

),

customer_members as (

    select
        customers.as_of_date,
        customers.group_id,
        'customer' as member_type,
        customers.customer_id as member_id,
        exposures.credit_exposure_cny
    from customers
    inner join exposures
        on customers.customer_id = exposures.customer_id

),

prospect_members as (

    select
        as_of_date,
        group_id,
        'prospect' as member_type,
        prospect_id as member_id,
        cast(null as decimal(20, 2)) as credit_exposure_cny
    from prospects

),

final as (

    select * from customer_members
    union all
    select * from prospect_members

)

select * from final
