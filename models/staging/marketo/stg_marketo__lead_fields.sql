-- Valid Marketo lead fields: one row per field id.
{{ emergence.valid_rows('base_marketo__lead_describe') }}
