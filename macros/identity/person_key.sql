{#- The person_key of someone known by email: a hash of the normalised email, so marts
    never carry the address itself (docs/identity.md). -#}
{% macro email_person_key(email) -%}
    {{ dbt.hash(email) }}
{%- endmacro %}

{#- The person_key of an anonymous web visitor not stitched to an email. -#}
{% macro anonymous_person_key(anonymous_id) -%}
    {{ dbt.hash(dbt.concat(["'anonymous:'", anonymous_id])) }}
{%- endmacro %}
