{#- The 0-100 score of every bank-value indicator (银行对存量客户价值, docs/segmentation_rules.md §6, §13.8,
    §13.9) and their weighted mean, the bank value score: the weights of the indicators a
    customer has no value for are left out and the others rescaled; with none at all the
    score is 0. Volume and growth are percent ranks among the in-scope customers of the
    as_of_date (nulls take no part and stay null). -#}

with indicators as (

    select * from {{ ref('int_customer_indicators__valued') }}

),

parameters as (

    select
        customer_id,
        tenure_full_score_years
    from {{ ref('int_customer_parameters__resolved') }}

),

weights as (

    select
        bank_value__market_share,
        bank_value__satisfaction,
        bank_value__product_coverage,
        bank_value__account_profile,
        bank_value__tenure,
        bank_value__volume,
        bank_value__activity,
        bank_value__growth,
        bank_value__executive_vip,
        bank_value__asset_quality,
        bank_value__agreements
    from {{ ref('int_weights__pivoted') }}

),

ranked as (

    select
        indicators.*,
        parameters.tenure_full_score_years,
        -- the growth rate is a quotient: ranked at 10 decimals so that engines agree on ties
        {{ round_number('indicators.growth_value', 10) }} as growth_rank_key
    from indicators
    inner join parameters
        on indicators.customer_id = parameters.customer_id

),

scored as (

    select
        ranked.*,
        {{ clamp('market_share_value * 100', 0, 100) }} as market_share_score,
        {{ clamp('satisfaction_value', 0, 100) }} as satisfaction_score,
        ranked.product_coverage_value * 100 as product_coverage_score,
        {{ capped('account_profile_value') }} as account_profile_score,
        {{ capped('tenure_value / tenure_full_score_years', 1) }} * 100 as tenure_score,
        {{ null_excluding_percent_rank('volume_rank_key', ['as_of_date']) }} * 100 as volume_score,
        ranked.activity_value * 100 as activity_score,
        {{ null_excluding_percent_rank('growth_rank_key', ['as_of_date']) }} * 100 as growth_score,
        ranked.executive_vip_value * 100 as executive_vip_score,
        ranked.asset_quality_value as asset_quality_score,
        {{ capped('agreements_value') }} as agreements_score
    from ranked

),

final as (

    select
        scored.as_of_date,
        scored.customer_id,
        scored.relationship_start_date,
        scored.deposit_adb_cny,
        scored.credit_balance_cny,
        scored.credit_adb_cny,
        scored.deposit_balance_sum_cny,
        scored.open_account_count,
        scored.transaction_count,
        scored.transaction_amount_cny,
        scored.last_transaction_date,
        scored.active_month_count,
        scored.has_credit_balance_on_as_of,
        scored.has_non_performing_on_as_of,
        scored.has_negative_credit_balance,
        scored.has_fx_rate_missing,
        scored.market_share_value,
        scored.market_share_score,
        scored.satisfaction_value,
        scored.satisfaction_score,
        scored.product_coverage_value,
        scored.product_coverage_score,
        scored.account_profile_value,
        scored.account_profile_score,
        scored.tenure_value,
        scored.tenure_score,
        scored.volume_value,
        scored.volume_score,
        scored.activity_value,
        scored.activity_score,
        scored.growth_value,
        scored.growth_score,
        scored.executive_vip_value,
        scored.executive_vip_score,
        scored.asset_quality_value,
        scored.asset_quality_score,
        scored.agreements_value,
        scored.agreements_score,
        -- 6 decimals absorb floating-point noise, so that ranks and engines agree (docs/segmentation_rules.md §13.9)
        {{ round_number(weighted_score([
            ['market_share_score', 'weights.bank_value__market_share'],
            ['satisfaction_score', 'weights.bank_value__satisfaction'],
            ['product_coverage_score', 'weights.bank_value__product_coverage'],
            ['account_profile_score', 'weights.bank_value__account_profile'],
            ['tenure_score', 'weights.bank_value__tenure'],
            ['volume_score', 'weights.bank_value__volume'],
            ['activity_score', 'weights.bank_value__activity'],
            ['growth_score', 'weights.bank_value__growth'],
            ['executive_vip_score', 'weights.bank_value__executive_vip'],
            ['asset_quality_score', 'weights.bank_value__asset_quality'],
            ['agreements_score', 'weights.bank_value__agreements']
        ]), 6) }} as bank_value_score
    from scored
    cross join weights

)

select * from final
