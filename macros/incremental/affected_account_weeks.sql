{#- The account-weeks a weekly model builds: on a full build every week of `spine` (the
    relation or CTE of int_account_weeks__spine), on an incremental run the affected ones. -#}
{% macro account_weeks_to_build(spine) -%}
    {%- if is_incremental() -%}
    {{ emergence.affected_account_weeks(spine) }}
    {%- else -%}
    select
        account_key,
        week_start
    from {{ spine }}
    {%- endif -%}
{%- endmacro %}

{#- The account-weeks an incremental run of a weekly model recomputes: those whose inputs
    int_engagement__changes marks pending. A changed account-day reaches the weeks that end
    on or after it and start within the longest look-back of the weekly models after it
    (engagement, concurrency, team, emergence and MAP-score windows, momentum's prior weeks,
    persistence's weeks); a new or changed spine week is itself; a changed account (size
    band, industry) is every week of the account. The caller names the spine's relation,
    and lists int_engagement__changes among its depends_on. -#}
{% macro affected_account_weeks(spine) -%}
    {%- set reach_days = [
        var('engagement_window_short_days'), var('engagement_window_medium_days'),
        var('engagement_window_long_days'), var('concurrency_window_days'),
        var('team_window_days'), var('emergence_window_days'), var('map_score_window_days'),
        7 * var('momentum_prior_weeks'), 7 * var('emergence_persistence_weeks'),
    ] | max -%}
    select distinct
        affected_spine.account_key,
        affected_spine.week_start
    from {{ spine }} as affected_spine
    inner join {{ ref('int_engagement__changes') }} as changes
        on affected_spine.account_key = changes.account_key
    where
        changes.is_pending
        and (
            changes.change_kind = 'account'
            or (changes.change_kind = 'week' and changes.change_date = affected_spine.week_start)
            or (
                changes.change_kind = 'day'
                and {{ dbt.dateadd('day', 6, 'affected_spine.week_start') }} >= changes.change_date
                and affected_spine.week_start <= {{ dbt.dateadd('day', reach_days, 'changes.change_date') }}
            )
        )
{%- endmacro %}
