-- Valid Marketo link clicks: one row per Click Link activity.
{{ emergence.valid_rows('base_marketo__activity_click_link') }}
