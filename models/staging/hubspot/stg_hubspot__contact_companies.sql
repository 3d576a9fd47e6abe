-- Valid HubSpot contact-to-company associations: one row per pair.
{{ emergence.valid_rows('base_hubspot__contact_company') }}
