{#- The calendar the semantic layer (MetricFlow) joins metrics to: one row per day from
    var time_spine_start to var time_spine_end, built with dbt's portable date_spine so
    that it runs on every engine. -#}
-- depends_on: {{ ref('int_controls__validated') }}

with days as (

    {{ dbt.date_spine(
        'day',
        date_literal(var('time_spine_start')),
        date_literal(var('time_spine_end'))
    ) }}

),

final as (

    select cast(date_day as date) as date_day
    from days

)

select * from final
