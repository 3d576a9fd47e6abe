-- Valid HubSpot contacts: one row per HubSpot contact id.
{{ emergence.valid_rows('base_hubspot__contact') }}
