{#- The figures behind every decision about an in-scope customer, for the explanations
    (fct_customer_explanations): the codes as int_customers__serviced decided them, the
    facts the deciding models compared (int_customers__classified, int_customers__tiered,
    int_customers__lifecycle), and the threshold and cutoffs that applied with the seed row
    they came from (int_branch_parameters__resolved, int_branch_segment_cutoffs__resolved:
    branch over region over global, docs/segmentation_rules.md §1). No rule is decided here. -#}

with customers as (

    select * from {{ ref('int_customers__serviced') }}

),

classified as (

    select
        customer_id,
        industry_code,
        group_id,
        industry_emerging_subtype,
        emerging_tag_subtype,
        credit_balance_cny
    from {{ ref('int_customers__classified') }}

),

tiered as (

    select
        customer_id,
        industry_group,
        is_reduced_threshold,
        annual_revenue_cny,
        total_assets_cny,
        employee_count,
        medium_min_revenue_cny,
        medium_min_assets_cny,
        medium_min_employees,
        deposit_adb_cny
    from {{ ref('int_customers__tiered') }}

),

lifecycle as (

    select
        customer_id,
        is_closed_on_as_of,
        open_account_count,
        has_credit_balance_on_as_of,
        has_non_performing_on_as_of,
        relationship_days,
        days_since_last_transaction,
        active_month_count,
        loyal_anniversary_date,
        dormant_days,
        new_customer_days,
        loyal_min_tenure_years,
        loyal_lookback_months,
        loyal_min_active_months,
        rating,
        rating_date
    from {{ ref('int_customers__lifecycle') }}

),

parameters as (

    select
        branch_id,
        region_code,
        parameter_name,
        parameter_value,
        resolved_scope_type
    from {{ ref('int_branch_parameters__resolved') }}

),

cutoffs as (

    select
        branch_id,
        region_code,
        tier_code,
        dimension,
        cutoff_method,
        cutoff_value,
        resolved_scope_type,
        resolved_tier_code
    from {{ ref('int_branch_segment_cutoffs__resolved') }}
    where population = 'existing'

),

facts as (

    select
        customers.*,
        classified.industry_code,
        classified.group_id,
        classified.industry_emerging_subtype,
        classified.emerging_tag_subtype,
        classified.credit_balance_cny,
        tiered.industry_group,
        tiered.is_reduced_threshold,
        tiered.annual_revenue_cny,
        tiered.total_assets_cny,
        tiered.employee_count,
        tiered.medium_min_revenue_cny,
        tiered.medium_min_assets_cny,
        tiered.medium_min_employees,
        tiered.deposit_adb_cny,
        lifecycle.is_closed_on_as_of,
        lifecycle.open_account_count,
        lifecycle.has_credit_balance_on_as_of,
        lifecycle.has_non_performing_on_as_of,
        lifecycle.relationship_days,
        lifecycle.days_since_last_transaction,
        lifecycle.active_month_count,
        lifecycle.loyal_anniversary_date,
        lifecycle.dormant_days,
        lifecycle.new_customer_days,
        lifecycle.loyal_min_tenure_years,
        lifecycle.loyal_lookback_months,
        lifecycle.loyal_min_active_months,
        lifecycle.rating,
        lifecycle.rating_date,
        -- the parameter the tier's value was compared with (none for the strategic list)
        case
            when customers.tier_basis = 'deposit_adb' then 'deposit_scale_threshold_cny'
            when customers.tier_basis = 'strategic_list' then null
            when tiered.is_reduced_threshold then 'large_revenue_threshold_reduced_cny'
            else 'large_revenue_threshold_cny'
        end as tier_threshold_parameter,
        -- the value compared with it (none for the strategic list or without financials)
        case
            when customers.tier_basis = 'deposit_adb' then tiered.deposit_adb_cny
            when customers.tier_basis in ('revenue', 'sme_standard') then tiered.annual_revenue_cny
        end as tier_value
    from customers
    inner join classified
        on customers.customer_id = classified.customer_id
    inner join tiered
        on customers.customer_id = tiered.customer_id
    inner join lifecycle
        on customers.customer_id = lifecycle.customer_id

),

final as (

    select
        facts.as_of_date,
        facts.customer_id,
        facts.branch_id,
        facts.region_code,
        facts.credit_status,
        facts.market_class,
        facts.institution_type,
        facts.market_segment,
        facts.emerging_subtype,
        facts.is_cross_border,
        facts.is_strategic,
        facts.tier_code,
        facts.tier_basis,
        facts.profit_contribution,
        facts.bank_value_score,
        facts.profit_percent_rank,
        facts.bank_value_percent_rank,
        facts.profit_band,
        facts.bank_value_band,
        facts.segment_code,
        facts.lifecycle_stage,
        facts.risk_grade,
        facts.service_level,
        facts.dedicated_team,
        facts.visit_frequency_days,
        facts.dq_flags,
        facts.industry_code,
        facts.group_id,
        facts.industry_emerging_subtype,
        facts.emerging_tag_subtype,
        facts.credit_balance_cny,
        facts.industry_group,
        facts.is_reduced_threshold,
        facts.annual_revenue_cny,
        facts.total_assets_cny,
        facts.employee_count,
        facts.medium_min_revenue_cny,
        facts.medium_min_assets_cny,
        facts.medium_min_employees,
        facts.deposit_adb_cny,
        facts.is_closed_on_as_of,
        facts.open_account_count,
        facts.has_credit_balance_on_as_of,
        facts.has_non_performing_on_as_of,
        facts.relationship_days,
        facts.days_since_last_transaction,
        facts.active_month_count,
        facts.loyal_anniversary_date,
        facts.dormant_days,
        facts.new_customer_days,
        facts.loyal_min_tenure_years,
        facts.loyal_lookback_months,
        facts.loyal_min_active_months,
        facts.rating,
        facts.rating_date,
        facts.tier_threshold_parameter,
        facts.tier_value,
        parameters.parameter_value as tier_threshold,
        parameters.resolved_scope_type as tier_threshold_scope_type,
        x_cutoffs.cutoff_method as profit_cutoff_method,
        x_cutoffs.cutoff_value as profit_cutoff,
        x_cutoffs.resolved_scope_type as profit_cutoff_scope_type,
        x_cutoffs.resolved_tier_code as profit_cutoff_tier_code,
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
