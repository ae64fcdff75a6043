{#- The figures behind every decision about a target prospect, for the explanations
    (fct_customer_explanations): the codes as int_prospects__segmented decided them, the
    facts int_prospects__tiered compared, and the threshold and cutoffs that applied with
    the seed row they came from (int_branch_parameters__resolved,
    int_branch_segment_cutoffs__resolved: branch over region over global,
    docs/segmentation_rules.md §1). No rule is decided here. -#}

with prospects as (

    select * from {{ ref('int_prospects__segmented') }}

),

tiered as (

    select
        prospect_id,
        customer_kind,
        industry_code,
        group_id,
        industry_group,
        is_reduced_threshold,
        annual_revenue_cny,
        total_assets_cny,
        employee_count,
        medium_min_revenue_cny,
        medium_min_assets_cny,
        medium_min_employees
    from {{ ref('int_prospects__tiered') }}

),

parameters as (

    select
        branch_id,
        parameter_name,
        parameter_value,
        resolved_scope_type
    from {{ ref('int_branch_parameters__resolved') }}

),

cutoffs as (

    select
        branch_id,
        tier_code,
        dimension,
        cutoff_method,
        cutoff_value,
        resolved_scope_type,
        resolved_tier_code
    from {{ ref('int_branch_segment_cutoffs__resolved') }}
    where population = 'target'

),

facts as (

    select
        prospects.*,
        tiered.customer_kind,
        tiered.industry_code,
        tiered.group_id,
        tiered.industry_group,
        tiered.is_reduced_threshold,
        tiered.annual_revenue_cny,
        tiered.total_assets_cny,
        tiered.employee_count,
        tiered.medium_min_revenue_cny,
        tiered.medium_min_assets_cny,
        tiered.medium_min_employees,
        -- the parameter the tier's value was compared with (none for the strategic list)
        case
            when prospects.tier_basis = 'strategic_list' then null
            when tiered.is_reduced_threshold then 'large_revenue_threshold_reduced_cny'
            else 'large_revenue_threshold_cny'
        end as tier_threshold_parameter,
        -- the value compared with it (none for the strategic list or without financials)
        case
            when prospects.tier_basis in ('revenue', 'sme_standard') then tiered.annual_revenue_cny
        end as tier_value
    from prospects
    inner join tiered
        on prospects.prospect_id = tiered.prospect_id

),

final as (

    select
        facts.as_of_date,
        facts.prospect_id,
        facts.branch_id,
        facts.region_code,
        facts.market_class,
        facts.market_segment,
        facts.emerging_subtype,
        facts.is_strategic,
        facts.tier_code,
        facts.tier_basis,
        facts.potential_value_score,
        facts.industry_space_score,
        facts.growth_score,
        facts.influence_score,
        facts.target_bank_value_score,
        facts.potential_percent_rank,
        facts.bank_value_percent_rank,
        facts.potential_band,
        facts.bank_value_band,
        facts.segment_code,
        facts.service_level,
        facts.dedicated_team,
        facts.visit_frequency_days,
        facts.lifecycle_stage,
        facts.dq_flags,
        facts.customer_kind,
        facts.industry_code,
        facts.group_id,
        facts.industry_group,
        facts.is_reduced_threshold,
        facts.annual_revenue_cny,
        facts.total_assets_cny,
        facts.employee_count,
        facts.medium_min_revenue_cny,
        facts.medium_min_assets_cny,
        facts.medium_min_employees,
        facts.tier_threshold_parameter,
        facts.tier_value,
        parameters.parameter_value as tier_threshold,
        parameters.resolved_scope_type as tier_threshold_scope_type,
        x_cutoffs.cutoff_method as potential_cutoff_method,
        x_cutoffs.cutoff_value as potential_cutoff,
        x_cutoffs.resolved_scope_type as potential_cutoff_scope_type,
        x_cutoffs.resolved_tier_code as potential_cutoff_tier_code,
        y_cutoffs.cutoff_method as bank_value_cutoff_method,
        y_cutoffs.cutoff_value as bank_value_cutoff,
        y_cutoffs.resolved_scope_type as bank_value_cutoff_scope_type,
        y_cutoffs.resolved_tier_code as bank_value_cutoff_tier_code
    from facts
    left join parameters
        on
            facts.branch_id = parameters.branch_id
            and facts.tier_threshold_parameter = parameters.parameter_name
    inner join cutoffs as x_cutoffs
        on {{ cutoff_applies('x_cutoffs', 'facts', 'x') }}
    inner join cutoffs as y_cutoffs
        on {{ cutoff_applies('y_cutoffs', 'facts', 'y') }}

)

select * from final
