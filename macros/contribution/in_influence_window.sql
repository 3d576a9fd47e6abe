{#- The join condition of a touch that can influence an opportunity: on the same account,
    before the opportunity was created and no more than contribution_influence_window_days
    before it (docs/contribution.md#types). `opportunities` and `touches` are the two sides'
    names in the query. -#}
{% macro in_influence_window(opportunities, touches) -%}
    {{ opportunities }}.account_key = {{ touches }}.account_key
    and {{ opportunities }}.created_at > {{ touches }}.occurred_at
    and {{ dbt.dateadd('day', -1 * var('contribution_influence_window_days'), opportunities ~ '.created_at') }}
    <= {{ touches }}.occurred_at
{%- endmacro %}
