-- Valid, live Salesforce accounts: one row per account id.
{{ emergence.valid_rows('base_salesforce__account') }}
