-- Valid Marketo smart campaigns: one row per campaign id.
{{ emergence.valid_rows('base_marketo__campaign') }}
