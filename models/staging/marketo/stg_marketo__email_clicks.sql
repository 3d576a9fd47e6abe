-- Valid Marketo email clicks: one row per Click Email activity.
{{ emergence.valid_rows('base_marketo__activity_click_email') }}
