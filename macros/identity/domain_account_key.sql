{#- The account_key of a company known only by its domain (not in the CRM): 'dom_' and
    a hash of the normalised domain, so net-new accounts seen on the web still count
    (docs/identity.md). -#}
{% macro domain_account_key(domain) -%}
    {{ dbt.concat(["'dom_'", dbt.hash(domain)]) }}
{%- endmacro %}
