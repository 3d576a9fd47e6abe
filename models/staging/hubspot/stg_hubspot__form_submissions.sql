-- Valid HubSpot form submissions: one row per conversion.
{{ emergence.valid_rows('base_hubspot__contact_form_submission') }}
