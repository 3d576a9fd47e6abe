-- Valid Marketo leads: one row per Marketo lead id.
{{ emergence.valid_rows('base_marketo__lead') }}
