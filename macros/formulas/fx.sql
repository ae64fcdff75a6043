{#- An amount in `currency` converted to CNY at `cny_per_unit` (the day's rate, null
    when there is none): the base currency (var base_currency) at 1, a missing rate
    gives 0 (docs/segmentation_rules.md §13.7). Exact: DECIMAL(38,10). -#}
{% macro to_cny(amount, currency, cny_per_unit) -%}
    {#- The factors are cast to the contract's decimal(20,2) and to decimal(12,8) (a rate
        below 10,000 CNY per unit), so that the product, decimal(33,10), is exact on every
        engine: Spark cuts the scale of a product wider than 38 digits. -#}
    cast(
        cast({{ amount }} as decimal(20,2)) * case
            when {{ currency }} = '{{ var("base_currency") }}' then cast(1 as decimal(12,8))
            else coalesce(cast({{ cny_per_unit }} as decimal(12,8)), cast(0 as decimal(12,8)))
        end
        as decimal(38,10))
{%- endmacro %}

{#- True when an amount in `currency` has no rate for its day. -#}
{% macro is_fx_rate_missing(currency, cny_per_unit) -%}
    ({{ currency }} <> '{{ var("base_currency") }}' and {{ cny_per_unit }} is null)
{%- endmacro %}

{#- Join condition: the rate of `fx_alias` (int_fx_rates__validity) that applies to an
    amount in `currency` on `day`, the latest rate on or before it (docs/segmentation_rules.md §0). -#}
{% macro fx_rate_applies(fx_alias, currency, day) -%}
    {{ currency }} = {{ fx_alias }}.currency
    and {{ day }} >= {{ fx_alias }}.valid_from
    and ({{ fx_alias }}.valid_until is null or {{ day }} < {{ fx_alias }}.valid_until)
{%- endmacro %}
