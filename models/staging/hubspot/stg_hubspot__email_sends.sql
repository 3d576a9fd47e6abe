-- Valid details of HubSpot SENT email events: one row per event.
{{ emergence.valid_rows('base_hubspot__email_event_sent') }}
