-- One row per account, week and signal: the signal's score at the week's end, and whether
-- the account opened an opportunity within evaluation_horizon_weeks after it. The signals:
-- the emergence score, and the naive baselines it must beat, none of which needs a truth
-- (docs/evaluation.md#signals): engaged people over 7 and 28 days, engaged people over 28
-- days per expected team member (uncapped), the MAP-style account score, the most active
-- person's score and the best individual lead score. Every account the warehouse knows is scored every week from the
-- first week of the mart to as_of_date (0 where a signal has no row). Weeks right after
-- the account opened an opportunity are left out: the question is already answered there.
{%- set signals = [
    ('emergence', 'emergence_score'),
    ('engaged_people_7d', 'engaged_people_7d'),
    ('engaged_people_28d', 'engaged_people_28d'),
    ('people_per_expected_team', 'people_per_expected_team'),
    ('map_account_score', 'map_score'),
    ('most_active_person', 'most_active_person_score'),
    ('best_lead_score', 'best_lead_score'),
] %}

with accounts as (
    select * from {{ ref('dim_accounts') }}
),

emergence as (
    select * from {{ ref('fct_account_emergence') }}
),

map_scores as (
    select * from {{ ref('fct_account_map_scores') }}
),

lead_rollup as (
    select * from {{ ref('fct_account_lead_rollup_weekly') }}
),

opportunities as (
    select * from {{ ref('int_opportunities__sourced') }}
),

scoring_parameters as (
    select * from {{ ref('scoring_parameters') }}
),

default_team as (
    -- the team size the emergence score assumes when an account has no prior
    select max(value) as default_team_size
    from scoring_parameters
    where parameter_set = '{{ var("emergence_parameter_set") }}' and parameter = 'default_team_size'
),

weeks as (
    select distinct week_start from emergence
),

account_weeks as (
    select
        accounts.account_key,
        weeks.week_start,
        cast({{ dbt.dateadd('day', 6, 'weeks.week_start') }} as date) as week_end
    from accounts
    cross join weeks
),

labelled as (
    select
        account_weeks.account_key,
        account_weeks.week_start,
        account_weeks.week_end,
        max(case
            when opportunities.created_on > account_weeks.week_end
                and opportunities.created_on
                <= {{ dbt.dateadd('day', 7 * var('evaluation_horizon_weeks'), 'account_weeks.week_end') }}
                then 1
            else 0
        end) as opens_opportunity,
        max(case
            when opportunities.created_on <= account_weeks.week_end
                and opportunities.created_on
                > {{ dbt.dateadd('day', -7 * var('evaluation_horizon_weeks'), 'account_weeks.week_end') }}
                then 1
            else 0
        end) as opened_recently
    from account_weeks
    left join opportunities
        on account_weeks.account_key = opportunities.account_key
    group by account_weeks.account_key, account_weeks.week_start, account_weeks.week_end
),

scored as (
    select
        labelled.account_key,
        labelled.week_start,
        labelled.week_end,
        labelled.opens_opportunity = 1 as is_positive,
        coalesce(emergence.emergence_score, 0) as emergence_score,
        coalesce(emergence.recent_people, 0) as engaged_people_7d,
        coalesce(emergence.engaged_people, 0) as engaged_people_28d,
        {{ emergence.as_double('coalesce(emergence.engaged_people, 0)') }} / case
            when coalesce(emergence.expected_team_size, default_team.default_team_size) > 1
                then coalesce(emergence.expected_team_size, default_team.default_team_size)
            else 1
        end as people_per_expected_team,
        coalesce(map_scores.map_score, 0) as map_score,
        coalesce(map_scores.top_person_score, 0) as most_active_person_score,
        coalesce(lead_rollup.best_lead_score, 0) as best_lead_score
    from labelled
    cross join default_team
    left join emergence
        on
            labelled.account_key = emergence.account_key
            and labelled.week_start = emergence.week_start
    left join map_scores
        on
            labelled.account_key = map_scores.account_key
            and labelled.week_start = map_scores.week_start
    left join lead_rollup
        on
            labelled.account_key = lead_rollup.account_key
            and labelled.week_start = lead_rollup.week_start
    where labelled.opened_recently = 0
),

final as (
    {%- for signal_name, column in signals %}
    select
        account_key,
        week_start,
        week_end,
        '{{ signal_name }}' as signal_name,
        cast({{ column }} as {{ emergence.type_double() }}) as score,
        is_positive
    from scored
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select * from final
