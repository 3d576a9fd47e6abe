-- Valid Segment page views: one row per message id.
{{ emergence.valid_rows('base_segment__pages') }}
