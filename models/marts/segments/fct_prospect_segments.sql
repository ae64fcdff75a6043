{#- The target-prospect segment fact (docs/segmentation_rules.md §7, §8, §10): every target prospect (open,
    created on or before as_of_date, not already a customer) once per as_of_date with
    its class, tier, value scores, bands, segment and service, each code with its
    Chinese label, and the data-quality flags. BI-facing. -#}
{%- set coded = [
    ['market_class', 'market_class'], ['market_segment', 'market_segment'],
    ['emerging_subtype', 'emerging_subtype'], ['tier_code', 'tier_code'], ['tier_basis', 'tier_basis'],
    ['potential_band', 'band'], ['bank_value_band', 'band'], ['segment_code', 'segment_code'],
    ['service_level', 'service_level'], ['lifecycle_stage', 'lifecycle_stage'],
] %}

with prospects as (

    select * from {{ ref('int_prospects__segmented') }}

),

labels as (

    select
        code_type,
        code,
        label_zh
    from {{ ref('labels') }}

),

seed_versions as (

    select distinct seeds_fingerprint
    from {{ ref('int_controls__validated') }}

),

final as (

    select
        prospects.as_of_date,
        cast(prospects.prospect_id as {{ dbt.type_string() }}) as prospect_id,
        cast(prospects.branch_id as {{ dbt.type_string() }}) as branch_id,
        cast(prospects.region_code as {{ dbt.type_string() }}) as region_code,
        cast(prospects.market_class as {{ dbt.type_string() }}) as market_class,
        cast(prospects.market_segment as {{ dbt.type_string() }}) as market_segment,
        cast(prospects.emerging_subtype as {{ dbt.type_string() }}) as emerging_subtype,
        prospects.is_strategic,
        cast(prospects.tier_code as {{ dbt.type_string() }}) as tier_code,
        cast(prospects.tier_basis as {{ dbt.type_string() }}) as tier_basis,
        cast(prospects.potential_value_score as {{ type_double() }}) as potential_value_score,
        cast(prospects.industry_space_score as decimal(24, 8)) as industry_space_score,
        cast(prospects.growth_score as {{ type_double() }}) as growth_score,
        cast(prospects.influence_score as {{ type_double() }}) as influence_score,
        cast(prospects.target_bank_value_score as {{ type_double() }}) as target_bank_value_score,
        cast(prospects.potential_percent_rank as {{ type_double() }}) as potential_percent_rank,
        cast(prospects.bank_value_percent_rank as {{ type_double() }}) as bank_value_percent_rank,
        cast(prospects.potential_band as {{ dbt.type_string() }}) as potential_band,
        cast(prospects.bank_value_band as {{ dbt.type_string() }}) as bank_value_band,
        cast(prospects.segment_code as {{ dbt.type_string() }}) as segment_code,
        cast(prospects.service_level as {{ dbt.type_string() }}) as service_level,
        prospects.dedicated_team,
        cast(prospects.visit_frequency_days as integer) as visit_frequency_days,
        cast(prospects.lifecycle_stage as {{ dbt.type_string() }}) as lifecycle_stage,
        cast(prospects.dq_flags as {{ dbt.type_string() }}) as dq_flags,
        {{- label_columns(coded) }},
        cast(seed_versions.seeds_fingerprint as {{ dbt.type_string() }}) as seeds_fingerprint,
        cast('{{ invocation_id }}' as {{ dbt.type_string() }}) as invocation_id
    from prospects
    {{- label_joins('prospects', coded) }}
    cross join seed_versions

)

select * from final
