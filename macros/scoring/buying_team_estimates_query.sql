{#- The query of fct_buying_team_estimates as SQL, shared by the mart on engines that run
    no dbt Python models (models/marts/accounts/sql_scoring/) and by its DuckDB twin
    fct_buying_team_estimates_sql_reference, so that the query the test compares is the
    one those engines run. Parameters from the vars the Python model reads; columns in
    the order of its OUTPUT_DTYPES, so the mart reads the same on every engine. -#}
{% macro buying_team_estimates_query() -%}
with counts as (
    select * from {{ ref('int_buying_team__window_counts') }}
),

parameters as (
    select
        cast({{ var('team_capture_occasions') }} as {{ emergence.type_double() }}) as occasions,
        cast({{ var('team_prior_strength') }} as {{ emergence.type_double() }}) as prior_strength,
        cast({{ var('team_min_known_people') }} as {{ emergence.type_double() }}) as min_known_people,
        cast({{ var('team_interval_confidence') }} as {{ emergence.type_double() }}) as confidence
),

estimated as (
    {{ emergence.team_size_estimates('counts', 'parameters', carry=[
        'account_week_key', 'size_band', 'industry', 'roles_seen', 'required_roles', 'role_coverage',
        'roles_seen_list',
    ]) }}
),

final as (
    select
        account_week_key,
        account_key,
        cast(week_start as {{ dbt.type_timestamp() }}) as week_start,
        size_band,
        industry,
        {%- for count in ['known_seen', 'anonymous_seen', 'q1', 'q2'] %}
        cast({{ count }} as {{ dbt.type_bigint() }}) as {{ count }},
        {%- endfor %}
        {%- for estimate in ['seen', 'unseen', 'unseen_low', 'unseen_high', 'expected_team_size',
            'estimated_team_size', 'estimated_low', 'estimated_high'] %}
        cast({{ estimate }} as {{ emergence.type_double() }}) as {{ estimate }},
        {%- endfor %}
        cast(estimate_method as {{ dbt.type_string() }}) as estimate_method,
        cast(roles_seen as {{ dbt.type_bigint() }}) as roles_seen,
        cast(required_roles as {{ dbt.type_bigint() }}) as required_roles,
        cast(role_coverage as {{ emergence.type_double() }}) as role_coverage,
        cast(roles_seen_list as {{ dbt.type_string() }}) as roles_seen_list
    from estimated
)

select * from final
{%- endmacro %}
