-- Valid, live Salesforce opportunities: one row per opportunity id.
{{ emergence.valid_rows('base_salesforce__opportunity') }}
