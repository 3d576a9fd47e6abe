-- Valid, live Salesforce contacts: one row per contact id.
{{ emergence.valid_rows('base_salesforce__contact') }}
