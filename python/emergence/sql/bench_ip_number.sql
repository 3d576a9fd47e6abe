-- A dotted IPv4 text as a bigint, null when a part is not a number: the bench floors'
-- conversion (the build's own is the dbt macro ipv4_to_integer).
create or replace temp macro bench_ip_number(ip) as
try_cast(split_part(ip, '.', 1) as bigint) * 16777216
+ try_cast(split_part(ip, '.', 2) as bigint) * 65536
+ try_cast(split_part(ip, '.', 3) as bigint) * 256
+ try_cast(split_part(ip, '.', 4) as bigint)
