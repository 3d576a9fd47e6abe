-- Valid HubSpot deal-to-company associations: one row per pair.
{{ emergence.valid_rows('base_hubspot__deal_company') }}
