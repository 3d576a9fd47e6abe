-- Every touch from every channel in one shape, with the facts that do not change once it
-- is loaded: what kind of touch, when, the identity it is resolved with (identity_key: a
-- visitor, a Marketo lead, a HubSpot contact or email recipient, a CRM touch), the person
-- it is when that identity names nobody (unresolved_person_key), the account of the
-- event's own IP, and whether its user agent is a crawler's. fct_touches resolves them
-- (DECISIONLOG.md, "Touches resolved once").
with web_touches as (
    select * from {{ ref('int_touches__web') }}
),

marketo_touches as (
    select * from {{ ref('int_touches__marketo') }}
),

hubspot_touches as (
    select * from {{ ref('int_touches__hubspot') }}
),

crm_touches as (
    select * from {{ ref('int_touches__crm') }}
),

crm_facts as (
    select
        {{ dbt.concat(["'salesforce:'", 'source_table', "':'", 'source_row_id']) }} as touch_id,
        source_system,
        source_table,
        source_row_id,
        anonymous_id,
        -- a CRM touch is an identity of its own: its contact or lead, and its deal
        {{ dbt.concat(["'crm:'", 'source_table', "':'", 'source_row_id']) }} as identity_key,
        person_key as unresolved_person_key,
        event_ip_account_key,
        channel,
        touch_type,
        is_bot as is_bot_agent,
        occurred_at,
        loaded_at
    from crm_touches
),

final as (
    select * from web_touches
    union all
    select * from marketo_touches
    union all
    select * from hubspot_touches
    union all
    select * from crm_facts
)

select * from final
