{#- A value held within [lower, upper] (the growth clamp of RULES 7). -#}
{% macro clamp(value, lower, upper) -%}
    least(greatest({{ value }}, {{ lower }}), {{ upper }})
{%- endmacro %}

{#- Weighted mean of 0-100 scores, the weights rescaled over the scores that are not
    null (RULES 6); 0 when every score is null. `pairs` is a list of [score, weight]
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
    0 when the rate is null (RULES 7). -#}
{% macro growth_score(growth_rate, lower_bound, upper_bound) -%}
    coalesce(
        {{ clamp("(" ~ growth_rate ~ " - " ~ lower_bound ~ ") / (" ~ upper_bound ~ " - " ~ lower_bound ~ ")", 0, 1) }} * 100,
        0
    )
{%- endmacro %}
