{#- The key of the keyed hash, as SQL that reads it at run time, so compiled SQL names where
    the key lives and never holds it (README, "Personal data"). DuckDB, Postgres and Spark are
    proven here: on DuckDB profiles.yml's plugin sets the session variable from
    DBT_ENV_SECRET_EMERGENCE_PII_KEY; the Postgres engine test passes it in PGOPTIONS; the
    spark target sets it as a conf. -#}
{% macro pii_key() -%}
    {{ return(adapter.dispatch('pii_key', 'emergence')()) }}
{%- endmacro %}

{% macro duckdb__pii_key() -%}
    getvariable('emergence_pii_key')
{%- endmacro %}

{#- A custom setting, given to each connection by the environment
    (PGOPTIONS='-c emergence.pii_key=...') or by the role (alter role ... set
    emergence.pii_key); unset, current_setting raises and the build stops. -#}
{% macro postgres__pii_key() -%}
    current_setting('emergence.pii_key')
{%- endmacro %}

{#- A Spark conf the profile sets (server_side_parameters: {emergence.pii_key: ...}),
    substituted by Spark when it parses the statement. Spark substitutes a redaction text
    for a value that matches spark.redaction.regex (a key holding "secret", "password" or
    "token", as the demo key does): every person would then be hashed with that text, so
    the statement stops instead. -#}
{% macro spark__pii_key() -%}
    if(
        '${emergence.pii_key}' like '%(redacted)%',
        raise_error('emergence: Spark redacted the key of the keyed hash (it matches spark.redaction.regex); choose a key without secret, password or token'),
        '${emergence.pii_key}'
    )
{%- endmacro %}

{#- A secure function that the warehouse's administrator creates and grants to the build's
    role only; its body (the key) is hidden from every other role. -#}
{% macro snowflake__pii_key() -%}
    emergence_pii_key()
{%- endmacro %}

{#- A function in a dataset that only the build's service account can read. -#}
{% macro bigquery__pii_key() -%}
    `{{ target.project }}.emergence_private.pii_key`()
{%- endmacro %}

{% macro default__pii_key() -%}
    {{ exceptions.raise_compiler_error(
        "emergence: no key source for the keyed hash on " ~ target.type
        ~ "; add a dispatched pii_key macro (macros/privacy/pii_key.sql)."
    ) }}
{%- endmacro %}
