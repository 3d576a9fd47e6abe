-- Valid Marketo form fills: one row per Fill Out Form activity.
{{ emergence.valid_rows('base_marketo__activity_fill_out_form') }}
