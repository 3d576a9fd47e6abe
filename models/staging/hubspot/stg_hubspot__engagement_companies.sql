-- Valid HubSpot engagement-to-company associations: one row per pair.
{{ emergence.valid_rows('base_hubspot__engagement_company') }}
