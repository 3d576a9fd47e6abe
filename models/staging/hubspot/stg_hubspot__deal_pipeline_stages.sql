-- Valid HubSpot deal pipeline stages: one row per deal pipeline stage.
{{ emergence.valid_rows('base_hubspot__deal_pipeline_stage') }}
