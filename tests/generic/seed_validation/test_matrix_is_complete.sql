{#- Each population of the segment matrix has each of its four band combinations
    (x_band × y_band, high/low) exactly once, and both populations are present. -#}
{% test matrix_is_complete(model, populations=['existing', 'target'], bands=['high', 'low']) %}
    {%- set problems_sql -%}
        {%- set combinations = [] -%}
        {%- for population in populations -%}
            {%- for x_band in bands -%}
                {%- for y_band in bands -%}
                    {%- do combinations.append(
                        "select '" ~ population ~ "' as population, '" ~ x_band ~ "' as x_band, '"
                        ~ y_band ~ "' as y_band") -%}
                {%- endfor -%}
            {%- endfor -%}
        {%- endfor %}
        with expected as (

            {{ combinations | join('\n            union all\n            ') }}

        ),

        actual as (

            select population, x_band, y_band, count(*) as row_count
            from {{ model }}
            group by population, x_band, y_band

        )

        select
            'population=' || coalesce(expected.population, actual.population)
            || ', x_band=' || coalesce(expected.x_band, actual.x_band)
            || ', y_band=' || coalesce(expected.y_band, actual.y_band) as seed_row,
            case
                when actual.row_count is null then 'this band combination is missing; each population needs all four'
                when expected.population is null then 'not a valid population and band combination'
                else 'appears ' || cast(actual.row_count as {{ dbt.type_string() }}) || ' times; it must appear once'
            end as problem
        from expected
        full outer join actual
            on expected.population = actual.population
            and expected.x_band = actual.x_band
            and expected.y_band = actual.y_band
        where actual.row_count is null or expected.population is null or actual.row_count <> 1
    {%- endset -%}
    {{ seed_problems(model, problems_sql) }}
{% endtest %}
