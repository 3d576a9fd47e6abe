{{ config(materialized='table') }}
-- A table, not a view: fct_lead_score_points reads it three times (the comparison, the
-- changed people's rows, the post-hook), and its data tests read it again; as a view each
-- read matched the rules again (DECISIONLOG.md, "Build speed").
-- Every who-they-are and buying-status point a person earns now (docs/lead_management.md
-- #scorecard): one row per person and rule met, from the first fact that met it (a title
-- does not become more senior by being seen twice), up to the as-of date.
-- fct_lead_score_points writes these rows for the people whose points changed, and
-- compares them with the ones it stores to find those people.
with rules as (
    select * from {{ ref('lead_scorecard_rules') }}
),

attributes as (
    select * from {{ ref('int_lead_attributes__collected') }}
),

as_of as (
    select * from {{ ref('int_as_of_dates__resolved') }}
),

matches as (
    select
        attributes.person_key,
        rules.rule_id,
        attributes.source_row_id,
        rules.category,
        rules.field_name,
        attributes.field_value as matched_value,
        attributes.fact_source as source_table,
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

final as (
    select
        -- ids
        person_key,
        rule_id,
        cast(null as {{ dbt.type_string() }}) as touch_id,
        source_row_id,
        -- strings
        category,
        field_name,
        matched_value,
        source_table,
        -- numerics
        cast(points as {{ emergence.type_double() }}) as points,
        -- timestamps
        earned_at
    from matches
    where match_rank = 1
)

select * from final
