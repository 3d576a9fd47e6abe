{{ config(
    materialized=emergence.incremental_materialization(),
    unique_key='person_key',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook=["{{ emergence.delete_vanished_rows('person_key', '(select person_key from '
        ~ ref('int_lead_activity_points__matched') ~ ' union select person_key from '
        ~ ref('int_lead_attribute_points__matched') ~ ')') }}"]
) }}
-- Every point of every lead score, one row per rule a person met (and, for activity, per
-- touch that met it): the trail that explains a score (docs/lead_management.md#scorecard).
-- Rules come from the lead_scorecard_rules seed, which sales and marketing edit together.
-- Who-they-are rules (demographics, attributes) and buying status (BANT) count once per
-- person, from the moment the fact was first seen; activity rules count every touch, and
-- fct_lead_scores decays them with the half-life. No point depends on the day of the run:
-- decay is applied when a score is read (lead_score_as_of).
--
-- Incremental by person: a run rewrites every point of the people whose points changed,
-- found by comparing the points they earn now (int_lead_*_points__matched) with the
-- stored ones: a new or late touch, a touch moved to another person, deleted or now a
-- crawler's, a changed title, account or lead status, an edited rule (which changes every
-- person it matches). The post-hook removes the people who earn no point any more.
with attribute_points as (
    select * from {{ ref('int_lead_attribute_points__matched') }}
),

activity_points as (
    select * from {{ ref('int_lead_activity_points__matched') }}
),

people as (
    select * from {{ ref('dim_people') }}
),

{% if is_incremental() %}
{%- set attribute_columns = [
    'rule_id', 'source_row_id', 'category', 'field_name', 'matched_value', 'source_table', 'points', 'earned_at',
] %}
stored_points as (
    select * from {{ this }}
),

-- activity points earned now and not stored, or stored and not earned now
changed_activity as (
    select coalesce(current_points.person_key, stored_points.person_key) as person_key
    from activity_points as current_points
    full outer join (
        select
            person_key,
            rule_id,
            touch_id,
            matched_value,
            points
        from stored_points
        where touch_id is not null
    ) as stored_points
        on
            current_points.touch_id = stored_points.touch_id
            and current_points.rule_id = stored_points.rule_id
            and current_points.person_key = stored_points.person_key
            and current_points.points = stored_points.points
            and current_points.matched_value = stored_points.matched_value
    where
        (stored_points.touch_id is null and current_points.touch_id is not null)
        or (current_points.touch_id is null and stored_points.touch_id is not null)
),

-- who-they-are and buying-status points, compared by person and rule
changed_attributes as (
    select coalesce(current_points.person_key, stored_points.person_key) as person_key
    from (
        select
            person_key,
            rule_id,
            {{ emergence.row_hash(attribute_columns) }} as point_hash
        from attribute_points
    ) as current_points
    full outer join (
        select
            person_key,
            rule_id,
            {{ emergence.row_hash(attribute_columns) }} as point_hash
        from stored_points
        where touch_id is null
    ) as stored_points
        on
            current_points.person_key = stored_points.person_key
            and current_points.rule_id = stored_points.rule_id
    where
        current_points.person_key is null
        or stored_points.person_key is null
        or current_points.point_hash != stored_points.point_hash
),

-- people whose account changed: every point carries it
changed_accounts as (
    select stored_accounts.person_key
    from (
        select distinct
            person_key,
            account_key
        from stored_points
    ) as stored_accounts
    inner join people
        on stored_accounts.person_key = people.person_key
    where coalesce(stored_accounts.account_key, '') != coalesce(people.account_key, '')
),

changed_people as (
    select person_key from changed_activity
    union
    select person_key from changed_attributes
    union
    select person_key from changed_accounts
),

unioned as (
    select attribute_points.*
    from attribute_points
    inner join changed_people
        on attribute_points.person_key = changed_people.person_key

    union all

    select activity_points.*
    from activity_points
    inner join changed_people
        on activity_points.person_key = changed_people.person_key
),
{% else %}
unioned as (
    select * from attribute_points
    union all
    select * from activity_points
),
{% endif %}

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
