-- The reverse-IP ranges that reveal a company: business or education ranges with a domain.
insert into vi_ranges
select distinct
    ipv4_to_bigint(start_ip) as start_int,
    ipv4_to_bigint(end_ip) as end_int,
    lower(trim(company_domain)) as domain
from reverse_ip.ip_company_ranges
where
    list_contains($revealing_ip_types, lower(trim(ip_type)))
    and nullif(trim(company_domain), '') is not null
