-- Valid Marketo LinkedIn lead gen form fills: one row per Fill Out LinkedIn Lead Gen Form activity.
{{ emergence.valid_rows('base_marketo__activity_fill_out_linkedin_lead_gen_form') }}
