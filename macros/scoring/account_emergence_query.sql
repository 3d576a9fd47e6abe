{#- The query of fct_account_emergence as SQL, shared by the mart on engines that run no
    dbt Python models (models/marts/accounts/sql_scoring/) and by its DuckDB twin
    fct_account_emergence_sql_reference, so that the query the test compares is the one
    those engines run. Columns in the order of the Python model's OUTPUT_DTYPES, so the
    mart reads the same on every engine. -#}
{% macro account_emergence_query() -%}
with inputs as (
    select * from {{ ref('int_emergence__inputs') }}
),

parameters as (
    {{ emergence.emergence_parameters(ref('scoring_parameters'), var('emergence_parameter_set')) }}
),

scored as (
    {{ emergence.emergence_score('inputs', 'parameters') }}
),

final as (
    select
        {{ dbt.concat(['account_key', "':'", dbt.cast('week_start', dbt.type_string())]) }} as account_week_key,
        account_key,
        cast(week_start as {{ dbt.type_timestamp() }}) as week_start,
        {%- for count in ['engaged_people', 'engaged_functions', 'concurrent_people', 'deep_people', 'recent_people'] %}
        cast({{ count }} as {{ dbt.type_bigint() }}) as {{ count }},
        {%- endfor %}
        cast(momentum as {{ emergence.type_double() }}) as momentum,
        cast(active_weeks as {{ dbt.type_bigint() }}) as active_weeks,
        cast(role_coverage as {{ emergence.type_double() }}) as role_coverage,
        cast(expected_team_size as {{ emergence.type_double() }}) as expected_team_size,
        {%- for factor in emergence.emergence_factor_names() + ['emergence_score'] %}
        cast({{ factor }} as {{ emergence.type_double() }}) as {{ factor }},
        {%- endfor %}
        cast(tier as {{ dbt.type_string() }}) as tier,
        cast(explanation as {{ dbt.type_string() }}) as explanation,
        cast('{{ var("emergence_parameter_set") }}' as {{ dbt.type_string() }}) as parameter_set
    from scored
)

select * from final
{%- endmacro %}
