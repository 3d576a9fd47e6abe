-- Valid Marketo lead merges: one row per Merge Leads activity.
{{ emergence.valid_rows('base_marketo__activity_merge_leads') }}
