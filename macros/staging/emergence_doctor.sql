{#- `dbt run-operation emergence_doctor`: checks the configured raw schemas against the
    contract before the first build (docs/raw_contract.md). Prints, per raw table, whether
    it is found, missing or switched off, the required and optional columns it lacks and
    the var to set; then whether `dbt build` will run. Fails (exit 1) when it would stop.
    The required and optional columns are those of the sources YAML (`required` marks).
    `emergence doctor` runs this macro. -#}
{% macro emergence_doctor() -%}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set stops = [] -%}
    {{ print("emergence doctor: raw tables against the contract (docs/raw_contract.md)") }}
    {%- for entry in emergence.staging_tables() -%}
        {%- set name = entry.source ~ '.' ~ entry.table -%}
        {%- set switch = emergence.switch_var(entry.source, entry.table) -%}
        {%- set check = emergence.doctor_check(entry.source, entry.table) -%}
        {%- if check.status == 'missing' -%}
            {%- do stops.append(name) -%}
            {{ print("  " ~ name ~ ": MISSING (" ~ check.relation ~ "). Set " ~ entry.source
                ~ "_schema / " ~ entry.source ~ "_database, or switch it off: --vars '{"
                ~ switch ~ ": false}'") }}
        {%- elif check.status == 'switched off' -%}
            {{ print("  " ~ name ~ ": switched off (its models build empty)") }}
        {%- else -%}
            {{ print("  " ~ name ~ ": found") }}
            {%- if check.lacks_required -%}
                {%- do stops.append(name) -%}
                {{ print("    lacks required column(s) " ~ check.lacks_required | join(', ')
                    ~ ": sync them in the loader, or switch the table off: --vars '{" ~ switch ~ ": false}'") }}
            {%- endif -%}
            {%- if check.lacks_optional -%}
                {{ print("    lacks optional column(s), no stop (a model that reads one gets null): " ~ check.lacks_optional | join(', ')) }}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if stops -%}
        {{ exceptions.raise_compiler_error(
            "emergence doctor: dbt build would stop on " ~ stops | length ~ " table(s): " ~ stops | join(', ')
        ) }}
    {%- endif -%}
    {{ print("emergence doctor: dbt build will run.") }}
{%- endmacro %}


{#- One raw table against its sources YAML: {status: found | missing | switched off,
    relation, lacks_required, lacks_optional}. -#}
{% macro doctor_check(source_name, table_name) -%}
    {%- set result = {'status': 'switched off', 'relation': none, 'lacks_required': [], 'lacks_optional': []} -%}
    {%- if not emergence.source_is_enabled(source_name, table_name) -%}
        {{ return(result) }}
    {%- endif -%}
    {%- set relation = emergence.raw_relation(source_name, table_name) -%}
    {%- do result.update({'relation': relation}) -%}
    {%- if load_relation(relation) is none -%}
        {%- do result.update({'status': 'missing'}) -%}
        {{ return(result) }}
    {%- endif -%}
    {%- do result.update({'status': 'found'}) -%}
    {%- set present = adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list -%}
    {%- set node = graph.sources['source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name] -%}
    {%- for column in node.columns.values() if column.name | lower not in present -%}
        {%- set meta = column.get('meta') or (column.get('config') or {}).get('meta') or {} -%}
        {%- do result['lacks_required' if meta.get('required') else 'lacks_optional'].append(column.name) -%}
    {%- endfor -%}
    {{ return(result) }}
{%- endmacro %}
