-- Valid HubSpot deals: one row per deal.
{{ emergence.valid_rows('base_hubspot__deal') }}
