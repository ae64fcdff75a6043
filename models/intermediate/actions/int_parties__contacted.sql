{#- Every customer of the segment fact's as_of_date slice and every prospect, with its
    branch, segment, relationship manager and last visit (int_crm_parties__contacted) and
    the days a visit may be apart (docs/segmentation_rules.md §15): for a customer its
    visit_frequency_days (segment_strategies.csv; diamond for the strategic tier); for a
    prospect of a segment segment_actions.csv lists for prospect_follow_up, the branch's
    prospect_follow_up_days; for other prospects null (no follow-up). days_since_last_visit
    counts from the last visit on or before as_of_date to as_of_date (0 = visited that
    day); a visit is due when it exceeds the allowed days or there was no visit at all.
    has_visit_records is true when the CRM holds any visit on or before as_of_date: a bank
    that does not record visits gets no visit-based actions. -#}
{%- set as_of = as_of_date() %}

with customers as (

    select
        as_of_date,
        customer_id,
        branch_id,
        segment_code,
        visit_frequency_days
    from {{ ref('fct_customer_segments') }}
    where as_of_date = {{ date_literal(as_of) }}

),

prospects as (

    select
        as_of_date,
        prospect_id,
        branch_id,
        segment_code
    from {{ ref('int_prospects__segmented') }}

),

prospect_parameters as (

    select
        prospect_id,
        prospect_follow_up_days
    from {{ ref('int_prospect_parameters__resolved') }}

),

follow_up_segments as (

    select distinct segment_code
    from {{ ref('segment_actions') }}
    where action_code = 'prospect_follow_up'

),

contacts as (

    select
        population,
        party_id,
        manager_id,
        manager_name,
        last_visit_date
    from {{ ref('int_crm_parties__contacted') }}

),

visit_records as (

    select count(last_visit_date) > 0 as has_visit_records
    from contacts

),

parties as (

    select
        as_of_date,
        'existing' as population,
        customer_id as party_id,
        branch_id,
        segment_code,
        cast(visit_frequency_days as integer) as allowed_days_between_visits
    from customers

    union all

    select
        prospects.as_of_date,
        'target' as population,
        prospects.prospect_id as party_id,
        prospects.branch_id,
        prospects.segment_code,
        case
            when follow_up_segments.segment_code is not null
                then cast(prospect_parameters.prospect_follow_up_days as integer)
        end as allowed_days_between_visits
    from prospects
    left join prospect_parameters
        on prospects.prospect_id = prospect_parameters.prospect_id
    left join follow_up_segments
        on prospects.segment_code = follow_up_segments.segment_code

),

final as (

    select
        parties.as_of_date,
        parties.population,
        parties.party_id,
        parties.branch_id,
        parties.segment_code,
        contacts.manager_id,
        contacts.manager_name,
        contacts.last_visit_date,
        {{ dbt.datediff('contacts.last_visit_date', 'parties.as_of_date', 'day') }} -- noqa: LT05
            as days_since_last_visit,
        parties.allowed_days_between_visits,
        visit_records.has_visit_records
    from parties
    cross join visit_records
    left join contacts
        on
            parties.population = contacts.population
            and parties.party_id = contacts.party_id

)

select * from final
