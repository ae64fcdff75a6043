{#- Every staged customer's latest internal rating on or before as_of_date (docs/segmentation_rules.md §5, §9,
    §13.11), with its PD and risk grade from the rating scale. A customer without one
    takes the scale's `unrated` row: its PD for credit cost, risk grade not_rated. -#}
{%- set window = lookback_window() %}

with customers as (

    select customer_id
    from {{ ref('stg_ecif__customers') }}

),

ratings as (

    select
        customer_id,
        rating_date,
        rating
    from {{ ref('stg_credit__ratings') }}
    where rating_date <= {{ date_literal(window.as_of) }}

),

rating_scale as (

    select
        rating,
        pd,
        risk_grade
    from {{ ref('rating_scale') }}

),

latest as (

    select
        customer_id,
        rating_date,
        rating,
        row_number() over (partition by customer_id order by rating_date desc) as recency
    from ratings

),

final as (

    select
        customers.customer_id,
        latest.rating_date,
        latest.rating,
        coalesce(rated.pd, unrated.pd) as pd,
        coalesce(rated.risk_grade, unrated.risk_grade) as risk_grade
    from customers
    cross join rating_scale as unrated
    left join latest
        on customers.customer_id = latest.customer_id and latest.recency = 1
    left join rating_scale as rated
        on latest.rating = rated.rating
    where unrated.rating = 'unrated'

)

select * from final
