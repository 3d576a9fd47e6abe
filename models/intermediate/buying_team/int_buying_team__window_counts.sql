{{ config(
    materialized=emergence.incremental_materialization(),
    unique_key='account_week_key',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook=["{{ emergence.delete_vanished_rows(['account_key', 'week_start'], ref('int_account_weeks__spine')) }}"]
) }}
-- depends_on: {{ ref('int_engagement__changes') }}
-- One row per account and week: the people seen engaging in the team window (var
-- team_window_days, ending on the week's last day), split into known people and
-- anonymous visitors, how many known people were seen in exactly one and exactly two
-- channels (the capture-recapture counts Q1 and Q2; docs/team_size.md), the buying roles
-- seen, and the team size expected for an account of that size band and industry
-- (team_size_priors seed). The estimate itself is fct_buying_team_estimates. A person
-- counts as seen once their weighted engagement in the window reaches
-- team_min_person_engagement.
--
-- Incremental: a run recomputes the account-weeks that the inputs changed since the last
-- run reach (int_engagement__changes, macro affected_account_weeks); the post-hook removes
-- weeks that left the spine. An incremental run equals a full refresh.
with spine as (
    select * from {{ ref('int_account_weeks__spine') }}
),

person_days as (
    select * from {{ ref('int_engagement__person_channel_days') }}
),

accounts as (
    select * from {{ ref('dim_accounts') }}
),

priors as (
    select * from {{ ref('team_size_priors') }}
),

role_template as (
    select * from {{ ref('buying_role_template') }}
),

weeks as (
    select
        account_key,
        week_start,
        cast({{ dbt.dateadd('day', 6, 'week_start') }} as date) as week_end
    from ({{ emergence.account_weeks_to_build('spine') }}) as to_build
),

people_in_window as (
    select
        weeks.account_key,
        weeks.week_start,
        person_days.person_key,
        person_days.is_anonymous_person,
        max(person_days.buying_role) as buying_role,
        count(distinct person_days.channel) as channels_seen
    from weeks
    inner join person_days
        on
            weeks.account_key = person_days.account_key
            and weeks.week_end >= person_days.activity_date
            and {{ dbt.dateadd('day', -1 * var('team_window_days'), 'weeks.week_end') }} < person_days.activity_date
    group by
        weeks.account_key,
        weeks.week_start,
        person_days.person_key,
        person_days.is_anonymous_person
    -- One email click or one webinar is curiosity; a team member engages again and again
    -- (var team_min_person_engagement, in touch_weights points over the window).
    having sum(person_days.weighted_engagement) >= {{ var('team_min_person_engagement') }}
),

counts as (
    select
        account_key,
        week_start,
        sum(case when not is_anonymous_person then 1 else 0 end) as known_seen,
        sum(case when is_anonymous_person then 1 else 0 end) as anonymous_seen,
        sum(case when not is_anonymous_person and channels_seen = 1 then 1 else 0 end) as q1,
        sum(case when not is_anonymous_person and channels_seen = 2 then 1 else 0 end) as q2
    from people_in_window
    group by account_key, week_start
),

roles as (
    select
        people_in_window.account_key,
        people_in_window.week_start,
        count(distinct people_in_window.buying_role) as roles_seen,
        {{ emergence.sorted_listagg('people_in_window.buying_role', "','", distinct=true) }}
            as roles_seen_list
    from people_in_window
    inner join role_template
        on people_in_window.buying_role = role_template.buying_role
    where role_template.required
    group by people_in_window.account_key, people_in_window.week_start
),

required_roles as (
    select count(*) as required_roles
    from role_template
    where required
),

account_priors as (
    select
        accounts.account_key,
        accounts.size_band,
        accounts.industry,
        coalesce(industry_prior.expected_team_size, band_prior.expected_team_size) as expected_team_size
    from accounts
    left join priors as industry_prior
        on
            accounts.size_band = industry_prior.size_band
            and lower(accounts.industry) = lower(industry_prior.industry)
    left join priors as band_prior
        on
            accounts.size_band = band_prior.size_band
            and band_prior.industry = '*'
),

final as (
    select
        -- ids
        {{ dbt.concat(['weeks.account_key', "':'", dbt.cast('weeks.week_start', dbt.type_string())]) }}
            as account_week_key,
        weeks.account_key,
        -- strings
        account_priors.size_band,
        account_priors.industry,
        roles.roles_seen_list,
        -- numerics
        cast(coalesce(counts.known_seen, 0) as {{ dbt.type_bigint() }}) as known_seen,
        cast(coalesce(counts.anonymous_seen, 0) as {{ dbt.type_bigint() }}) as anonymous_seen,
        cast(coalesce(counts.q1, 0) as {{ dbt.type_bigint() }}) as q1,
        cast(coalesce(counts.q2, 0) as {{ dbt.type_bigint() }}) as q2,
        cast(account_priors.expected_team_size as {{ emergence.type_double() }}) as expected_team_size,
        cast(coalesce(roles.roles_seen, 0) as {{ dbt.type_bigint() }}) as roles_seen,
        cast(required_roles.required_roles as {{ dbt.type_bigint() }}) as required_roles,
        cast(coalesce(roles.roles_seen, 0) as {{ emergence.type_double() }})
        / nullif(required_roles.required_roles, 0) as role_coverage,
        -- dates
        weeks.week_start
    from weeks
    cross join required_roles
    left join counts
        on
            weeks.account_key = counts.account_key
            and weeks.week_start = counts.week_start
    left join roles
        on
            weeks.account_key = roles.account_key
            and weeks.week_start = roles.week_start
    left join account_priors
        on weeks.account_key = account_priors.account_key
)

select * from final
