{#- Whether a raw table is switched on. The same two vars gate the table in its sources
    YAML: emergence__using_<source> for the whole source and
    emergence__using_<source>_<table> for one table. Both default to true. -#}
{% macro source_is_enabled(source_name, table_name) -%}
    {{- return(
        var('emergence__using_' ~ source_name, true)
        and var('emergence__using_' ~ source_name ~ '_' ~ table_name, true)
    ) -}}
{%- endmacro %}
