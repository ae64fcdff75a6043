{#- What the nightly run (scripts/nightly.py) needs to know about the raw tables before it
    builds anything, read cheaply on any engine (`dbt run-operation nightly_raw_facts`):
    whether each raw table of the contract exists (or is optional, macro
    optional_raw_tables, and may be absent) and has rows, and for each daily feed of
    var nightly_feeds the first and last readable day of its date column. A day counts when
    it converts to a date (text is cast safely) and lies between var earliest_valid_date and
    `today`: a row dated after today cannot be a day already loaded. Also the default
    as_of_date, as macros/run/run_dates.sql takes it: the latest deposit balance_date, read
    here from the raw table since staging is not built yet. Printed as one line
    `nightly_raw_facts: {json}`; scripts/nightly.py decides what to refuse. -#}
{% macro nightly_raw_facts(today) -%}
    {%- if not execute -%}
        {{ return(none) }}
    {%- endif -%}
    {#- what the models' on-run-start hook makes (PostgreSQL before 16: the safe cast) -#}
    {%- do run_query(create_engine_functions()) -%}
    {%- set feeds = var('nightly_feeds', {}) -%}
    {%- set required = var('nightly_required_tables', []) -%}
    {%- set facts = {'tables': {}, 'default_as_of_date': none, 'feeds': feeds, 'required': required,
        'schema': var('raw_schema', 'raw'), 'today': today | string} -%}
    {%- set balances = source('core', 'deposit_balances') -%}
    {%- for node in graph.sources.values() if node.package_name == project_name -%}
        {%- set relation = adapter.get_relation(database=node.database, schema=node.schema,
            identifier=node.identifier) -%}
        {%- set table = {'exists': relation is not none, 'has_rows': none, 'first_day': none, 'last_day': none,
            'optional': node.identifier | lower in optional_raw_tables()} -%}
        {%- if relation is not none and (node.identifier in feeds or node.identifier in required
            or node.identifier == balances.identifier) -%}
            {%- set date_column = feeds[node.identifier].date_column if node.identifier in feeds
                else (none if node.identifier != balances.identifier else 'balance_date') -%}
            {%- set row = run_query(nightly_table_query(relation, date_column, today)).rows[0] -%}
            {%- do table.update({'has_rows': row[0] | int > 0}) -%}
            {%- if date_column is not none -%}
                {%- do table.update({'first_day': none if row[1] is none else (row[1] | string)[:10],
                    'last_day': none if row[2] is none else (row[2] | string)[:10]}) -%}
            {%- endif -%}
            {%- if node.identifier == balances.identifier -%}
                {%- do facts.update({'default_as_of_date': table.last_day}) -%}
            {%- endif -%}
        {%- endif -%}
        {%- do facts.tables.update({node.identifier: table}) -%}
    {%- endfor -%}
    {{ print('nightly_raw_facts: ' ~ tojson(facts)) }}
{%- endmacro %}

{#- SQL: one row of (has a row: 0 or 1, first readable day, last readable day) of a raw
    table; the days are null when `date_column` is none. -#}
{% macro nightly_table_query(relation, date_column, today) -%}
    {%- set text_columns = raw_text_columns(relation) -%}
    select
        (select count(*) from (select 1 as present from {{ relation }} limit 1) as first_row) as has_rows,
    {%- if date_column is none %}
        cast(null as date) as first_day,
        cast(null as date) as last_day
    {%- else %}
        {%- set day = typed_column(date_column, 'date', text_columns) %}
        (select min(readable.day) from (select {{ day }} as day from {{ relation }}) as readable
            where readable.day >= {{ date_literal(var('earliest_valid_date')) }}
            and readable.day <= {{ date_literal(today) }}) as first_day,
        (select max(readable.day) from (select {{ day }} as day from {{ relation }}) as readable
            where readable.day >= {{ date_literal(var('earliest_valid_date')) }}
            and readable.day <= {{ date_literal(today) }}) as last_day
    {%- endif %}
{%- endmacro %}

{#- The number of rows in dq_rejected_rows after a night's build, printed as
    `nightly_rejected_rows: n` (engines whose warehouse scripts/nightly.py cannot open itself). -#}
{% macro nightly_rejected_rows() -%}
    {%- if execute -%}
        {%- set row = run_query('select count(*) from ' ~ ref('dq_rejected_rows')).rows[0] -%}
        {{ print('nightly_rejected_rows: ' ~ (row[0] | int)) }}
    {%- endif -%}
{%- endmacro %}
