-- A dotted IPv4 text as a bigint (a * 2^24 + b * 2^16 + c * 2^8 + d); null for anything
-- else, so it never falls in a range. The warehouse's own conversion is the dbt macro
-- ipv4_to_integer (macros/normalise/ipv4_to_integer.sql), which also rejects parts over 255;
-- this keeps the validation's rule until it runs that macro's compiled SQL.
create or replace temp macro ipv4_to_bigint(ip) as
case
    when regexp_full_match(trim(ip), '\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}')
        then
            cast(split_part(trim(ip), '.', 1) as bigint) * 16777216
            + cast(split_part(trim(ip), '.', 2) as bigint) * 65536
            + cast(split_part(trim(ip), '.', 3) as bigint) * 256
            + cast(split_part(trim(ip), '.', 4) as bigint)
end
