-- Valid Segment track events: one row per message id.
{{ emergence.valid_rows('base_segment__tracks') }}
