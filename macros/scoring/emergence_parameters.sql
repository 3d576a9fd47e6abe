{#- The emergence score's parameters as one row: the set `parameter_set` of the
    scoring_parameters seed turned into columns, and the windows that shaped the inputs
    from the vars the Python model reads (emergence_persistence_weeks,
    concurrency_window_days, emergence_recent_window_days). The query stops, as
    emergence.scoring.parameters.params_from_table does, when the set is missing, lacks a
    parameter, repeats one or holds an unknown one, and, as EmergenceParams does, when a
    value is out of its range. -#}
{% macro emergence_parameters(seed, parameter_set) -%}
    {%- set stored = emergence.emergence_parameter_names() -%}
    {%- set double = emergence.type_double() -%}
    {%- set checks = [
        'default_team_size > 0',
        'full_diversity_functions >= 1 and full_diversity_functions = floor(full_diversity_functions)',
        'persistence_weeks >= 1 and persistence_weeks = floor(persistence_weeks)',
        'concurrency_window_days >= 1 and concurrency_window_days = floor(concurrency_window_days)',
        'recent_window_days >= 1 and recent_window_days = floor(recent_window_days)',
        'min_people_for_full_score >= 2 and min_people_for_full_score = floor(min_people_for_full_score)',
        'diversity_role_weight between 0 and 1',
        'momentum_slope > 0',
        'least(weight_breadth, weight_diversity, weight_concurrency, weight_momentum, weight_persistence,'
        ~ ' weight_depth, weight_recency) >= 0',
        'weight_breadth + weight_diversity + weight_concurrency + weight_momentum + weight_persistence'
        ~ ' + weight_depth + weight_recency > 0',
        'molecule_max_score between 0 and 100',
        'river_min_score between 0 and 100',
        'stream_share > 0 and stream_share <= 1',
        'river_share > 0 and river_share <= 1',
    ] -%}
    select
        {%- for name in stored %}
        {{ name }},
        {%- endfor %}
        persistence_weeks,
        concurrency_window_days,
        recent_window_days
    from (
        select
            {%- for name in stored %}
            max(case when parameter = '{{ name }}' then value end) as {{ name }},
            {%- endfor %}
            cast({{ var('emergence_persistence_weeks') }} as {{ double }}) as persistence_weeks,
            cast({{ var('concurrency_window_days') }} as {{ double }}) as concurrency_window_days,
            cast({{ var('emergence_recent_window_days') }} as {{ double }}) as recent_window_days,
            count(*) as parameter_rows,
            count(distinct parameter) as distinct_parameters,
            sum(case when parameter in ('{{ stored | join("', '") }}') then 1 else 0 end) as known_parameters
        from {{ seed }}
        where parameter_set = '{{ parameter_set }}'
    ) as pivoted
    where {{ emergence.fail_when(
        'not (parameter_rows = ' ~ stored | length ~ ' and distinct_parameters = ' ~ stored | length
        ~ ' and known_parameters = ' ~ stored | length ~ ')',
        "'scoring_parameters: the set " ~ parameter_set ~ " must hold each of "
        ~ stored | join(', ') ~ " once, and nothing else'",
    ) }}
    and {{ emergence.fail_when(
        'not (' ~ checks | join(' and ') ~ ')',
        "'scoring_parameters: a value of the set " ~ parameter_set
        ~ " is out of its range (docs/emergence_score.md#parameters)'",
    ) }}
{%- endmacro %}

{#- The parameters a set of the seed holds: every field of EmergenceParams but the
    windows (emergence.scoring.parameters.stored_parameters; a test holds the two equal). -#}
{% macro emergence_parameter_names() -%}
    {{ return([
        'default_team_size', 'full_diversity_functions', 'diversity_role_weight', 'momentum_slope',
        'weight_breadth', 'weight_diversity', 'weight_concurrency', 'weight_momentum',
        'weight_persistence', 'weight_depth', 'weight_recency', 'min_people_for_full_score',
        'molecule_max_score', 'stream_share', 'river_share', 'river_min_score',
    ]) }}
{%- endmacro %}
