{#- Every raw table the project reads, with its base and staging models. The quarantine
    and reconciliation marts, and the reconciliation test, loop over this one list; a
    pytest check keeps it equal to the sources YAML. -#}
{% macro staging_tables() -%}
    {{- return([
        {'source': 'salesforce', 'table': 'account', 'stg': 'stg_salesforce__accounts'},
        {'source': 'salesforce', 'table': 'contact', 'stg': 'stg_salesforce__contacts'},
        {'source': 'salesforce', 'table': 'lead', 'stg': 'stg_salesforce__leads'},
        {'source': 'salesforce', 'table': 'opportunity', 'stg': 'stg_salesforce__opportunities'},
        {'source': 'salesforce', 'table': 'opportunity_contact_role', 'stg': 'stg_salesforce__opportunity_contact_roles'},
        {'source': 'salesforce', 'table': 'opportunity_history', 'stg': 'stg_salesforce__opportunity_stage_changes'},
        {'source': 'salesforce', 'table': 'lead_history', 'stg': 'stg_salesforce__lead_field_changes'},
        {'source': 'salesforce', 'table': 'campaign', 'stg': 'stg_salesforce__campaigns'},
        {'source': 'salesforce', 'table': 'campaign_member', 'stg': 'stg_salesforce__campaign_members'},
        {'source': 'salesforce', 'table': 'user', 'stg': 'stg_salesforce__users'},
        {'source': 'marketo', 'table': 'lead', 'stg': 'stg_marketo__leads'},
        {'source': 'marketo', 'table': 'lead_describe', 'stg': 'stg_marketo__lead_fields'},
        {'source': 'marketo', 'table': 'program', 'stg': 'stg_marketo__programs'},
        {'source': 'marketo', 'table': 'campaign', 'stg': 'stg_marketo__campaigns'},
        {'source': 'marketo', 'table': 'activity_visit_webpage', 'stg': 'stg_marketo__web_visits'},
        {'source': 'marketo', 'table': 'activity_fill_out_form', 'stg': 'stg_marketo__form_fills'},
        {'source': 'marketo', 'table': 'activity_fill_out_linkedin_lead_gen_form', 'stg': 'stg_marketo__linkedin_form_fills'},
        {'source': 'marketo', 'table': 'activity_click_link', 'stg': 'stg_marketo__link_clicks'},
        {'source': 'marketo', 'table': 'activity_send_email', 'stg': 'stg_marketo__email_sends'},
        {'source': 'marketo', 'table': 'activity_email_delivered', 'stg': 'stg_marketo__email_deliveries'},
        {'source': 'marketo', 'table': 'activity_open_email', 'stg': 'stg_marketo__email_opens'},
        {'source': 'marketo', 'table': 'activity_click_email', 'stg': 'stg_marketo__email_clicks'},
        {'source': 'marketo', 'table': 'activity_change_data_value', 'stg': 'stg_marketo__data_value_changes'},
        {'source': 'marketo', 'table': 'activity_merge_leads', 'stg': 'stg_marketo__lead_merges'},
        {'source': 'segment', 'table': 'pages', 'stg': 'stg_segment__page_views'},
        {'source': 'segment', 'table': 'tracks', 'stg': 'stg_segment__track_events'},
        {'source': 'segment', 'table': 'identifies', 'stg': 'stg_segment__identifies'},
        {'source': 'reverse_ip', 'table': 'ip_company_ranges', 'stg': 'stg_reverse_ip__ip_ranges'},
    ]) -}}
{%- endmacro %}
