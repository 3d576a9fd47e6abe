-- Valid, live Salesforce campaigns: one row per campaign id.
{{ emergence.valid_rows('base_salesforce__campaign') }}
