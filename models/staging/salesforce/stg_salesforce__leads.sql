-- Valid, live Salesforce leads: one row per lead id.
{{ emergence.valid_rows('base_salesforce__lead') }}
