{#- 区域差别化: the value of every parameter that applies at every branch: the branch's
    own row if the seed has one, else its region's, else the global row. -#}

with branches as (

    select
        branch_id,
        region_code
    from {{ ref('stg_ecif__branches') }}

),

parameters as (

    select
        parameter_name,
        scope_type,
        scope_id,
        value
    from {{ ref('parameters') }}

),

candidates as (

    select
        branches.branch_id,
        branches.region_code,
        parameters.parameter_name,
        parameters.value,
        parameters.scope_type,
        {{ scope_precedence('parameters') }} as scope_precedence
    from branches
    inner join parameters
        on {{ scope_applies('parameters', 'branches.branch_id', 'branches.region_code') }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by branch_id, parameter_name
            order by scope_precedence
        ) as precedence_rank
    from candidates

),

final as (

    select
        branch_id,
        region_code,
        parameter_name,
        value as parameter_value,
        scope_type as resolved_scope_type
    from ranked
    where precedence_rank = 1

)

select * from final
