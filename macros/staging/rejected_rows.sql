{#- The rejected rows of one raw table in the shape of dq_rejected_rows: the rows its
    base model rejected for their own reason, and the clean rows whose parent is not
    staged (orphan_foreign_key). `parents` lists [foreign_key_column, parent_relation,
    parent_key_column]; it must name the same parents as the table's stg_ model (the
    conservation test, staged + rejected = raw, holds the two together). -#}
{% macro rejected_rows(source_table, base_relation, parents=[]) -%}
    select
        '{{ source_table }}' as source_table,
        record_key,
        reason_code,
        reason,
        raw_row,
        copy_number
    from {{ base_relation }}
    where reason_code is not null
    {%- if parents %}

    union all

    select
        '{{ source_table }}' as source_table,
        base.record_key,
        'orphan_foreign_key' as reason_code,
        case
            {%- for parent in parents %}
            when parent_{{ loop.index }}.{{ parent[2] }} is null
                then '{{ parent[0] }} ' || coalesce(base.{{ parent[0] }}, 'NULL') || ' has no staged parent in {{ parent[1].identifier }}'
            {%- endfor %}
        end as reason,
        base.raw_row,
        base.copy_number
    from {{ base_relation }} as base
    {%- for parent in parents %}
    left join (select distinct {{ parent[2] }} from {{ parent[1] }}) as parent_{{ loop.index }}
        on base.{{ parent[0] }} = parent_{{ loop.index }}.{{ parent[2] }}
    {%- endfor %}
    where
        base.reason_code is null
        and (
            {%- for parent in parents %}
            parent_{{ loop.index }}.{{ parent[2] }} is null{% if not loop.last %} or{% endif %}
            {%- endfor %}
        )
    {%- endif %}
{%- endmacro %}
