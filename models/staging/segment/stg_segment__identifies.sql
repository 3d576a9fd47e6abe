-- Valid Segment identify calls: one row per message id.
{{ emergence.valid_rows('base_segment__identifies') }}
