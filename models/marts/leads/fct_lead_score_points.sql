-- Every point of every lead score, one row per rule a person met (and, for activity, per
-- touch that met it): the trail that explains a score (docs/lead_management.md#scorecard).
-- Rules come from the lead_scorecard_rules seed, which sales and marketing edit together.
-- Who-they-are rules (demographics, attributes) and buying status (BANT) count once per
-- person, from the moment the fact was first seen; activity rules count every touch, and
-- fct_lead_scores decays them with the half-life.
with rules as (
    select * from {{ ref('lead_scorecard_rules') }}
),

attributes as (
    select * from {{ ref('int_lead_attributes__collected') }}
),

touches as (
    select * from {{ ref('fct_touches') }}
),

people as (
    select * from {{ ref('dim_people') }}
),

as_of as (
    select * from {{ ref('int_as_of_dates__resolved') }}
),

attribute_matches as (
    select
        attributes.person_key,
        rules.rule_id,
        rules.category,
        rules.field_name,
        attributes.field_value as matched_value,
        cast(null as {{ dbt.type_string() }}) as touch_id,
        attributes.fact_source as source_table,
        attributes.source_row_id,
        rules.points,
        attributes.observed_at as earned_at,
        row_number() over (
            partition by attributes.person_key, rules.rule_id
            order by attributes.observed_at, attributes.lead_attribute_key
        ) as match_rank
    from attributes
    inner join rules
        on
            attributes.field_name = rules.field_name
            and rules.category != 'activity'
            and {{ emergence.scorecard_rule_matches('attributes.field_value', 'rules') }}
    cross join as_of
    where cast(attributes.observed_at as date) <= as_of.as_of_date
),

scored_touches as (
    select
        touches.touch_id,
        touches.person_key,
        touches.touch_type,
        touches.channel,
        touches.source_table,
        touches.source_row_id,
        touches.occurred_at
    from touches
    inner join people
        on touches.person_key = people.person_key
    cross join as_of
    where
        not people.is_anonymous
        and not touches.is_bot
        and cast(touches.occurred_at as date) <= as_of.as_of_date
),

activity_matches as (
    select
        scored_touches.person_key,
        rules.rule_id,
        rules.category,
        rules.field_name,
        case
            when rules.field_name = 'channel' then scored_touches.channel
            else scored_touches.touch_type
        end as matched_value,
        scored_touches.touch_id,
        scored_touches.source_table,
        scored_touches.source_row_id,
        rules.points,
        scored_touches.occurred_at as earned_at
    from scored_touches
    inner join rules
        on
            rules.category = 'activity'
            and (
                (
                    rules.field_name = 'touch_type'
                    and {{ emergence.scorecard_rule_matches('scored_touches.touch_type', 'rules') }}
                )
                or (
                    rules.field_name = 'channel'
                    and {{ emergence.scorecard_rule_matches('scored_touches.channel', 'rules') }}
                )
            )
),

unioned as (
    select
        person_key,
        rule_id,
        category,
        field_name,
        matched_value,
        touch_id,
        source_table,
        source_row_id,
        points,
        earned_at
    from attribute_matches
    where match_rank = 1

    union all

    select
        person_key,
        rule_id,
        category,
        field_name,
        matched_value,
        touch_id,
        source_table,
        source_row_id,
        points,
        earned_at
    from activity_matches
),

final as (
    select
        -- ids
        {{ dbt.hash(dbt.concat([
            'unioned.person_key', "'|'", 'unioned.rule_id', "'|'", "coalesce(unioned.touch_id, '')",
        ])) }} as score_point_key,
        unioned.person_key,
        people.account_key,
        unioned.rule_id,
        unioned.touch_id,
        unioned.source_row_id,
        -- strings
        unioned.category,
        unioned.field_name,
        unioned.matched_value,
        unioned.source_table,
        -- numerics
        cast(unioned.points as {{ emergence.type_double() }}) as points,
        -- booleans
        unioned.category = 'activity' as is_decaying,
        -- dates and timestamps
        cast(unioned.earned_at as date) as earned_on,
        unioned.earned_at
    from unioned
    inner join people
        on unioned.person_key = people.person_key
)

select * from final
