-- Touch->account recall and coverage: kept truth touches of a truth account, and how many
-- the warehouse resolved to the expected key, by source table and means.
select
    source_system || '.' || source_table as source_relation,
    by_email_domain,
    by_reverse_ip,
    by_anonymous_id_ip,
    by_crm_link,
    count(*) filter (where account_correct) as correct,
    count(*) as touches
from vi_scored
where has_account
group by all
