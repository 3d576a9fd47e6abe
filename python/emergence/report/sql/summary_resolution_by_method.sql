-- The share of touches resolved to an account, by method (unresolved last).
select
    coalesce(account_method, 'unresolved') as method,
    count(*) as touches,
    count(*) / sum(count(*)) over () as share_of_touches
from marts.fct_touches
group by method
order by method = 'unresolved', touches desc
