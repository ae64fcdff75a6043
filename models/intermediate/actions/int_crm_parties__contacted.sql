{#- The relationship manager and the last visit of every customer and prospect the CRM
    knows on as_of_date (docs/segmentation_rules.md §15): the manager of the primary
    assignment valid on as_of_date (valid_from on or before it, valid_to null or on or
    after it; of several, the latest valid_from, then the smallest assignment_id) and the
    latest visit dated on or before as_of_date by any manager. Both CRM tables are
    optional (docs/raw_data_contract.md): empty, this model is empty. -#}
{%- set as_of = as_of_date() %}

with assignments as (

    select
        assignment_id,
        customer_id,
        prospect_id,
        manager_id,
        manager_name,
        manager_role,
        valid_from,
        valid_to
    from {{ ref('stg_crm__customer_managers') }}

),

visits as (

    select
        customer_id,
        prospect_id,
        visit_date
    from {{ ref('stg_crm__visits') }}

),

primary_assignments as (

    select
        manager_id,
        manager_name,
        case when customer_id is not null then 'existing' else 'target' end as population,
        coalesce(customer_id, prospect_id) as party_id,
        row_number() over (
            partition by customer_id, prospect_id
            order by valid_from desc, assignment_id asc
        ) as assignment_order
    from assignments
    where
        manager_role = 'primary'
        and valid_from <= {{ date_literal(as_of) }}
        and (valid_to is null or valid_to >= {{ date_literal(as_of) }})

),

last_visits as (

    select
        case when customer_id is not null then 'existing' else 'target' end as population,
        coalesce(customer_id, prospect_id) as party_id,
        max(visit_date) as last_visit_date
    from visits
    where visit_date <= {{ date_literal(as_of) }}
    group by customer_id, prospect_id

),

parties as (

    select
        population,
        party_id
    from primary_assignments
    where assignment_order = 1
    union
    select
        population,
        party_id
    from last_visits

),

final as (

    select
        parties.population,
        parties.party_id,
        primary_assignments.manager_id,
        primary_assignments.manager_name,
        last_visits.last_visit_date
    from parties
    left join primary_assignments
        on
            parties.population = primary_assignments.population
            and parties.party_id = primary_assignments.party_id
            and primary_assignments.assignment_order = 1
    left join last_visits
        on
            parties.population = last_visits.population
            and parties.party_id = last_visits.party_id

)

select * from final
