{#- The person_key of someone known by email: the keyed hash of the normalised email, so marts
    never carry the address, and a list of addresses hashed without the key matches nothing
    (docs/identity.md, docs/data_quality.md#pii). -#}
{% macro email_person_key(email) -%}
    {{ emergence.keyed_hash(email) }}
{%- endmacro %}

{#- The person_key of an anonymous web visitor not stitched to an email: keyed too, since a
    cookie id is personal data. -#}
{% macro anonymous_person_key(anonymous_id) -%}
    {{ emergence.keyed_hash(dbt.concat(["'anonymous:'", anonymous_id])) }}
{%- endmacro %}

{#- The person_key of a Marketo lead without a usable email: its (surviving) Marketo id names
    it, so it is still one person (docs/identity.md#people). -#}
{% macro marketo_lead_person_key(marketo_lead_id) -%}
    {{ dbt.hash(dbt.concat(["'marketo_lead:'", dbt.cast(marketo_lead_id, dbt.type_string())])) }}
{%- endmacro %}

{#- The person_key of a HubSpot contact without a usable email: its contact id names it, so
    it is still one person (docs/identity.md#hubspot). -#}
{% macro hubspot_contact_person_key(hubspot_contact_id) -%}
    {{ dbt.hash(dbt.concat(["'hubspot_contact:'", dbt.cast(hubspot_contact_id, dbt.type_string())])) }}
{%- endmacro %}
