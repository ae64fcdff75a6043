{#- An amount in `currency` converted to CNY at `cny_per_unit` (the day's rate, null
    when there is none): the base currency (var base_currency) at 1, a missing rate
    gives 0 (RULES 13.7). Exact: DECIMAL(38,10). -#}
{% macro to_cny(amount, currency, cny_per_unit) -%}
    cast(
        {{ amount }} * case
            when {{ currency }} = '{{ var("base_currency") }}' then 1
            else coalesce({{ cny_per_unit }}, 0)
        end
        as decimal(38,10))
{%- endmacro %}

{#- True when an amount in `currency` has no rate for its day. -#}
{% macro is_fx_rate_missing(currency, cny_per_unit) -%}
    ({{ currency }} <> '{{ var("base_currency") }}' and {{ cny_per_unit }} is null)
{%- endmacro %}

{#- Join condition: the rate of `fx_alias` (int_fx_rates__validity) that applies to an
    amount in `currency` on `day`, the latest rate on or before it (RULES 0). -#}
{% macro fx_rate_applies(fx_alias, currency, day) -%}
    {{ currency }} = {{ fx_alias }}.currency
    and {{ day }} >= {{ fx_alias }}.valid_from
    and ({{ fx_alias }}.valid_until is null or {{ day }} < {{ fx_alias }}.valid_until)
{%- endmacro %}
