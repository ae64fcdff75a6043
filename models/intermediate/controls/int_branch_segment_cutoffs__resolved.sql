{#- The segmentation cutoff that applies at every branch, for every population, tier
    and dimension: the most specific row of the segment-cutoffs seed, scope first
    (branch over region over global), then a named tier over `*`. A customer's cutoff
    is its branch's row for its population and tier. -#}

with branches as (

    select
        branch_id,
        region_code
    from {{ ref('stg_ecif__branches') }}

),

cutoffs as (

    select
        scope_type,
        scope_id,
        population,
        tier_code,
        dimension,
        method,
        value
    from {{ ref('segment_cutoffs') }}

),

tiers as (

    select code as tier_code
    from {{ ref('labels') }}
    where code_type = 'tier_code'

),

populations as (

    select distinct population
    from {{ ref('segment_matrix') }}

),

dimensions as (

    select distinct dimension
    from cutoffs

),

slots as (

    select
        branches.branch_id,
        branches.region_code,
        populations.population,
        tiers.tier_code,
        dimensions.dimension
    from branches
    cross join populations
    cross join tiers
    cross join dimensions

),

candidates as (

    select
        slots.branch_id,
        slots.region_code,
        slots.population,
        slots.tier_code,
        slots.dimension,
        cutoffs.method,
        cutoffs.value,
        cutoffs.scope_type,
        cutoffs.tier_code as cutoff_tier_code,
        {{ scope_precedence('cutoffs') }} as scope_precedence,
        case when cutoffs.tier_code = '*' then 2 else 1 end as tier_precedence
    from slots
    inner join cutoffs
        on
            slots.population = cutoffs.population
            and slots.dimension = cutoffs.dimension
            and (slots.tier_code = cutoffs.tier_code or cutoffs.tier_code = '*')
            and {{ scope_applies('cutoffs', 'slots.branch_id', 'slots.region_code') }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by branch_id, population, tier_code, dimension
            order by scope_precedence, tier_precedence
        ) as precedence_rank
    from candidates

),

final as (

    select
        branch_id,
        region_code,
        population,
        tier_code,
        dimension,
        method as cutoff_method,
        value as cutoff_value,
        scope_type as resolved_scope_type,
        cutoff_tier_code as resolved_tier_code
    from ranked
    where precedence_rank = 1

)

select * from final
