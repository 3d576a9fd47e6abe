-- salesforce_id_18 on pairs worked out by hand from Salesforce's rule (a 5-bit number per
-- 5-character chunk, bit i set when character i is an uppercase letter, mapped onto
-- A-Z0-5). 001A0000006Vm9r -> IAC is the pair Salesforce's own help pages show: chunk
-- "001A0" has its 4th character uppercase (8 = I), "00000" none (0 = A), "6Vm9r" its 2nd
-- (2 = C). a0B0c0D0e0F0g0H -> ECR: "a0B0c" 4 = E, "0D0e0" 2 = C, "F0g0H" 1 + 16 = R.
-- An 18-character id and an id of another length pass unchanged.
with known_pairs as (
    select
        '001A0000006Vm9r' as given_id,
        '001A0000006Vm9rIAC' as expected_id
    union all
    select
        'ABCDEFGHIJKLMNO' as given_id,
        'ABCDEFGHIJKLMNO555' as expected_id
    union all
    select
        '000000000000000' as given_id,
        '000000000000000AAA' as expected_id
    union all
    select
        'a0B0c0D0e0F0g0H' as given_id,
        'a0B0c0D0e0F0g0HECR' as expected_id
    union all
    select
        '0015g00000XyZab' as given_id,
        '0015g00000XyZabAAF' as expected_id
    union all
    select
        '0015g00000XyZabAAF' as given_id,
        '0015g00000XyZabAAF' as expected_id
    union all
    select
        '001NOTANACCOUNT00' as given_id,
        '001NOTANACCOUNT00' as expected_id
),

normalised as (
    select
        given_id,
        expected_id,
        {{ emergence.salesforce_id_18('given_id') }} as normalised_id
    from known_pairs
)

select *
from normalised
where normalised_id <> expected_id
