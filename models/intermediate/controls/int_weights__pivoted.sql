{#- The weights seed as one row, one column per weight: <weight_group>__<component>
    (for example bank_value__market_share), for the models that compute weighted scores
    (docs/segmentation_rules.md §6, §7). The seed's validation guarantees each group sums to 1 and names only
    the components of weight_components(). -#}

with weights as (

    select
        weight_group,
        component,
        weight
    from {{ ref('weights') }}

),

final as (

    select
        {%- for group, components in weight_components().items() %}
            {%- set outer_last = loop.last %}
            {%- for component in components %}
                max(case when weight_group = '{{ group }}' and component = '{{ component }}' then weight end)
                    as {{ group }}__{{ component }}{% if not (outer_last and loop.last) %},{% endif %}
            {%- endfor %}
        {%- endfor %}
    from weights

)

select * from final
