{#- The Chinese label beside every coded column of a BI mart (docs/outputs.md: `<column>_zh`
    from the labels seed). `columns` is a list of [column, code_type]; the model imports
    the labels seed as the CTE `labels`. label_columns gives the select items,
    label_joins the joins from the CTE `source`. -#}
{% macro label_columns(columns) -%}
    {%- for column in columns %}
        cast(labels__{{ column[0] }}.label_zh as {{ dbt.type_string() }}) as {{ column[0] }}_zh{% if not loop.last %},{% endif %}
    {%- endfor %}
{%- endmacro %}

{% macro label_joins(source, columns) -%}
    {%- for column in columns %}
    left join labels as labels__{{ column[0] }}
        on
            labels__{{ column[0] }}.code_type = '{{ column[1] }}'
            and {{ source }}.{{ column[0] }} = labels__{{ column[0] }}.code
    {%- endfor %}
{%- endmacro %}
