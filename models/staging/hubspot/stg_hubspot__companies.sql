-- Valid HubSpot companies: one row per HubSpot company id.
{{ emergence.valid_rows('base_hubspot__company') }}
