-- Valid Marketo email sends: one row per Send Email activity.
{{ emergence.valid_rows('base_marketo__activity_send_email') }}
