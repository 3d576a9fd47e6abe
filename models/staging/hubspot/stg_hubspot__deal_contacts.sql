-- Valid HubSpot deal-to-contact associations: one row per pair.
{{ emergence.valid_rows('base_hubspot__deal_contact') }}
