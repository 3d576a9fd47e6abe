{#- The staging models touches come from: (system, raw table, staging model, id column,
    the condition a row must meet to be a touch). int_touches__web, __marketo and __crm
    turn these rows into touches; assert_touches_reconcile_with_staging checks that each
    such row gives exactly one touch, so this list and those models agree. -#}
{% macro touch_sources() -%}
    {{ return([
        ('segment', 'pages', 'stg_segment__page_views', 'event_id', none),
        ('segment', 'tracks', 'stg_segment__track_events', 'event_id', none),
        ('marketo', 'activity_visit_webpage', 'stg_marketo__web_visits', 'activity_id', none),
        ('marketo', 'activity_click_link', 'stg_marketo__link_clicks', 'activity_id', none),
        ('marketo', 'activity_fill_out_form', 'stg_marketo__form_fills', 'activity_id', none),
        ('marketo', 'activity_fill_out_linkedin_lead_gen_form', 'stg_marketo__linkedin_form_fills', 'activity_id', none),
        ('marketo', 'activity_email_delivered', 'stg_marketo__email_deliveries', 'activity_id', none),
        ('marketo', 'activity_open_email', 'stg_marketo__email_opens', 'activity_id', none),
        ('marketo', 'activity_click_email', 'stg_marketo__email_clicks', 'activity_id', none),
        ('hubspot', 'email_event', 'stg_hubspot__email_events', 'email_event_id',
            "event_type in ('DELIVERED', 'OPEN', 'CLICK') and not is_filtered"),
        ('hubspot', 'contact_form_submission', 'stg_hubspot__form_submissions', 'conversion_id', none),
        ('hubspot', 'engagement_contact', 'stg_hubspot__engagement_contacts', 'engagement_contact_id',
            "engagement_id in (select engagement_id from " ~ ref('stg_hubspot__engagements')
            ~ " where engagement_type in ('MEETING', 'CALL'))"),
        ('salesforce', 'campaign_member', 'stg_salesforce__campaign_members', 'campaign_member_id',
            "has_responded or lower(member_status) in ('attended', 'responded')"),
        ('salesforce', 'opportunity_contact_role', 'stg_salesforce__opportunity_contact_roles',
            'opportunity_contact_role_id', none),
    ]) }}
{%- endmacro %}

{#- The source system, raw table and touch_id of every touch the staging models give now
    (of the source systems `systems`, or all), without resolving any of them: the post-hooks
    of int_touches__web and __marketo remove stored touches that are no longer among them,
    and assert_touches_reconcile_with_staging counts them. -#}
{% macro touch_source_keys(systems=none) -%}
    {%- set sources = emergence.touch_sources() | selectattr(0, 'in', systems or ['segment', 'marketo', 'hubspot', 'salesforce']) | list %}
    {%- for system, table, model, id_column, condition in sources %}
    select
        '{{ system }}' as source_system,
        '{{ table }}' as source_table,
        {{ dbt.concat(["'" ~ system ~ "'", "':'", "'" ~ table ~ "'", "':'", id_column]) }} as touch_id
    from {{ ref(model) }}
    {%- if condition %}
    where {{ condition }}
    {%- endif %}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}

{#- The source table and event_id of every Segment page view and track event staging gives
    now: int_web_events__located's post-hook removes stored events no longer among them. -#}
{% macro segment_event_keys() -%}
    {%- set sources = emergence.touch_sources() | selectattr(0, 'equalto', 'segment') | list %}
    {%- for system, table, model, id_column, condition in sources %}
    select
        '{{ table }}' as source_table,
        {{ id_column }} as event_id
    from {{ ref(model) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
