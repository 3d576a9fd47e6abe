-- The floor's result: account-week touch and people counts from the located web events
-- (bench_web_touches) and the Marketo activities, placed by the lead's email domain.
create or replace table bench_floor as
with lead_domains as (
    select
        id,
        lower(split_part(email, '@', 2)) as account_domain
    from marketo.lead
    where email like '%@%'
),

activities as (
    select
        lead_id,
        activity_date
    from marketo.activity_visit_webpage
    union all
    select
        lead_id,
        activity_date
    from marketo.activity_fill_out_form
    union all
    select
        lead_id,
        activity_date
    from marketo.activity_click_link
    union all
    select
        lead_id,
        activity_date
    from marketo.activity_click_email
    union all
    select
        lead_id,
        activity_date
    from marketo.activity_open_email
),

marketo_touches as (
    select
        lead_domains.account_domain,
        cast(activities.lead_id as varchar) as person,
        activities.activity_date as touched_at
    from activities
    inner join lead_domains
        on activities.lead_id = lead_domains.id
),

touches as (
    select
        account_domain,
        person,
        touched_at
    from bench_web_touches
    union all
    select
        account_domain,
        person,
        touched_at
    from marketo_touches
)

select
    account_domain,
    date_trunc('week', touched_at) as week_start,
    count(*) as touches,
    count(distinct person) as people
from touches
group by account_domain, date_trunc('week', touched_at)
