-- Valid reverse-IP ranges: one row per vendor range id.
{{ emergence.valid_rows('base_reverse_ip__ip_company_ranges') }}
