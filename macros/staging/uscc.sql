{#- True when `column` is a well-formed unified social credit code (统一社会信用代码,
    GB 32100-2015): 18 characters of the code's 31-character set, positions 3-8
    digits, and the position-18 check character right (modulus 31, weights 3^(i-1)
    mod 31 over positions 1-17). Position 17, the inner organisation-code check, is
    not checked. Null is not valid. The character set and weights are fixed by the
    national standard, not tunable. -#}
{% macro uscc_is_valid(column) -%}
    {%- set charset = '0123456789ABCDEFGHJKLMNPQRTUWXY' -%}
    {%- set value_terms = [] -%}
    {%- set weighted_terms = [] -%}
    {%- for position in range(1, 19) -%}
        {%- set char_value = "(" ~ dbt.position("substring(" ~ column ~ ", " ~ position ~ ", 1)", "'" ~ charset ~ "'") ~ " - 1)" -%}
        {%- do value_terms.append(char_value) -%}
        {%- set weight = 1 if position == 18 else (3 ** (position - 1)) % 31 -%}
        {%- do weighted_terms.append(char_value ~ " * " ~ weight) -%}
    {%- endfor -%}
    coalesce(
        length({{ column }}) = 18
        {%- for term in value_terms %}
        and {{ term }} >= 0
        {%- if loop.index in range(3, 9) %} and {{ term }} <= 9{% endif %}
        {%- endfor %}
        and mod({{ weighted_terms | join(' + ') }}, 31) = 0,
        false
    )
{%- endmacro %}
