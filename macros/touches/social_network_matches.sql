{#- The social network each event of `events` came from, by the social_networks seed
    (`networks`, an import CTE of it): its referrer's host (www. and any path left out) is
    a row's host or ends in '.' plus it, or its utm_source is a row's source. One row per
    matching event: its `id_columns` and social_network (the first network by name when
    an event names two, a LinkedIn referrer on a visit tagged utm_source=twitter, say).
    The body of a CTE (docs/engagement.md#social). -#}
{% macro social_network_matches(events, id_columns, referrer, utm_source, networks) -%}
    select
        {%- for column in id_columns %}
        visits.{{ column }},
        {%- endfor %}
        min({{ networks }}.network) as social_network
    from (
        select
            {%- for column in id_columns %}
            {{ column }},
            {%- endfor %}
            {{ emergence.normalize_domain(referrer) }} as referrer_host,
            lower(trim({{ utm_source }})) as utm_source
        from {{ events }}
        where {{ referrer }} is not null or {{ utm_source }} is not null
    ) as visits
    inner join {{ networks }}
        on
            (
                {{ networks }}.match_on = 'referrer_host'
                and (
                    visits.referrer_host = {{ networks }}.pattern
                    or visits.referrer_host like {{ dbt.concat(["'%.'", networks ~ '.pattern']) }}
                )
            )
            or (
                {{ networks }}.match_on = 'utm_source'
                and visits.utm_source = {{ networks }}.pattern
            )
    group by
        {%- for column in id_columns %}
        visits.{{ column }}{{ "," if not loop.last }}
        {%- endfor %}
{%- endmacro %}
