-- The points each person earned on each date they earned any, by category
-- (docs/lead_management.md#scorecard): what a lead score is computed from. A person's
-- scores depend on these rows and nothing else, so day_hash, a hash of each row, tells
-- fct_lead_scores which people an incremental run must score again.
with points as (
    select * from {{ ref('fct_lead_score_points') }}
),

daily_points as (
    select
        person_key,
        earned_on as score_date,
        max(account_key) as account_key,
        sum(case when category = 'demographics' then points else 0 end) as demographics_earned,
        sum(case when category = 'attributes' then points else 0 end) as attributes_earned,
        sum(case when category = 'buying_status' then points else 0 end) as buying_status_earned,
        sum(case when category = 'activity' then points else 0 end) as activity_points_earned,
        count(*) as rules_met
    from points
    group by person_key, earned_on
),

final as (
    select
        -- ids
        {{ dbt.hash(dbt.concat(['person_key', "'|'", dbt.cast('score_date', dbt.type_string())])) }}
            as lead_score_key,
        person_key,
        account_key,
        {{ emergence.row_hash([
            'account_key', 'demographics_earned', 'attributes_earned', 'buying_status_earned',
            'activity_points_earned', 'rules_met',
        ]) }} as day_hash,
        -- numerics
        demographics_earned,
        attributes_earned,
        buying_status_earned,
        activity_points_earned,
        rules_met,
        -- dates
        score_date
    from daily_points
)

select * from final
