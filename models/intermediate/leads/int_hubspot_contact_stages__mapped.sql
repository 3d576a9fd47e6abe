-- One row per HubSpot contact: its lifecycle stage and lead status mapped onto the shared
-- taxonomy (seed lead_status_map, rows hubspot_lifecyclestage and hubspot_lead_status;
-- docs/lead_management.md#hubspot), and the stage the contact is in. An exit the sales
-- team recorded in either property (recycled, disqualified) wins; otherwise the further
-- of the two funnel stages does. A value the map does not know is kept with a dq_reason,
-- and fct_quarantined_rows lists the contact: it never vanishes, and it is never staged.
with contacts as (
    select * from {{ ref('stg_hubspot__contacts') }}
),

status_map as (
    select * from {{ ref('lead_status_map') }}
),

lead_stages as (
    select * from {{ ref('lead_stages') }}
),

mapped as (
    select
        contacts.hubspot_contact_id,
        contacts.email,
        contacts.lifecycle_stage,
        contacts.lead_status,
        contacts.loaded_at,
        lifecycle_map.lead_stage as lifecycle_lead_stage,
        status_map.lead_stage as status_lead_stage
    from contacts
    left join status_map as lifecycle_map
        on
            lower(contacts.lifecycle_stage) = lower(lifecycle_map.crm_value)
            and lifecycle_map.crm_object = 'hubspot_lifecyclestage'
    left join status_map
        on
            upper(contacts.lead_status) = upper(status_map.crm_value)
            and status_map.crm_object = 'hubspot_lead_status'
),

ranked as (
    select
        mapped.*,
        lifecycle_stages.stage_order as lifecycle_order,
        lifecycle_stages.is_funnel_stage as lifecycle_in_funnel,
        status_stages.stage_order as status_order,
        status_stages.is_funnel_stage as status_in_funnel
    from mapped
    left join lead_stages as lifecycle_stages
        on mapped.lifecycle_lead_stage = lifecycle_stages.lead_stage
    left join lead_stages as status_stages
        on mapped.status_lead_stage = status_stages.lead_stage
),

final as (
    select
        -- ids
        hubspot_contact_id,
        {{ emergence.email_person_key('email') }} as person_key,
        -- strings
        lifecycle_stage,
        lead_status,
        case
            when
                (lifecycle_stage is not null and lifecycle_lead_stage is null)
                or (lead_status is not null and status_lead_stage is null)
                then null
            when status_in_funnel = false then status_lead_stage
            when lifecycle_in_funnel = false then lifecycle_lead_stage
            when status_order > coalesce(lifecycle_order, -1) then status_lead_stage
            else lifecycle_lead_stage
        end as lead_stage,
        case
            when
                (lifecycle_stage is not null and lifecycle_lead_stage is null)
                or (lead_status is not null and status_lead_stage is null)
                then 'unknown_lead_status'
        end as dq_reason,
        -- timestamps
        loaded_at
    from ranked
)

select * from final
