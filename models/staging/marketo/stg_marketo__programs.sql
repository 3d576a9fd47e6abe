-- Valid Marketo programs: one row per program id.
{{ emergence.valid_rows('base_marketo__program') }}
