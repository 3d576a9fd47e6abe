-- One row per person the warehouse has seen: everyone known by email in any system, and
-- every anonymous web visitor not (yet) stitched to an email, who still counts toward an
-- account's breadth (docs/domain.md#team-size). Title -> function, seniority and buying
-- role come from seeds people edit. Emails and names are personal data: the key is a hash,
-- and they show in clear only when the var emergence_expose_pii is on (docs/data_quality.md#pii).
with people as (
    select * from {{ ref('int_people__resolved') }}
),

titles as (
    select * from {{ ref('int_people__titles_classified') }}
),

visitors as (
    select * from {{ ref('int_anonymous_ids__resolved') }}
),

touches as (
    select * from {{ ref('fct_touches') }}
),

touch_summary as (
    select
        person_key,
        count(*) as touches,
        min(occurred_at) as first_touch_at,
        max(occurred_at) as last_touch_at,
        {{ emergence.sorted_listagg('channel', "','", distinct=true) }} as channels_seen
    from touches
    group by person_key
),

known as (
    select
        people.person_key,
        people.account_key,
        people.account_method,
        people.email,
        people.email_domain,
        people.first_name,
        people.last_name,
        titles.job_title,
        titles.job_function,
        titles.seniority,
        titles.buying_role,
        people.candidate_accounts,
        false as is_anonymous,
        false as is_bot,
        people.has_account_conflict,
        people.is_crm_contact,
        people.is_crm_lead,
        people.is_marketo_lead,
        people.is_web_identified,
        people.first_seen_at
    from people
    left join titles
        on people.person_key = titles.person_key
),

anonymous as (
    select
        person_key,
        ip_account_key as account_key,
        case when ip_account_key is not null then 'reverse_ip_history' end as account_method,
        cast(null as {{ dbt.type_string() }}) as email,
        cast(null as {{ dbt.type_string() }}) as email_domain,
        cast(null as {{ dbt.type_string() }}) as first_name,
        cast(null as {{ dbt.type_string() }}) as last_name,
        cast(null as {{ dbt.type_string() }}) as job_title,
        cast(null as {{ dbt.type_string() }}) as job_function,
        cast(null as {{ dbt.type_string() }}) as seniority,
        cast(null as {{ dbt.type_string() }}) as buying_role,
        case when ip_account_key is not null then 1 else 0 end as candidate_accounts,
        true as is_anonymous,
        is_bot,
        false as has_account_conflict,
        false as is_crm_contact,
        false as is_crm_lead,
        false as is_marketo_lead,
        false as is_web_identified,
        first_seen_at
    from visitors
    where not is_stitched
),

unioned as (
    select * from known
    union all
    select * from anonymous
),

final as (
    select
        -- ids
        unioned.person_key,
        unioned.account_key,
        -- strings
        {{ emergence.pii('unioned.email') }} as email,
        {{ emergence.pii('unioned.first_name') }} as first_name,
        {{ emergence.pii('unioned.last_name') }} as last_name,
        unioned.email_domain,
        unioned.job_title,
        unioned.job_function,
        unioned.seniority,
        unioned.buying_role,
        unioned.account_method,
        touch_summary.channels_seen,
        -- numerics
        cast(unioned.candidate_accounts as {{ dbt.type_bigint() }}) as candidate_accounts,
        cast(coalesce(touch_summary.touches, 0) as {{ dbt.type_bigint() }}) as touches,
        -- booleans
        unioned.is_anonymous,
        unioned.is_bot,
        unioned.has_account_conflict,
        unioned.is_crm_contact,
        unioned.is_crm_lead,
        unioned.is_marketo_lead,
        unioned.is_web_identified,
        -- timestamps
        unioned.first_seen_at,
        touch_summary.first_touch_at,
        touch_summary.last_touch_at
    from unioned
    left join touch_summary
        on unioned.person_key = touch_summary.person_key
)

select * from final
