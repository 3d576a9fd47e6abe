{#- The distinct user agents of `rows` (a CTE or relation with a user_agent column) that
    match a crawler pattern of `patterns` (a CTE over the bot_user_agent_patterns seed;
    docs/identity.md#bots). The patterns are matched once per distinct agent, then the
    caller joins on the agent: a pattern join over every row compared each event with
    every pattern (in int_anonymous_ids__resolved, 5.9 s against 0.07 s on the bench's
    default world; DECISIONLOG.md, "The incremental day at the default scale"). -#}
{% macro crawler_agents(rows, patterns) -%}
    select distinct agents.user_agent
    from (
        select distinct user_agent
        from {{ rows }}
        where user_agent is not null
    ) as agents
    inner join {{ patterns }}
        on lower(agents.user_agent) like {{ patterns }}.pattern
{%- endmacro %}
