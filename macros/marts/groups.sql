{#- The group marts' readings (docs/segmentation_rules.md §14). -#}

{#- numerator / denominator to 8 decimals, exactly (decimal_quotient), for a denominator of
    either sign; null when the denominator is 0 or either side is null. A member's share of
    its group's total, or a group's share of the bank's. -#}
{% macro signed_share(numerator, denominator) -%}
    case
        when {{ denominator }} > 0 then {{ decimal_quotient(numerator, denominator, 8) }}
        when {{ denominator }} < 0 then {{ decimal_quotient('-(' ~ numerator ~ ')', '-(' ~ denominator ~ ')', 8) }}
    end
{%- endmacro %}

{#- The tiers from highest to lowest, in the order of the rules' tier table
    (docs/segmentation_rules.md §3): the highest tier of a group's members is the first of them. -#}
{% macro tier_order() -%}
    {{ return(['strategic', 'large', 'medium', 'small', 'above_scale', 'below_scale']) }}
{%- endmacro %}

{#- The risk grades from worst to best (docs/segmentation_rules.md §9.2, §14.2): not_rated last, so a
    group is not_rated only when none of its customers has a grade. -#}
{% macro risk_grade_order() -%}
    {{ return(['high', 'medium', 'low', 'not_rated']) }}
{%- endmacro %}

{#- The position (1, 2, ...) of `column`'s code in `codes`; null for a code not in it. -#}
{% macro code_position(column, codes) -%}
    case {{ column }}
        {%- for code in codes %}
        when '{{ code }}' then {{ loop.index }}
        {%- endfor %}
    end
{%- endmacro %}

{#- The code at a position `codes` gives (the inverse of code_position); null for none. -#}
{% macro code_at_position(position, codes) -%}
    case {{ position }}
        {%- for code in codes %}
        when {{ loop.index }} then '{{ code }}'
        {%- endfor %}
    end
{%- endmacro %}

{#- The segment mix columns of fct_group_summary: one count per segment of the two
    matrices (docs/segmentation_rules.md §8.3), as [population, segment_code, column]. -#}
{% macro group_segment_mix() -%}
    {{ return([
        ['existing', 'important', 'important_customers'],
        ['existing', 'quality', 'quality_customers'],
        ['existing', 'ordinary', 'ordinary_customers'],
        ['existing', 'exit', 'exit_customers'],
        ['target', 'gold', 'gold_prospects'],
        ['target', 'potential', 'potential_prospects'],
        ['target', 'watch', 'watch_prospects'],
        ['target', 'general', 'general_prospects'],
    ]) }}
{%- endmacro %}

{#- The first day of the month after the one of `day` ('YYYY-MM-DD'), as 'YYYY-MM-DD'. -#}
{% macro next_month_start(day) -%}
    {%- set d = modules.datetime.date.fromisoformat(day | string) -%}
    {{ return((d.replace(day=28) + modules.datetime.timedelta(days=4)).replace(day=1).isoformat()) }}
{%- endmacro %}

{#- The segment mix counted per group: one `sum(...) as <column>` select item per column of
    group_segment_mix, over rows with member_type and segment_code. -#}
{% macro segment_mix_counts() -%}
    {%- for population, segment, column in group_segment_mix() %}
        sum(
            case
                when member_type = '{{ "customer" if population == "existing" else "prospect" }}'
                    and segment_code = '{{ segment }}' then 1
                else 0
            end
        ) as {{ column }}{% if not loop.last %},{% endif %}
    {%- endfor %}
{%- endmacro %}

{#- The segment mix columns of `source` cast to bigint, one select item per column of
    group_segment_mix. -#}
{% macro segment_mix_columns(source) -%}
    {%- for population, segment, column in group_segment_mix() %}
        cast({{ source }}.{{ column }} as bigint) as {{ column }}{% if not loop.last %},{% endif %}
    {%- endfor %}
{%- endmacro %}
