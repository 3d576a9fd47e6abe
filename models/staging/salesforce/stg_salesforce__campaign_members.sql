-- Valid, live campaign members: one row per campaign member id.
{{ emergence.valid_rows('base_salesforce__campaign_member') }}
