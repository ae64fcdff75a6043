{#- Reconciliation: on every row, the sum of the `plus` columns minus the `minus`
    columns equals `total` exactly (to the cent for money). Returns the rows where it
    does not, with the difference. -#}
{% test components_add_up(model, total, plus, minus=[]) %}

select
    *,
    {{ total }} - ({{ plus | join(' + ') }}{% for column in minus %} - {{ column }}{% endfor %}) as difference
from {{ model }}
where {{ total }} is distinct from ({{ plus | join(' + ') }}{% for column in minus %} - {{ column }}{% endfor %})

{% endtest %}
