{#- Accepted rows of raw crm_prospect_assessments: the rows base_crm__prospect_assessments found clean whose
    parents are staged (stg_crm__prospects); the others are in dq_crm__rejected_rows. -#}

with base as (

    select * from {{ ref('base_crm__prospect_assessments') }}
    where reason_code is null

),

prospects as (

    select prospect_id from {{ ref('stg_crm__prospects') }}

),

final as (

    select
        base.prospect_id,
        base.assessed_date,
        base.market_influence_score,
        base.chain_influence_score,
        base.product_fit_score,
        base.marketing_feasibility_score,
        base.product_advantage_score,
        base.service_convenience_score
    from base
    inner join prospects
        on base.prospect_id = prospects.prospect_id

)

select * from final
