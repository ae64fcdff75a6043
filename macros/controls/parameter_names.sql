{#- The parameters the models read (parameters.csv): the interface between the seed
    and the SQL. A parameter the SQL needs must have a global row in the seed. -#}
{% macro parameter_names() -%}
    {{ return([
        'large_revenue_threshold_cny', 'large_revenue_threshold_reduced_cny', 'deposit_scale_threshold_cny',
        'capital_ratio_target', 'cost_of_capital', 'tax_rate_interest', 'tax_rate_fee',
        'interest_day_count_basis', 'cost_day_count_basis', 'growth_rate_lower_bound',
        'growth_rate_upper_bound', 'industry_space_default_score', 'tenure_full_score_years',
        'activity_window_days', 'dormant_days', 'new_customer_days', 'loyal_min_tenure_years',
        'loyal_lookback_months', 'loyal_min_active_months', 'diamond_visit_frequency_days',
        'deposit_adb_drop_ratio', 'prospect_follow_up_days',
    ]) }}
{%- endmacro %}

{#- The indicator components of each weight group (weights.csv) that the models
    compute. -#}
{% macro weight_components() -%}
    {{ return({
        'bank_value': [
            'market_share', 'satisfaction', 'product_coverage', 'account_profile', 'tenure', 'volume',
            'activity', 'growth', 'executive_vip', 'asset_quality', 'agreements'],
        'potential_value': ['industry_space', 'growth', 'influence'],
        'target_bank_value': ['product_fit', 'marketing_feasibility', 'product_advantage', 'service_convenience'],
    }) }}
{%- endmacro %}

{#- The effective parameters of every row of `parties` (customers or prospects), one
    column per parameter, through the party's branch (int_branch_parameters__pivoted:
    branch over region over global). -#}
{% macro parameters_by_branch(parties, id_column) -%}
with parties as (

    select
        {{ id_column }},
        branch_id
    from {{ parties }}

),

branch_parameters as (

    select
        branch_id,
        region_code,
        {%- for name in parameter_names() %}
            {{ name }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ ref('int_branch_parameters__pivoted') }}

),

final as (

    select
        parties.{{ id_column }},
        branch_parameters.branch_id,
        branch_parameters.region_code,
        {%- for name in parameter_names() %}
            branch_parameters.{{ name }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from parties
    inner join branch_parameters
        on parties.branch_id = branch_parameters.branch_id

)

select * from final
{%- endmacro %}
