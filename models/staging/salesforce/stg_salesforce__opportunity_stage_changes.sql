-- Valid, live OpportunityHistory rows: one row per change of an opportunity.
{{ emergence.valid_rows('base_salesforce__opportunity_history') }}
