{#- 分层 by size (docs/segmentation_rules.md §3, §13.5), the one statement of the corporate size rule that
    with-credit corporate customers and every prospect follow. `m` is a dict of SQL
    expressions: is_strategic, has_financials (a statement with revenue, assets or
    employees), revenue, assets, employees, is_reduced_threshold, large_threshold,
    reduced_large_threshold, and the industry group's medium bounds medium_min_revenue,
    medium_min_assets, medium_min_employees (null when the standard does not use it) and
    has_medium_standard (the group has a row with at least one medium bound). -#}
{#- The column names the size rule reads, as the models that tier customers and
    prospects name them (int_customers__tiered, int_prospects__tiered). -#}
{% macro size_rule_columns() -%}
    {{ return({
        'is_strategic': 'is_strategic',
        'has_financials': 'has_financials',
        'revenue': 'annual_revenue_cny',
        'assets': 'total_assets_cny',
        'employees': 'employee_count',
        'is_reduced_threshold': 'is_reduced_threshold',
        'large_threshold': 'large_revenue_threshold_cny',
        'reduced_large_threshold': 'large_revenue_threshold_reduced_cny',
        'medium_min_revenue': 'medium_min_revenue_cny',
        'medium_min_assets': 'medium_min_assets_cny',
        'medium_min_employees': 'medium_min_employees',
        'has_medium_standard': 'has_medium_standard',
    }) }}
{%- endmacro %}

{% macro size_tier_code(m) -%}
    case
        when {{ m.is_strategic }} then 'strategic'
        when {{ size_is_large(m) }} then 'large'
        when {{ size_is_medium(m) }} then 'medium'
        else 'small'
    end
{%- endmacro %}

{% macro size_tier_basis(m) -%}
    case
        when {{ m.is_strategic }} then 'strategic_list'
        when {{ size_is_large(m) }} then 'revenue'
        when not {{ m.has_financials }} then 'missing_financials'
        else 'sme_standard'
    end
{%- endmacro %}

{#- Large: revenue at or above the large threshold, the reduced one in the industries of
    the reduced-threshold seed. A null revenue is never large. -#}
{% macro size_is_large(m) -%}
    (
        {{ m.revenue }} is not null
        and {{ m.revenue }} >= case
            when {{ m.is_reduced_threshold }} then {{ m.reduced_large_threshold }}
            else {{ m.large_threshold }}
        end
    )
{%- endmacro %}

{#- Medium: every medium bound the group's SME standard uses is reached; a null measure
    fails every bound that uses it; a group without a standard is never medium. -#}
{% macro size_is_medium(m) -%}
    (
        {{ m.has_financials }}
        and {{ m.has_medium_standard }}
        and ({{ m.medium_min_revenue }} is null or {{ m.revenue }} >= {{ m.medium_min_revenue }})
        and ({{ m.medium_min_assets }} is null or {{ m.assets }} >= {{ m.medium_min_assets }})
        and ({{ m.medium_min_employees }} is null or {{ m.employees }} >= {{ m.medium_min_employees }})
    )
{%- endmacro %}

{#- The scale split (规模以上/规模以下) by average daily deposit balance, compared exactly:
    the balance sum over W against the threshold times the days of W (docs/segmentation_rules.md §3, §13.14). -#}
{% macro scale_tier_code(deposit_balance_sum, threshold, days) -%}
    case when {{ deposit_balance_sum }} >= {{ threshold }} * {{ days }} then 'above_scale' else 'below_scale' end
{%- endmacro %}

{#- Join condition: the cutoff row (int_branch_segment_cutoffs__resolved, already
    filtered to one population) of `dimension` that applies to a row of `source`: its
    branch's, for its tier (docs/segmentation_rules.md §8, §13.9). -#}
{% macro cutoff_applies(cutoffs, source, dimension) -%}
    {{ source }}.branch_id = {{ cutoffs }}.branch_id
    and {{ source }}.tier_code = {{ cutoffs }}.tier_code
    and {{ cutoffs }}.dimension = '{{ dimension }}'
{%- endmacro %}

{#- Join condition: a strategic-groups seed row that makes `group_id` strategic on the
    day `as_of` (effective_from <= as_of <= effective_to, both inclusive, an empty end
    open; docs/segmentation_rules.md §3, §13.3). -#}
{% macro strategic_on(groups, group_id, as_of) -%}
    {{ group_id }} = {{ groups }}.group_id
    and {{ as_of }} >= {{ groups }}.effective_from
    and ({{ groups }}.effective_to is null or {{ as_of }} <= {{ groups }}.effective_to)
{%- endmacro %}

{#- 客户群细分 band of one dimension (docs/segmentation_rules.md §8, §13.9): `high` when the percent rank (method
    percent_rank) or the value itself (method absolute) reaches the customer's cutoff. -#}
{% macro segment_band(value, percent_rank, cutoff_method, cutoff_value) -%}
    case
        when {{ cutoff_method }} = 'absolute' and {{ value }} >= {{ cutoff_value }} then 'high'
        when {{ cutoff_method }} = 'percent_rank' and {{ percent_rank }} >= {{ cutoff_value }} then 'high'
        else 'low'
    end
{%- endmacro %}

{#- The first industry-code prefix rule that matches: `code` starts with `prefix`. -#}
{% macro starts_with_prefix(code, prefix) -%}
    substring({{ code }}, 1, {{ dbt.length(prefix) }}) = {{ prefix }}
{%- endmacro %}

{#- 差别化服务 (docs/segmentation_rules.md §10, §13.12): the segment's service from the strategies seed, except
    that strategic-tier customers and prospects are always diamond with a dedicated team,
    visited at least every diamond_visit_frequency_days (or more often if their segment
    asks for it). -#}
{% macro service_level(tier_code, segment_service_level) -%}
    case when {{ tier_code }} = 'strategic' then 'diamond' else {{ segment_service_level }} end
{%- endmacro %}

{% macro dedicated_team(tier_code, segment_dedicated_team) -%}
    ({{ tier_code }} = 'strategic' or {{ segment_dedicated_team }})
{%- endmacro %}

{% macro visit_frequency_days(tier_code, segment_visit_frequency_days, diamond_visit_frequency_days) -%}
    cast(
        case
            when {{ tier_code }} = 'strategic'
                then least({{ segment_visit_frequency_days }}, {{ diamond_visit_frequency_days }})
            else {{ segment_visit_frequency_days }}
        end
        as integer)
{%- endmacro %}
