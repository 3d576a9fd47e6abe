-- Valid Marketo email opens: one row per Open Email activity.
{{ emergence.valid_rows('base_marketo__activity_open_email') }}
