{#- PostgreSQL: dbt drops the backup of a rebuilt relation with `cascade`, which drops the
    views built on it too. Two threads doing so for relations with a shared dependent view
    can deadlock on the catalog (dbt-core issue 9246), failing a nightly run at random.
    Each drop here first takes one transaction-level advisory lock (a fixed key of this
    project), so that drops run one at a time, as dbt once did for Redshift; everything
    else still runs in parallel. -#}
{% macro postgres__drop_relation(relation) -%}
    {% call statement('drop_relation', auto_begin=False) -%}
        select pg_advisory_xact_lock(20261129);
        {{ get_drop_sql(relation) }}
    {%- endcall %}
{%- endmacro %}
