-- Valid, live Salesforce users: one row per user id.
{{ emergence.valid_rows('base_salesforce__user') }}
