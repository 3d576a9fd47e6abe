{#- The emergence score as SQL: the same rules, in the same floating-point steps, as the
    reference kernel emergence.scoring.emergence.score_emergence (docs/emergence_score.md).
    It serves the engines that run no dbt Python models; on DuckDB both run and the test
    rows_agree holds them to each other on every row (DECISIONLOG.md, "Scoring in SQL").

    `inputs` is a relation or CTE with the kernel's input columns, `parameters` one row
    with every parameter (emergence_parameters). The result has the input columns, the
    seven factors, emergence_score, tier and explanation, plus the columns named in
    `carry`. Unlike the kernel it does not check its inputs: the upstream models' tests do.
    A query of its own, with a CTE per step named for what it adds; a caller nests it
    (`scored as ( {{ emergence_score(...) }} )`). -#}
{% macro emergence_score(inputs, parameters, carry=[]) -%}
    {%- set input_columns = [
        'account_key', 'week_start', 'engaged_people', 'engaged_functions', 'concurrent_people',
        'momentum', 'active_weeks', 'role_coverage', 'expected_team_size', 'deep_people',
        'recent_people'] + carry -%}
    {%- set factors = emergence.emergence_factor_names() -%}
with emergence_resolved as (
    {{ emergence.emergence_resolved(inputs, parameters, input_columns) }}
),

emergence_factored as (
    select
        emergence_resolved.*,
        {{ emergence.emergence_factors() }}
    from emergence_resolved
),

emergence_weighed as (
    select
        emergence_factored.*,
        {#- The points each factor adds under the ceiling, multiplied in the kernel's order. #}
        {%- for factor in factors %}
        100.0 * {{ factor }} * (weight_{{ factor }} / weight_total) as points_{{ factor }},
        {%- endfor %}
        {#- The ceiling: 0 with nobody, molecule_max_score / 100 with one person, rising in a
            straight line to 1 at min_people_for_full_score. #}
        case
            when people < 1 then 0
            else least(1, molecule_max_score / 100.0
                + (1 - molecule_max_score / 100.0) * (people - 1) / (min_people_for_full_score - 1))
        end as gate
    from emergence_factored
),

emergence_scored as (
    {#- The points summed left to right, as numpy sums a row of seven, under the ceiling. #}
    {%- set raw_score = '(points_' ~ factors | join(' + points_') ~ ')' %}
    select
        emergence_weighed.*,
        {{ raw_score }} > 100.0 * gate as is_gated,
        greatest(0, least(100, {{ emergence.round_half_even('least(' ~ raw_score ~ ', 100.0 * gate)', 1) }}))
            as emergence_score
    from emergence_weighed
),

emergence_ranked as (
    {#- A factor's rank among the seven by points, ties to the earlier factor (the
        kernel's stable sort). #}
    select
        emergence_scored.*,
        {%- for factor in factors %}
        {%- set position = loop.index0 %}
        1
        {%- for other in factors if other != factor %}
        + case when points_{{ other }} {{ '>=' if factors.index(other) < position else '>' }} points_{{ factor }}
            then 1 else 0 end
        {%- endfor %} as rank_{{ factor }},
        {%- endfor %}
        {{ emergence.emergence_tier() }} as tier
    from emergence_scored
),

emergence_rounded as (
    {#- The numbers the explanation writes, rounded as Python's format() rounds them. #}
    select
        emergence_ranked.*,
        {{ emergence.general_scale('team') }} as team_scale,
        {{ emergence.general_decimals('team') }} as team_decimals,
        {{ emergence.decimal_units('100.0 * (people / team)', 1) }} as engaged_percent,
        {{ emergence.decimal_units('100.0 * role_share', 1) }} as roles_percent,
        {{ emergence.decimal_units('momentum_ratio', 10) }} as momentum_tenths
    from emergence_ranked
),

emergence_team_rounded as (
    {#- The expected team size to six significant digits, as format(x, 'g') writes it. #}
    select
        emergence_rounded.*,
        {{ emergence.decimal_units('team', 'team_scale') }} as team_units
    from emergence_rounded
),

emergence_worded as (
    select
        emergence_team_rounded.*,
        {{ emergence.emergence_phrases() }}
    from emergence_team_rounded
),

emergence_slotted as (
    {#- The phrase at each of the first three ranks, when its factor added points. #}
    select
        emergence_worded.*,
        {%- for slot in range(1, 4) %}
        case
            {%- for factor in factors %}
            when rank_{{ factor }} = {{ slot }} and points_{{ factor }} > 0 then phrase_{{ factor }}
            {%- endfor %}
        end as slot_{{ slot }}{{ ',' if not loop.last }}
        {%- endfor %}
    from emergence_worded
)

select
    {%- for column in input_columns %}
    {{ column }},
    {%- endfor %}
    {%- for factor in factors %}
    {{ factor }},
    {%- endfor %}
    emergence_score,
    tier,
    {{ emergence.emergence_explanation() }} as explanation
from emergence_slotted
{%- endmacro %}

{#- The factors, in the kernel's order (FACTOR_COLUMNS): ranks break ties by it. -#}
{% macro emergence_factor_names() -%}
    {{ return(['breadth', 'diversity', 'concurrency', 'momentum_factor', 'persistence', 'depth', 'recency']) }}
{%- endmacro %}

{#- The inputs as doubles beside the parameters, the expected team size resolved (a
    missing one falls back to default_team_size, below one counts as one), and each
    factor's weight under its factor's name. -#}
{% macro emergence_resolved(inputs, parameters, input_columns) -%}
    {%- set double = emergence.type_double() -%}
    {%- set weights = {
        'breadth': 'weight_breadth', 'diversity': 'weight_diversity', 'concurrency': 'weight_concurrency',
        'momentum_factor': 'weight_momentum', 'persistence': 'weight_persistence', 'depth': 'weight_depth',
        'recency': 'weight_recency'} -%}
    select
        {%- for column in input_columns %}
        inputs.{{ column }},
        {%- endfor %}
        {%- for count in ['engaged_people', 'engaged_functions', 'concurrent_people', 'active_weeks', 'deep_people', 'recent_people'] %}
        cast(inputs.{{ count }} as {{ double }}) as {{ count }}_count,
        {%- endfor %}
        cast(inputs.engaged_people as {{ double }}) as people,
        cast(inputs.momentum as {{ double }}) as momentum_ratio,
        coalesce(cast(inputs.role_coverage as {{ double }}), 0) as role_share,
        inputs.expected_team_size is null as is_default_team,
        greatest(1, coalesce(cast(inputs.expected_team_size as {{ double }}), parameters.default_team_size)) as team,
        {%- for factor, weight in weights.items() %}
        parameters.{{ weight }} as weight_{{ factor }},
        {%- endfor %}
        {#- Added left to right, as Python's sum() adds the weights. #}
        {% for weight in weights.values() -%}
        parameters.{{ weight }}{{ ' + ' if not loop.last }}
        {%- endfor %} as weight_total,
        parameters.full_diversity_functions,
        parameters.diversity_role_weight,
        parameters.momentum_slope,
        parameters.persistence_weeks,
        parameters.concurrency_window_days,
        parameters.recent_window_days,
        parameters.min_people_for_full_score,
        parameters.molecule_max_score,
        parameters.stream_share,
        parameters.river_share,
        parameters.river_min_score
    from {{ inputs }} as inputs
    cross join {{ parameters }} as parameters
{%- endmacro %}

{#- The seven factors, each in [0, 1]: head counts saturate against the expected team
    (n / (n + E)); momentum m becomes 1 / (1 + exp(-s ln m)), one half when unknown. -#}
{% macro emergence_factors() -%}
    engaged_people_count / (engaged_people_count + team) as breadth,
    greatest(0, least(1,
        (1 - diversity_role_weight) * least(1, engaged_functions_count / full_diversity_functions)
        + diversity_role_weight * role_share
    )) as diversity,
    concurrent_people_count / (concurrent_people_count + team) as concurrency,
    case
        when momentum_ratio is null then 0.5
        when momentum_ratio = 0 then 0
        {#- Infinite momentum (engagement from nothing), and ratios so small that exp()
            would overflow where numpy's reaches 1 / inf = 0. #}
        when momentum_ratio > 1.7976931348623157e308 then 1
        when -momentum_slope * ln(momentum_ratio) > 700 then 0
        else 1.0 / (1.0 + exp(-momentum_slope * ln(momentum_ratio)))
    end as momentum_factor,
    greatest(0, least(1, active_weeks_count / persistence_weeks)) as persistence,
    deep_people_count / (deep_people_count + team) as depth,
    recent_people_count / (recent_people_count + team) as recency
{%- endmacro %}

{#- The first rule that matches (docs/domain.md#tiers): one person at most is a molecule;
    a river needs the river share of the expected team active at once and the river
    score; a stream the stream share engaged; the rest are drops. -#}
{% macro emergence_tier() -%}
    case
        when people <= 1 then 'molecule'
        when
            concurrent_people_count >= river_share * team
            and emergence_score >= river_min_score
            then 'river'
        when people >= stream_share * team then 'stream'
        else 'drop'
    end
{%- endmacro %}

{#- Each factor in words, as the kernel's _explain writes it. -#}
{% macro emergence_phrases() -%}
    {%- set team_text -%}
        {{ dbt.concat([
            emergence.format_units('team_units', 'team_scale', 'team_decimals', strip_zeros=true),
            "case when is_default_team then ' (default)' else '' end",
        ]) }}
    {%- endset -%}
    {{ dbt.concat([
        emergence.people_text('engaged_people'), "' engaged, '",
        emergence.format_units('engaged_percent', 1, 0), "'% of the expected team of '", team_text,
    ]) }} as phrase_breadth,
    {{ dbt.concat([
        emergence.people_text('engaged_functions', 'function'), "' and '",
        emergence.format_units('roles_percent', 1, 0), "'% of buying roles covered'",
    ]) }} as phrase_diversity,
    {{ dbt.concat([
        emergence.people_text('concurrent_people'), "' active together in the last '",
        emergence.whole_number_text('concurrency_window_days'), "' days'",
    ]) }} as phrase_concurrency,
    {{ emergence.momentum_words('momentum_ratio', 'momentum_tenths') }} as phrase_momentum_factor,
    {{ dbt.concat([
        "'active in '", emergence.whole_number_text('active_weeks'), "' of the last '",
        emergence.whole_number_text('persistence_weeks'), "' weeks'",
    ]) }} as phrase_persistence,
    {{ dbt.concat([emergence.people_text('deep_people'), "' deeply engaged'"]) }} as phrase_depth,
    {{ dbt.concat([
        emergence.people_text('recent_people'), "' engaged in the last '",
        emergence.whole_number_text('recent_window_days'), "' days'",
    ]) }} as phrase_recency
{%- endmacro %}

{#- The explanation: the factors that added the most points (three, or two and a note
    when the ceiling holds the score down), the head count when none added any. -#}
{% macro emergence_explanation() -%}
    case
        when people = 0 then 'no engaged people in the window'
        else {{ dbt.concat([
            "case when slot_1 is null then phrase_breadth else slot_1 end",
            "coalesce(" ~ dbt.concat(["'; '", 'slot_2']) ~ ", '')",
            "case when is_gated then '' else coalesce(" ~ dbt.concat(["'; '", 'slot_3']) ~ ", '') end",
            "case when is_gated then " ~ dbt.concat([
                "'; score held down: only '", emergence.people_text('engaged_people'),
                "' engaged (full score needs '", emergence.whole_number_text('min_people_for_full_score'), "')'",
            ]) ~ " else '' end",
        ]) }}
    end
{%- endmacro %}

{#- '1 person', '7 people'; with a noun, '1 function', '3 functions'. -#}
{% macro people_text(count, noun='person') -%}
    case
        when {{ count }} = 1 then '1 {{ noun }}'
        else {{ dbt.concat([
            emergence.whole_number_text(count),
            "' people'" if noun == 'person' else "' " ~ noun ~ "s'",
        ]) }}
    end
{%- endmacro %}

{#- Momentum in words: rising or falling with the ratio to one decimal (`tenths`, its
    decimal_units at scale 10), flat when that reads 1.0x, or no prior to compare with. -#}
{% macro momentum_words(momentum, tenths) -%}
    {%- set ratio = dbt.concat([emergence.format_units(tenths, 10, 1), "'x'"]) -%}
    case
        when {{ momentum }} is null then 'no earlier engagement to compare with'
        when {{ momentum }} > 1.7976931348623157e308 then 'engagement rising from nothing'
        when {{ tenths }} = 10 then 'engagement flat (1.0x)'
        when {{ momentum }} > 1 then {{ dbt.concat(["'engagement rising '", ratio]) }}
        else {{ dbt.concat(["'engagement falling to '", ratio]) }}
    end
{%- endmacro %}
