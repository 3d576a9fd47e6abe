-- Valid details of HubSpot CLICK email events: one row per event.
{{ emergence.valid_rows('base_hubspot__email_event_click') }}
