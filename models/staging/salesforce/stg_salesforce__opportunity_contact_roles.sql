-- Valid, live opportunity contact roles: one row per role id.
{{ emergence.valid_rows('base_salesforce__opportunity_contact_role') }}
