{#- The keyed hash that stands for personal data in the marts: SHA-256 of the key, '|' and the
    value, as lowercase hex. Without the key, hashing a list of addresses finds nothing
    (docs/data_quality.md#pii). Null stays null: the concatenation is null when the value is.
    pii_key() is called unqualified so that a unit test can fix the key
    (overrides: {macros: {pii_key: "'unit-test-key'"}}). -#}
{% macro keyed_hash(expression) -%}
    {{ return(adapter.dispatch('keyed_hash', 'emergence')(expression)) }}
{%- endmacro %}

{% macro duckdb__keyed_hash(expression) -%}
    sha256({{ pii_key() }} || '|' || cast({{ expression }} as varchar))
{%- endmacro %}

{% macro postgres__keyed_hash(expression) -%}
    encode(sha256(convert_to({{ pii_key() }} || '|' || cast({{ expression }} as text), 'UTF8')), 'hex')
{%- endmacro %}

{% macro spark__keyed_hash(expression) -%}
    sha2(concat({{ pii_key() }}, '|', cast({{ expression }} as string)), 256)
{%- endmacro %}

{% macro snowflake__keyed_hash(expression) -%}
    sha2({{ pii_key() }} || '|' || cast({{ expression }} as varchar), 256)
{%- endmacro %}

{% macro bigquery__keyed_hash(expression) -%}
    to_hex(sha256(concat({{ pii_key() }}, '|', cast({{ expression }} as string))))
{%- endmacro %}

{% macro default__keyed_hash(expression) -%}
    {{ exceptions.raise_compiler_error(
        "emergence: no keyed SHA-256 for " ~ target.type ~ " (macros/privacy/keyed_hash.sql)."
    ) }}
{%- endmacro %}
