{#- Optional raw tables: tables of the contract a bank may not have at all
    (docs/raw_data_contract.md, "Optional tables"). When such a table is absent from the
    warehouse, everything that reads it (its base model, its source tests, the
    conservation test) reads a typed empty table instead, so that the project builds
    and the table's staged model is empty. A table that is not optional is read as it
    is: its absence stays an error. -#}

{#- The optional raw tables: identifier -> [column, contract type] pairs in contract
    order. The types are those of the contract, written as the empty table's casts. -#}
{% macro optional_raw_tables() -%}
    {%- set string = dbt.type_string() -%}
    {{ return({
        'crm_customer_managers': [
            ['assignment_id', string], ['customer_id', string], ['prospect_id', string],
            ['manager_id', string], ['manager_name', string], ['branch_id', string],
            ['manager_role', string], ['valid_from', 'date'], ['valid_to', 'date'],
        ],
        'crm_visits': [
            ['visit_id', string], ['customer_id', string], ['prospect_id', string],
            ['manager_id', string], ['visit_date', 'date'], ['channel', string],
            ['summary', string],
        ],
    }) }}
{%- endmacro %}

{#- True unless the relation is an optional raw table that is absent from the
    warehouse. At parse time (nothing known) it is taken as present. -#}
{% macro raw_table_present(relation) -%}
    {%- if not execute or relation.identifier | lower not in optional_raw_tables() -%}
        {{ return(true) }}
    {%- endif -%}
    {%- set found = adapter.get_relation(
        database=relation.database, schema=relation.schema, identifier=relation.identifier) -%}
    {{ return(found is not none) }}
{%- endmacro %}

{#- What to select from for a raw table: the relation itself, or, for an absent
    optional table, an aliased subquery with its contract columns and types and no row
    (it reads a one-row derived table so that every engine accepts it). -#}
{% macro raw_table_or_empty(relation) -%}
    {%- if raw_table_present(relation) -%}
        {{ return(relation) }}
    {%- endif -%}
    {%- set columns = [] -%}
    {%- for pair in optional_raw_tables()[relation.identifier | lower] -%}
        {%- do columns.append('cast(null as ' ~ pair[1] ~ ') as ' ~ pair[0]) -%}
    {%- endfor -%}
    {%- set empty -%}
        (select {{ columns | join(', ') }} from (select 1 as one) as no_row where 1 = 0) as empty_raw_table
    {%- endset -%}
    {{ return(empty) }}
{%- endmacro %}
