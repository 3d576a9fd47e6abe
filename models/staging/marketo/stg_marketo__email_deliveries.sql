-- Valid Marketo email deliveries: one row per Email Delivered activity.
{{ emergence.valid_rows('base_marketo__activity_email_delivered') }}
