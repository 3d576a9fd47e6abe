-- Valid HubSpot email events: one row per event, of every type.
{{ emergence.valid_rows('base_hubspot__email_event') }}
