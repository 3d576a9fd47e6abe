-- Every staging row that is an interaction becomes exactly one touch, and no touch comes
-- from nowhere: per source table, fct_touches holds as many rows as the staging model
-- they come from (campaign members only when they responded or attended).
with touches as (
    select
        source_system,
        source_table,
        count(*) as touches
    from {{ ref('fct_touches') }}
    group by source_system, source_table
),

staged as (
    {%- set sources = [
        ('segment', 'pages', 'stg_segment__page_views', none),
        ('segment', 'tracks', 'stg_segment__track_events', none),
        ('marketo', 'activity_visit_webpage', 'stg_marketo__web_visits', none),
        ('marketo', 'activity_click_link', 'stg_marketo__link_clicks', none),
        ('marketo', 'activity_fill_out_form', 'stg_marketo__form_fills', none),
        ('marketo', 'activity_email_delivered', 'stg_marketo__email_deliveries', none),
        ('marketo', 'activity_open_email', 'stg_marketo__email_opens', none),
        ('marketo', 'activity_click_email', 'stg_marketo__email_clicks', none),
        ('salesforce', 'campaign_member', 'stg_salesforce__campaign_members',
            "has_responded or lower(member_status) in ('attended', 'responded')"),
        ('salesforce', 'opportunity_contact_role', 'stg_salesforce__opportunity_contact_roles', none),
    ] %}
    {%- for system, table, model, condition in sources %}
    select
        '{{ system }}' as source_system,
        '{{ table }}' as source_table,
        count(*) as staged_rows
    from {{ ref(model) }}
    {%- if condition %}
    where {{ condition }}
    {%- endif %}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select
    staged.source_system,
    staged.source_table,
    staged.staged_rows,
    coalesce(touches.touches, 0) as touches
from staged
left join touches
    on
        staged.source_system = touches.source_system
        and staged.source_table = touches.source_table
where staged.staged_rows != coalesce(touches.touches, 0)
