-- Every channel that a touch or a touch weight names is one of touch_channels(), and the
-- buying-team estimator's capture occasions (var team_capture_occasions) are as many as
-- the channels (docs/team_size.md). Returns one row per problem.
{%- set channels = emergence.touch_channels() %}

with touches as (
    select * from {{ ref('fct_touches') }}
),

weights as (
    select * from {{ ref('touch_weights') }}
),

named as (
    select distinct
        channel,
        'fct_touches' as found_in
    from touches
    union all
    select distinct
        channel,
        'touch_weights' as found_in
    from weights
),

undeclared as (
    select
        found_in,
        channel as problem
    from named
    where channel not in ('{{ channels | join("', '") }}')
),

occasions as (
    select
        'var team_capture_occasions' as found_in,
        'is {{ var("team_capture_occasions") }}, not the {{ channels | length }} channels' as problem
    where {{ var('team_capture_occasions') }} <> {{ channels | length }}
),

final as (
    select * from undeclared
    union all
    select * from occasions
)

select * from final
