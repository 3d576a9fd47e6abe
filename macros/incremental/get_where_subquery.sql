{#- dbt reads the model of every generic data test through get_where_subquery, which
    applies the test's `where` config; this project's version replaces dbt's own and adds
    the daily run's restriction (DECISIONLOG.md, "The daily run's checks").

    With the var daily_checks on (the daily scheduled run sets it), a test on a model that
    declares `meta: daily_rows` reads only the rows the day wrote: those within the model's
    lookback of its newest row, which the incremental run rewrote. `unique` reads every
    row whose key the day wrote, so a new row that repeats an old key still fails.
    Relationships read the child rows of the day. Other tests (unique_combination,
    row counts) and every test of a model without daily_rows read everything, as does
    every run without the var (make test, CI, the Sunday full refresh). -#}
{% macro get_where_subquery(relation) -%}
    {%- set conditions = [] -%}
    {%- set where = config.get('where', '') -%}
    {%- if where -%}
        {%- do conditions.append('(' ~ where ~ ')') -%}
    {%- endif -%}
    {%- set daily = emergence.daily_rows_condition(relation) -%}
    {%- if daily -%}
        {%- do conditions.append(daily) -%}
    {%- endif -%}
    {%- if conditions -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ conditions | join(' and ') }}) dbt_subquery
        {%- endset -%}
        {%- do return(filtered) -%}
    {%- endif -%}
    {%- do return(relation) -%}
{%- endmacro %}

{#- The condition that keeps the rows of `relation` the day wrote, for the data test being
    compiled, or none when the test reads everything. The tested model names its window in
    `meta: daily_rows: {column, datepart, lookback_var}`. -#}
{% macro daily_rows_condition(relation) -%}
    {%- if not (execute and var('daily_checks', false)) -%}
        {%- do return(none) -%}
    {%- endif -%}
    {%- set tested = graph.nodes.get(model.get('attached_node') or '', {}) -%}
    {%- set window = (tested.get('config', {}).get('meta') or {}).get('daily_rows') -%}
    {%- set test_name = (model.get('test_metadata') or {}).get('name') -%}
    {%- if not window or test_name not in ['not_null', 'accepted_values', 'expression_is_true', 'relationships', 'unique'] -%}
        {%- do return(none) -%}
    {%- endif -%}
    {%- set recent = window.column ~ ' >= (select '
        ~ dbt.dateadd(window.datepart, -1 * var(window.lookback_var), 'max(' ~ window.column ~ ')')
        ~ ' from ' ~ relation ~ ')' -%}
    {%- if test_name == 'unique' -%}
        {%- set key = model.test_metadata.kwargs.column_name -%}
        {%- do return(key ~ ' in (select ' ~ key ~ ' from ' ~ relation ~ ' where ' ~ recent ~ ')') -%}
    {%- endif -%}
    {%- do return(recent) -%}
{%- endmacro %}
