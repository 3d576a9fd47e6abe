-- Valid HubSpot engagements: one row per engagement.
{{ emergence.valid_rows('base_hubspot__engagement') }}
