{#- Accepted rows of raw crm_satisfaction_surveys: the rows base_crm__satisfaction_surveys found clean whose
    parents are staged (stg_ecif__customers); the others are in dq_crm__rejected_rows. -#}

with base as (

    select * from {{ ref('base_crm__satisfaction_surveys') }}
    where reason_code is null

),

customers as (

    select customer_id from {{ ref('stg_ecif__customers') }}

),

final as (

    select
        base.survey_id,
        base.customer_id,
        base.survey_date,
        base.score,
        base.dq_flags
    from base
    inner join customers
        on base.customer_id = customers.customer_id

)

select * from final
