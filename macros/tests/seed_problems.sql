{#- Shared by the seed validation tests: `problems_sql` returns one row per problem
    with the columns seed_row (names the offending row by its key values) and problem
    (what is wrong). At run time the problems are read, and each is reported with the
    seed file's path: an error stops the build with a message naming the file and the
    row; a test configured with severity warn logs them. The test's own query is the
    same SQL, so dbt counts the failing rows as usual. -#}
{% macro seed_problems(model, problems_sql) %}
    {%- set severity = (config.get('severity') or 'error') | lower -%}
    {%- if execute -%}
        {%- set result = run_query(problems_sql) -%}
        {%- if result and result.rows | length > 0 -%}
            {%- set lines = [] -%}
            {%- for row in result.rows[:50] -%}
                {%- do lines.append("seeds/" ~ model.identifier ~ ".csv, row " ~ row[0] ~ ": " ~ row[1]) -%}
            {%- endfor -%}
            {%- if result.rows | length > 50 -%}
                {%- do lines.append("... and " ~ (result.rows | length - 50) ~ " more") -%}
            {%- endif -%}
            {%- if severity == 'error' -%}
                {{ exceptions.raise_compiler_error("Invalid seed edit:\n  " ~ lines | join("\n  ")) }}
            {%- else -%}
                {%- for line in lines -%}
                    {{ log("Seed warning: " ~ line, info=True) }}
                {%- endfor -%}
            {%- endif -%}
        {%- endif -%}
    {%- endif -%}
    {{ problems_sql }}
{% endmacro %}
