{{ config(materialized='table') }}
-- A table, not a view: several models and tests read it, and a view would be computed
-- again for each of them (DECISIONLOG.md, "Build speed").
-- One row per known person (by email): who they are, across every system that names
-- them, and the account they belong to. The account comes from the method with the
-- best precedence (identity_methods seed); when methods disagree the winner is kept and
-- the other accounts are listed, so the conflict stays visible (docs/identity.md).
with person_records as (
    select * from {{ ref('int_people__source_records') }}
),

candidates as (
    select * from {{ ref('int_people__account_candidates') }}
),

-- The richest record speaks for the person's name and title: a CRM contact first, then a
-- CRM lead, a Marketo lead, and what the visitor typed into a form.
ranked_records as (
    select
        *,
        row_number() over (
            partition by person_key
            order by
                case record_type
                    when 'sfdc_contact' then 1
                    when 'sfdc_lead' then 2
                    when 'marketo_lead' then 3
                    when 'hubspot_contact' then 3
                    else 4
                end asc,
                case when job_title is null then 1 else 0 end asc,
                loaded_at desc,
                record_id asc
        ) as record_rank
    from person_records
),

people as (
    select
        person_key,
        min(email) as email,
        min(email_domain) as email_domain,
        min(first_seen_at) as first_seen_at,
        max(loaded_at) as loaded_at,
        count(*) as source_records,
        max(case when record_type = 'sfdc_contact' then 1 else 0 end) = 1 as is_crm_contact,
        max(case when record_type = 'sfdc_lead' then 1 else 0 end) = 1 as is_crm_lead,
        max(case when record_type = 'marketo_lead' then 1 else 0 end) = 1 as is_marketo_lead,
        max(case when record_type = 'segment_user' then 1 else 0 end) = 1 as is_web_identified
    from person_records
    group by person_key
),

ranked_candidates as (
    select
        *,
        row_number() over (partition by person_key order by priority, account_key) as candidate_rank
    from candidates
),

candidate_summary as (
    select
        person_key,
        count(distinct account_key) as candidate_accounts,
        {{ emergence.sorted_listagg('account_key', "','", distinct=true) }} as candidate_account_keys
    from candidates
    group by person_key
),

final as (
    select
        -- ids
        people.person_key,
        winner.account_key,
        -- strings
        people.email,
        people.email_domain,
        best.first_name,
        best.last_name,
        best.job_title,
        best.company_name,
        winner.method as account_method,
        candidate_summary.candidate_account_keys,
        -- numerics
        winner.confidence as account_confidence,
        coalesce(candidate_summary.candidate_accounts, 0) as candidate_accounts,
        people.source_records,
        -- booleans
        coalesce(candidate_summary.candidate_accounts, 0) > 1 as has_account_conflict,
        people.is_crm_contact,
        people.is_crm_lead,
        people.is_marketo_lead,
        people.is_web_identified,
        -- timestamps
        people.first_seen_at,
        people.loaded_at
    from people
    inner join ranked_records as best
        on
            people.person_key = best.person_key
            and best.record_rank = 1
    left join ranked_candidates as winner
        on
            people.person_key = winner.person_key
            and winner.candidate_rank = 1
    left join candidate_summary
        on people.person_key = candidate_summary.person_key
)

select * from final
