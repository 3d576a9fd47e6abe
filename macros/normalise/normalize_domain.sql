{#- A company domain from whatever a CRM user typed into "website": no scheme, no
    leading www., no path, port, query or fragment, lowercase
    ('https://www.Acme.com/about' -> 'acme.com'). -#}
{% macro normalize_domain(expression) -%}
    nullif(
        {{ emergence.regex_replace(
            emergence.regex_replace(
                emergence.regex_replace('lower(trim(' ~ expression ~ '))', '^[a-z][a-z0-9+.-]*://', ''),
                '^www[0-9]*[.]', ''
            ),
            '[/?#:].*$', ''
        ) }},
        ''
    )
{%- endmacro %}
