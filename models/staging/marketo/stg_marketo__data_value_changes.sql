-- Valid Marketo data value changes: one row per Change Data Value activity.
{{ emergence.valid_rows('base_marketo__activity_change_data_value') }}
