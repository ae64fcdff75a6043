{#- Helpers of the rejection pattern (base_<system>__<table> models): how a raw column
    is cleaned, cast and checked. A loader may land the raw tables typed, as the
    contract says, or as text; the base models work on either, and only pay for
    parsing where a column really is text. -#}

{#- The names (lower case) of the relation's columns that are text. At parse time
    nothing is known and the list is empty. -#}
{% macro raw_text_columns(relation) -%}
    {%- set names = [] -%}
    {%- if execute -%}
        {%- for column in adapter.get_columns_in_relation(relation) -%}
            {%- if column.is_string() -%}
                {%- do names.append(column.name | lower) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(names) }}
{%- endmacro %}

{#- Text value trimmed, with an empty string taken as missing. -#}
{% macro clean_text(column) -%}
    nullif(trim({{ column }}), '')
{%- endmacro %}

{#- Enumerated code: trimmed and lower case. -#}
{% macro clean_code(column) -%}
    lower({{ clean_text(column) }})
{%- endmacro %}

{#- Identifier-like code (industry_code, USCC, currency): trimmed and upper case. -#}
{% macro clean_upper(column) -%}
    upper({{ clean_text(column) }})
{%- endmacro %}

{#- A raw column cast to its contract type, or null when its value does not convert
    or is not finite: the trimmed text when the loader landed text, else the column as
    landed (a typed loader may still have used another type, e.g. a DOUBLE holding inf).
    Never a bare cast, so no raw value can stop the build. -#}
{% macro typed_column(column, data_type, text_columns) -%}
    {%- set value = clean_text(column) if column | lower in text_columns else column -%}
    {{ finite_or_null(cast_or_null(value, data_type), data_type) }}
{%- endmacro %}

{#- True when a column holds a value (not missing) that does not convert to its type,
    or converts to a non-finite one (inf, NaN, an infinite date). -#}
{% macro is_wrong_type(column, data_type, text_columns) -%}
    {%- set value = clean_text(column) if column | lower in text_columns else column -%}
    ({{ value }} is not null and {{ typed_column(column, data_type, text_columns) }} is null)
{%- endmacro %}

{#- Name of the first typed column holding a value of the wrong type (null if none).
    `typed_columns` is a list of [column, data_type] pairs. -#}
{% macro wrong_type_column(typed_columns, text_columns) -%}
    case
        {%- for pair in typed_columns %}
        when {{ is_wrong_type(pair[0], pair[1], text_columns) }} then '{{ pair[0] }}'
        {%- endfor %}
    end
{%- endmacro %}

{#- SQL: the largest amount the marts take, parameter max_plausible_amount_cny of the
    parameters seed (its global row), as a scalar subquery. -#}
{% macro max_plausible_amount() -%}
    (select max(value) from {{ ref('parameters') }}
        where parameter_name = 'max_plausible_amount_cny' and scope_type = 'global')
{%- endmacro %}

{#- The implausible_amount check of first_failing_check: [reason_code, condition,
    reason_sql] for the first amount beyond the plausible bound in absolute value.
    `amounts` is a list of [column name, typed expression] pairs; a null amount passes. -#}
{% macro implausible_amount_check(amounts) -%}
    {%- set conditions = [] -%}
    {%- set reasons = [] -%}
    {%- for pair in amounts -%}
        {%- set condition = 'abs(' ~ pair[1] ~ ') > ' ~ max_plausible_amount() -%}
        {%- do conditions.append(condition) -%}
        {%- do reasons.append('when ' ~ condition ~ " then '" ~ pair[0]
            ~ " is beyond max_plausible_amount_cny (parameters seed)'") -%}
    {%- endfor -%}
    {{ return(['implausible_amount', '(' ~ conditions | join(' or ') ~ ')',
        'case ' ~ reasons | join(' ') ~ ' end']) }}
{%- endmacro %}

{#- The raw row as readable text, `column=value` pairs joined by `; `, null shown as
    NULL, so that a rejected row can be read and re-loaded by hand. The columns named in
    `masked` hold personal data (PII: names, USCC): they show only their first
    character (mask_pii), and the full value stays in the raw table, found by the row's
    record_key. -#}
{% macro raw_row_text(columns, masked=[]) -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- set value = "cast(" ~ column ~ " as " ~ dbt.type_string() ~ ")" -%}
        {%- if column in masked -%}
            {%- set value = mask_pii(value) -%}
        {%- endif -%}
        {%- do parts.append("'" ~ column ~ "='") -%}
        {%- do parts.append("coalesce(" ~ value ~ ", 'NULL')") -%}
        {%- if not loop.last -%}{%- do parts.append("'; '") -%}{%- endif -%}
    {%- endfor -%}
    {{ dbt.concat(parts) }}
{%- endmacro %}

{#- A personal-data text value masked for readers who must not see it: its first
    character followed by `***` (null stays null), the same on every engine. -#}
{% macro mask_pii(value) -%}
    case when {{ value }} is not null then {{ dbt.concat(["substring(" ~ value ~ ", 1, 1)", "'***'"]) }} end
{%- endmacro %}

{#- Business key of a row as text: the primary-key values joined by `|`, dates as
    YYYY-MM-DD, a missing part as an empty string. `columns` are the cleaned (typed)
    key columns; a key value that failed to parse falls back to its trimmed raw text,
    given in `raw_columns` (same order). -#}
{% macro record_key(columns, raw_columns=none) -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- set fallback = "" -%}
        {%- if raw_columns is not none -%}
            {%- set fallback = ", " ~ clean_text("cast(" ~ raw_columns[loop.index0] ~ " as " ~ dbt.type_string() ~ ")") -%}
        {%- endif -%}
        {%- do parts.append("coalesce(cast(" ~ column ~ " as " ~ dbt.type_string() ~ ")" ~ fallback ~ ", '')") -%}
        {%- if not loop.last -%}{%- do parts.append("'|'") -%}{%- endif -%}
    {%- endfor -%}
    {{ dbt.concat(parts) }}
{%- endmacro %}

{#- Position of a row among the copies of its (non-null) key: 1 is the survivor.
    `order_by` gives the survivor order, e.g. every raw column as text in contract
    order, nulls last. -#}
{% macro copy_number(key_columns, order_by) -%}
    row_number() over (
        partition by {{ key_columns | join(', ') }}
        order by {{ order_by | join(', ') }}
    )
{%- endmacro %}

{#- Survivor order of the contract: every raw column as text, in contract order,
    nulls last. -#}
{% macro columns_as_text_order(columns) -%}
    {%- set terms = [] -%}
    {%- for column in columns -%}
        {%- do terms.append("cast(" ~ column ~ " as " ~ dbt.type_string() ~ ") asc nulls last") -%}
    {%- endfor -%}
    {{ return(terms) }}
{%- endmacro %}

{#- The first failing check of a row, in the order given: two columns, reason_code
    and reason (a sentence naming the offending value). `checks` is a list of
    [reason_code, condition, reason_sql] triples; a row failing none is accepted
    (both columns null). -#}
{% macro first_failing_check(checks) -%}
    case
        {%- for check in checks %}
        when {{ check[1] }} then '{{ check[0] }}'
        {%- endfor %}
    end as reason_code,
    case
        {%- for check in checks %}
        when {{ check[1] }} then {{ check[2] }}
        {%- endfor %}
    end as reason
{%- endmacro %}

{#- Data-quality flags of a kept row: the codes whose condition holds, sorted and
    joined by `;`, empty when clean. `flags` is a list of [flag, condition] pairs. -#}
{% macro dq_flags(flags) -%}
    {%- set parts = [] -%}
    {%- for flag in flags | sort(attribute=0) -%}
        {%- do parts.append("case when " ~ flag[1] ~ " then '" ~ flag[0] ~ "' end") -%}
    {%- endfor -%}
    coalesce(concat_ws(';', {{ parts | join(', ') }}), '')
{%- endmacro %}

{#- The contract's enumerated codes that no seed carries. -#}
{% macro contract_codes(code_type) -%}
    {%- set codes = {
        'customer_kind': ['enterprise', 'government', 'public_institution', 'social_organization', 'financial_institution'],
        'customer_status': ['active', 'closed'],
        'prospect_status': ['open', 'converted', 'dropped'],
        'customer_tag': ['internet', 'iot', 'mobile_payment'],
        'direction': ['credit', 'debit'],
        'exposure_type': ['on_balance', 'off_balance'],
        'manager_role': ['primary', 'secondary'],
        'visit_channel': ['on_site', 'phone', 'video', 'event', 'other'],
    } -%}
    {%- if code_type not in codes -%}
        {{ exceptions.raise_compiler_error("contract_codes: no code list named " ~ code_type) }}
    {%- endif -%}
    {{ return(codes[code_type]) }}
{%- endmacro %}

{#- SQL list literal of a contract code list, for `in (...)`. -#}
{% macro contract_code_list(code_type) -%}
    {%- set quoted = [] -%}
    {%- for code in contract_codes(code_type) -%}
        {%- do quoted.append("'" ~ code ~ "'") -%}
    {%- endfor -%}
    ({{ quoted | join(', ') }})
{%- endmacro %}

{#- A date before the earliest plausible date (var earliest_valid_date). -#}
{% macro is_too_early(column) -%}
    ({{ column }} < cast('{{ var("earliest_valid_date") }}' as date))
{%- endmacro %}

{#- True when any of the raw key columns is missing (null, or blank text). A key
    value that is present but does not parse is not missing: it is wrong_type. -#}
{% macro any_missing(columns, text_columns) -%}
    {%- set terms = [] -%}
    {%- for column in columns -%}
        {%- if column | lower in text_columns -%}
            {%- do terms.append(clean_text(column) ~ " is null") -%}
        {%- else -%}
            {%- do terms.append(column ~ " is null") -%}
        {%- endif -%}
    {%- endfor -%}
    ({{ terms | join(' or ') }})
{%- endmacro %}
