{#- 客户群细分 and 差别化服务 of every target prospect (docs/segmentation_rules.md §7, §8, §10, §13.9, §13.12):
    within as_of_date x market_class x tier_code (across regions) the percent rank of
    the potential value (x) and of the bank's value to the target (y), both at 6
    decimals; each dimension is high when it reaches the prospect's own cutoff (its
    branch's resolved row for the target population and its tier); the matrix seed maps
    the bands to the segment and the strategies seed to the service. Strategic-tier
    prospects are diamond with a dedicated team. Lifecycle stage: prospect. -#}

with prospects as (

    select * from {{ ref('int_prospects__tiered') }}

),

valued as (

    select
        prospect_id,
        potential_value_score,
        industry_space_score,
        growth_score,
        influence_score,
        target_bank_value_score
    from {{ ref('int_prospects__valued') }}

),

cutoffs as (

    select
        branch_id,
        region_code,
        tier_code,
        dimension,
        cutoff_method,
        cutoff_value
    from {{ ref('int_branch_segment_cutoffs__resolved') }}
    where population = 'target'

),

matrix as (

    select
        x_band,
        y_band,
        segment_code
    from {{ ref('segment_matrix') }}
    where population = 'target'

),

strategies as (

    select
        segment_code,
        service_level,
        dedicated_team,
        visit_frequency_days
    from {{ ref('segment_strategies') }}

),

parameters as (

    select
        prospect_id,
        diamond_visit_frequency_days
    from {{ ref('int_prospect_parameters__resolved') }}

),

ranked as (

    select
        prospects.*,
        valued.industry_space_score,
        valued.growth_score,
        valued.influence_score,
        {{ round_number('valued.potential_value_score', 6) }} as potential_value_score,
        {{ round_number('valued.target_bank_value_score', 6) }} as target_bank_value_score,
        percent_rank() over (
            partition by prospects.as_of_date, prospects.market_class, prospects.tier_code
            order by {{ round_number('valued.potential_value_score', 6) }}
        ) as potential_percent_rank,
        percent_rank() over (
            partition by prospects.as_of_date, prospects.market_class, prospects.tier_code
            order by {{ round_number('valued.target_bank_value_score', 6) }}
        ) as bank_value_percent_rank
    from prospects
    inner join valued
        on prospects.prospect_id = valued.prospect_id

),

banded as (

    select
        ranked.*,
        x_cutoffs.region_code,
        {{ segment_band('ranked.potential_value_score', 'ranked.potential_percent_rank',
                        'x_cutoffs.cutoff_method', 'x_cutoffs.cutoff_value') }} as potential_band,
        {{ segment_band('ranked.target_bank_value_score', 'ranked.bank_value_percent_rank',
                        'y_cutoffs.cutoff_method', 'y_cutoffs.cutoff_value') }} as bank_value_band
    from ranked
    inner join cutoffs as x_cutoffs
        on {{ cutoff_applies('x_cutoffs', 'ranked', 'x') }}
    inner join cutoffs as y_cutoffs
        on {{ cutoff_applies('y_cutoffs', 'ranked', 'y') }}

),

final as (

    select
        banded.as_of_date,
        banded.prospect_id,
        banded.branch_id,
        banded.region_code,
        banded.market_class,
        banded.market_segment,
        banded.emerging_subtype,
        banded.is_strategic,
        banded.tier_code,
        banded.tier_basis,
        banded.potential_value_score,
        banded.industry_space_score,
        banded.growth_score,
        banded.influence_score,
        banded.target_bank_value_score,
        banded.potential_percent_rank,
        banded.bank_value_percent_rank,
        banded.potential_band,
        banded.bank_value_band,
        matrix.segment_code,
        {{ service_level('banded.tier_code', 'strategies.service_level') }} as service_level,
        {{ dedicated_team('banded.tier_code', 'strategies.dedicated_team') }} as dedicated_team,
        {{ visit_frequency_days('banded.tier_code', 'strategies.visit_frequency_days',
                                'parameters.diamond_visit_frequency_days') }} as visit_frequency_days,
        'prospect' as lifecycle_stage,
        {{ dq_flags([
            ['invalid_uscc', "banded.dq_flags like '%invalid_uscc%'"],
            ['missing_financials', "banded.tier_basis = 'missing_financials'"],
            ['zero_revenue', 'banded.has_zero_revenue'],
        ]) }} as dq_flags
    from banded
    inner join matrix
        on banded.potential_band = matrix.x_band and banded.bank_value_band = matrix.y_band
    inner join strategies
        on matrix.segment_code = strategies.segment_code
    inner join parameters
        on banded.prospect_id = parameters.prospect_id

)

select * from final
