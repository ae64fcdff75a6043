{#- Every weight group and component of the weights seed is one the models compute
    (the weight_components macro), and every computed component has a weight. -#}
{% test weight_components_known(model) %}
    {%- set known = [] -%}
    {%- for group, components in weight_components().items() -%}
        {%- for component in components -%}
            {%- do known.append("select '" ~ group ~ "' as weight_group, '" ~ component ~ "' as component") -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set problems_sql -%}
        with known as (

            {{ known | join('\n            union all\n            ') }}

        )

        select
            'weight_group=' || coalesce(seeded.weight_group, known.weight_group)
            || ', component=' || coalesce(seeded.component, known.component) as seed_row,
            case
                when known.component is null then 'not a component the models compute for this weight group'
                else 'missing: every component of the group needs a weight (0 to leave it out)'
            end as problem
        from {{ model }} as seeded
        full outer join known
            on seeded.weight_group = known.weight_group
            and seeded.component = known.component
        where seeded.component is null or known.component is null
    {%- endset -%}
    {{ seed_problems(model, problems_sql) }}
{% endtest %}
