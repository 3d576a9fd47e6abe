-- Valid details of HubSpot OPEN email events: one row per event.
{{ emergence.valid_rows('base_hubspot__email_event_open') }}
