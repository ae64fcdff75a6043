{#- 区域差别化, the one statement of the rule: a seed row of `scoped` (columns scope_type,
    scope_id) applies at a branch when it is that branch's, its region's, or global;
    among the rows that apply, branch beats region beats global (lower precedence wins). -#}
{% macro scope_applies(scoped, branch_id, region_code) -%}
    (
        ({{ scoped }}.scope_type = 'branch' and {{ branch_id }} = {{ scoped }}.scope_id)
        or ({{ scoped }}.scope_type = 'region' and {{ region_code }} = {{ scoped }}.scope_id)
        or {{ scoped }}.scope_type = 'global'
    )
{%- endmacro %}

{% macro scope_precedence(scoped) -%}
    case {{ scoped }}.scope_type
        when 'branch' then 1
        when 'region' then 2
        else 3
    end
{%- endmacro %}
