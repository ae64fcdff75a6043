{#- What a target customer is worth (docs/segmentation_rules.md §7): industry-space, growth and influence
    scores and their weighted potential value (目标客户潜在价值贡献度), and the bank's value
    to the target (银行对目标客户价值) from the relationship managers' latest assessment on
    or before as_of_date. Every staged prospect created on or before as_of_date; which of
    them are targets is the segmentation's business. -#}
{%- set window = lookback_window() %}

with prospects as (

    select
        prospect_id,
        industry_code,
        revenue_growth_rate
    from {{ ref('stg_crm__prospects') }}
    where created_date <= {{ date_literal(window.as_of) }}

),

assessments as (

    select
        prospect_id,
        assessed_date,
        market_influence_score,
        chain_influence_score,
        product_fit_score,
        marketing_feasibility_score,
        product_advantage_score,
        service_convenience_score,
        row_number() over (partition by prospect_id order by assessed_date desc) as recency
    from {{ ref('stg_crm__prospect_assessments') }}
    where assessed_date <= {{ date_literal(window.as_of) }}

),

industry_space as (

    select
        industry_division,
        score
    from {{ ref('industry_space_scores') }}

),

parameters as (

    select
        prospect_id,
        growth_rate_lower_bound,
        growth_rate_upper_bound,
        industry_space_default_score
    from {{ ref('int_prospect_parameters__resolved') }}

),

weights as (

    select
        target_bank_value__product_fit,
        target_bank_value__marketing_feasibility,
        target_bank_value__product_advantage,
        target_bank_value__service_convenience,
        potential_value__industry_space,
        potential_value__growth,
        potential_value__influence
    from {{ ref('int_weights__pivoted') }}

),

scored as (

    select
        prospects.prospect_id,
        assessments.assessed_date,
        coalesce(industry_space.score, parameters.industry_space_default_score) as industry_space_score,
        {{ growth_score('prospects.revenue_growth_rate', 'parameters.growth_rate_lower_bound',
                        'parameters.growth_rate_upper_bound') }} as growth_score,
        -- no assessment on or before as_of_date: influence 0 (docs/segmentation_rules.md §13.22)
        coalesce((assessments.market_influence_score + assessments.chain_influence_score) / 2, 0)
            as influence_score,
        assessments.product_fit_score,
        assessments.marketing_feasibility_score,
        assessments.product_advantage_score,
        assessments.service_convenience_score,
        {{ weighted_score([
            ['assessments.product_fit_score', 'weights.target_bank_value__product_fit'],
            ['assessments.marketing_feasibility_score', 'weights.target_bank_value__marketing_feasibility'],
            ['assessments.product_advantage_score', 'weights.target_bank_value__product_advantage'],
            ['assessments.service_convenience_score', 'weights.target_bank_value__service_convenience'],
        ]) }} as target_bank_value_score,
        weights.potential_value__industry_space,
        weights.potential_value__growth,
        weights.potential_value__influence
    from prospects
    inner join parameters
        on prospects.prospect_id = parameters.prospect_id
    cross join weights
    left join assessments
        on prospects.prospect_id = assessments.prospect_id and assessments.recency = 1
    left join industry_space
        on substring(prospects.industry_code, 2, 2) = industry_space.industry_division

),

final as (

    select
        prospect_id,
        assessed_date,
        industry_space_score,
        growth_score,
        influence_score,
        product_fit_score,
        marketing_feasibility_score,
        product_advantage_score,
        service_convenience_score,
        target_bank_value_score,
        {{ weighted_score([
            ['industry_space_score', 'potential_value__industry_space'],
            ['growth_score', 'potential_value__growth'],
            ['influence_score', 'potential_value__influence'],
        ]) }} as potential_value_score
    from scored

)

select * from final
