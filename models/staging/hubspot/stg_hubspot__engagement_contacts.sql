-- Valid HubSpot engagement-to-contact associations: one row per pair.
{{ emergence.valid_rows('base_hubspot__engagement_contact') }}
