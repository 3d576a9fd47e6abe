-- Valid, live LeadHistory rows: one row per change of a tracked lead field.
{{ emergence.valid_rows('base_salesforce__lead_history') }}
