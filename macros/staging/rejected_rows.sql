{#- The rejected rows of one raw table in the shape of dq_rejected_rows: the rows its
    base model rejected for their own reason, and the clean rows whose parent is not
    staged (orphan_foreign_key). `parents` lists [foreign_key_column, parent_relation,
    parent_key_column] and, optionally, a fourth element true when the foreign key may be
    null (a null value then needs no parent); it must name the same parents as the
    table's stg_ model (the conservation test, staged + rejected = raw, holds the two
    together).
    For the big incremental tables: `where` limits the base rows read (the days a run
    reprocesses), `extra_columns` are base columns carried along (the day partition),
    and `orphan_texts` gives [record_key, raw_row] SQL for an orphan whose base row
    does not carry them (written over the base model's clean columns). -#}
{% macro rejected_rows(source_table, base_relation, parents=[], where=none, extra_columns=[], orphan_texts=none) -%}
    {%- set extra = [] -%}
    {%- for column in extra_columns -%}
        {%- do extra.append(',\n        ' ~ column) -%}
    {%- endfor %}
    select
        '{{ source_table }}' as source_table,
        record_key,
        reason_code,
        reason,
        raw_row,
        copy_number{{ extra | join('') }}
    from {{ base_relation }}
    where reason_code is not null{% if where is not none %} and {{ where }}{% endif %}
    {%- if parents %}

    union all

    select
        '{{ source_table }}' as source_table,
        {%- if orphan_texts is none %}
        record_key,
        {%- else %}
        coalesce(record_key, {{ orphan_texts[0] }}) as record_key,
        {%- endif %}
        'orphan_foreign_key' as reason_code,
        orphan_reason as reason,
        {%- if orphan_texts is none %}
        raw_row,
        {%- else %}
        coalesce(raw_row, {{ orphan_texts[1] }}) as raw_row,
        {%- endif %}
        copy_number{{ extra | join('') }}
    from (
        select
            base.*,
            case
                {%- for parent in parents %}
                when {{ orphan_condition(parent, loop.index) }}
                    then '{{ parent[0] }} ' || coalesce(base.{{ parent[0] }}, 'NULL') || ' has no staged parent in {{ parent[1].identifier }}'
                {%- endfor %}
            end as orphan_reason
        from {{ base_relation }} as base
        {%- for parent in parents %}
        left join (select distinct {{ parent[2] }} from {{ parent[1] }}) as parent_{{ loop.index }}
            on base.{{ parent[0] }} = parent_{{ loop.index }}.{{ parent[2] }}
        {%- endfor %}
        where
            base.reason_code is null{% if where is not none %} and {{ where }}{% endif %}
            and (
                {%- for parent in parents %}
                {{ orphan_condition(parent, loop.index) }}{% if not loop.last %} or{% endif %}
                {%- endfor %}
            )
    ) as orphans
    {%- endif %}
{%- endmacro %}

{#- SQL: the base row's foreign key of `parent` (an entry of rejected_rows' parents)
    has no staged parent; a nullable key that is null has none to miss. `index` numbers
    the parent's join (parent_<index>). -#}
{% macro orphan_condition(parent, index) -%}
    {%- set missing = 'parent_' ~ index ~ '.' ~ parent[2] ~ ' is null' -%}
    {%- if parent | length > 3 and parent[3] -%}
        (base.{{ parent[0] }} is not null and {{ missing }})
    {%- else -%}
        {{ missing }}
    {%- endif -%}
{%- endmacro %}
