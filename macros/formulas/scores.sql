{#- A value held within [lower, upper] (the growth clamp of docs/segmentation_rules.md §7, the survey score
    of docs/segmentation_rules.md §13.8); null stays null (DuckDB's and PostgreSQL's LEAST and GREATEST skip
    a null argument and would return the bound). -#}
{% macro clamp(value, lower, upper) -%}
    case when {{ value }} is not null then least(greatest({{ value }}, {{ lower }}), {{ upper }}) end
{%- endmacro %}

{#- A value capped at `cap` (100 for the scores of docs/segmentation_rules.md §6); null stays null. -#}
{% macro capped(value, cap=100) -%}
    case when {{ value }} is not null then least({{ value }}, {{ cap }}) end
{%- endmacro %}

{#- Weighted mean of 0-100 scores, the weights rescaled over the scores that are not
    null (docs/segmentation_rules.md §6); 0 when every score is null. `pairs` is a list of [score, weight]
    SQL expressions. -#}
{% macro weighted_score(pairs) -%}
    coalesce(
        (
            {%- for pair in pairs %}
            coalesce({{ pair[1] }} * {{ pair[0] }}, 0){% if not loop.last %} +{% endif %}
            {%- endfor %}
        ) / nullif(
            {%- for pair in pairs %}
            case when {{ pair[0] }} is not null then {{ pair[1] }} else 0 end{% if not loop.last %} +{% endif %}
            {%- endfor %},
            0
        ),
        0
    )
{%- endmacro %}

{#- 企业成长性评分: the growth rate placed between its lower and upper bound, 0 to 100;
    0 when the rate is null (docs/segmentation_rules.md §7). -#}
{% macro growth_score(growth_rate, lower_bound, upper_bound) -%}
    coalesce(
        {{ clamp("(" ~ growth_rate ~ " - " ~ lower_bound ~ ") / (" ~ upper_bound ~ " - " ~ lower_bound ~ ")", 0, 1) }} * 100,
        0
    )
{%- endmacro %}

{#- PERCENT_RANK of `value` within `partition_by` (a list of SQL expressions), 0 to 1
    (docs/segmentation_rules.md §6, §13.9): ties take the lowest rank, a group of one ranks 0, and a null value
    takes no part and stays null. -#}
{% macro null_excluding_percent_rank(value, partition_by) -%}
    case
        when {{ value }} is not null
            then percent_rank() over (
                partition by {{ partition_by | join(', ') }}, case when {{ value }} is null then 1 else 0 end
                order by {{ value }}
            )
    end
{%- endmacro %}

{#- An average daily amount: a sum over the days of a window divided by their number,
    rounded exactly to 6 decimals (not to cents, docs/segmentation_rules.md §13.14; comparisons with a threshold
    use the sum itself). -#}
{% macro average_daily(amount_sum, days) -%}
    cast({{ decimal_quotient(amount_sum, days, 6) }} as decimal(24,6))
{%- endmacro %}
