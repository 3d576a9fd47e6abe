{#- True when `value` (a text column) meets the scorecard rule in `rules` (the alias of the
    lead_scorecard_rules seed). Match types (docs/lead_management.md#scorecard): equals
    (case-insensitive), in (a |-separated list), range (a number from range_low, inclusive,
    up to range_high, exclusive; either end may be open) and pattern (a SQL LIKE pattern,
    case-insensitive, % for any text). -#}
{% macro scorecard_rule_matches(value, rules) -%}
    case {{ rules }}.match_type
        when 'equals' then lower({{ value }}) = lower({{ rules }}.match_value)
        when 'in' then {{ dbt.concat(["'|'", 'lower(' ~ rules ~ '.match_value)', "'|'"]) }}
            like {{ dbt.concat(["'%|'", 'lower(' ~ value ~ ')', "'|%'"]) }}
        when 'range' then
            {{ emergence.try_cast(value, emergence.type_double()) }} is not null
            and ({{ rules }}.range_low is null
                or {{ emergence.try_cast(value, emergence.type_double()) }} >= {{ rules }}.range_low)
            and ({{ rules }}.range_high is null
                or {{ emergence.try_cast(value, emergence.type_double()) }} < {{ rules }}.range_high)
        when 'pattern' then lower({{ value }}) like lower({{ rules }}.match_value)
        else false
    end
{%- endmacro %}
