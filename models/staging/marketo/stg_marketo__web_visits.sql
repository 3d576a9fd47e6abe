-- Valid Marketo web visits: one row per Visit Web Page activity.
{{ emergence.valid_rows('base_marketo__activity_visit_webpage') }}
