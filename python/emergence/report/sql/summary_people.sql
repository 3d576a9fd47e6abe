-- Known and anonymous people: how many, how many belong to an account, and the bots left out.
select
    case when is_anonymous then 'anonymous visitors' else 'known by email' end as people,
    count(*) filter (where not is_bot) as people_count,
    count(account_key) filter (where not is_bot) as with_account,
    count(*) filter (where is_bot) as bots
from marts.dim_people
group by 1
order by 1 desc
