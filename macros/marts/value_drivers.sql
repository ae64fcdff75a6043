{#- One value driver as text (int_customer_value_drivers, over the CTE `r`): the indicator,
    the customer's score against the group's median, and its contribution to the bank
    value score in points, signed. -#}
{% macro explanation_value_driver(r, language) -%}
    {%- set zh = language == 'zh' -%}
    {%- set signed = "case when " ~ r ~ ".contribution > 0 then '+' else '' end" -%}
    {{ dbt.concat([
        explanation_text(r ~ '.indicator_label_' ~ language),
        ("'（得分 '" if zh else "' (score '"), explanation_figure(r ~ '.customer_score', language),
        ("'，中位数 '" if zh else "' against a median of '"), explanation_figure(r ~ '.group_median_score', language),
        ("'，'" if zh else "', '"), signed, explanation_figure(r ~ '.contribution', language),
        ("' 分）'" if zh else "' points)'"),
    ]) }}
{%- endmacro %}

{#- 银行价值驱动因素: the three indicators that raise the bank value score most and the
    three that lower it most, against the group's median, over the CTE `r` that carries
    the driver texts `raises_1_<language>` .. `lowers_3_<language>` (null where there is
    none); `score_name` is the text expression of the score's name. -#}
{% macro explanation_value_drivers(r, score_name, language) -%}
    {%- set zh = language == 'zh' -%}
    {%- set nothing = "'无'" if zh else "'none'" -%}
    {%- set separator = "'、'" if zh else "'; '" -%}
    {%- set lists = {} -%}
    {%- for direction in ['raises', 'lowers'] -%}
        {%- set first = r ~ '.' ~ direction ~ '_1_' ~ language -%}
        {%- set more = [] -%}
        {%- for rank in [2, 3] -%}
            {%- do more.append("coalesce(" ~ dbt.concat([separator, r ~ '.' ~ direction ~ '_' ~ rank ~ '_' ~ language]) ~ ", '')") -%}
        {%- endfor -%}
        {%- do lists.update({direction: "coalesce(" ~ dbt.concat([first] + more) ~ ", " ~ nothing ~ ")"}) -%}
    {%- endfor -%}
    {{ dbt.concat([
        ("''" if zh else "'Against the median of its group, the '"), score_name,
        ("'与所在客户群中位数相比，抬高最多的指标：'" if zh else "' is raised most by: '"),
        lists['raises'],
        ("'；拉低最多的指标：'" if zh else "'. Lowered most by: '"),
        lists['lowers'],
        ("'。'" if zh else "'.'"),
    ]) }}
{%- endmacro %}
