{#- Coverage of a history mart (docs/segmentation_rules.md §12): the mart's slice for the as_of_date of `to`
    (an intermediate model of the run, with an as_of_date column) holds exactly the keys
    of `to`, no more, no fewer. Other slices are history and are not compared. -#}
{% test slice_matches(model, column_name, to, field) %}

with expected as (

    select distinct
        as_of_date,
        {{ field }} as key_value
    from {{ to }}

),

slice as (

    select
        {{ column_name }} as key_value
    from {{ model }}
    where as_of_date in (select expected.as_of_date from expected)

)

select
    'missing from the slice' as problem,
    expected.key_value
from expected
left join slice
    on expected.key_value = slice.key_value
where slice.key_value is null

union all

select
    'not expected in the slice' as problem,
    slice.key_value
from slice
left join expected
    on slice.key_value = expected.key_value
where expected.key_value is null

{% endtest %}
