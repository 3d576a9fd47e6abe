-- The facts the lead scorecard reads, one row per person, field and value
-- (docs/lead_management.md#scorecard): who the person is (function, seniority, buying
-- role, title), what their company is (industry, employees, revenue, region, parent or
-- subsidiary) and the buying status sales recorded on their lead (BANT, read from the lead
-- status). Values are text; range rules cast them to numbers. Only people known by email
-- are scored: an anonymous visitor cannot be a lead.
with people as (
    select * from {{ ref('dim_people') }}
),

accounts as (
    select * from {{ ref('dim_accounts') }}
),

leads as (
    select * from {{ ref('stg_salesforce__leads') }}
),

lead_statuses as (
    select * from {{ ref('int_lead_statuses__mapped') }}
),

known_people as (
    select
        person_key,
        account_key,
        job_function,
        seniority,
        buying_role,
        job_title,
        first_seen_at
    from people
    where
        not is_anonymous
        and not is_bot
),

parent_accounts as (
    select distinct parent_account_id
    from accounts
    where parent_account_id is not null
),

account_facts as (
    select
        accounts.account_key,
        accounts.industry,
        accounts.region,
        cast(accounts.number_of_employees as {{ dbt.type_string() }}) as number_of_employees,
        cast(accounts.annual_revenue as {{ dbt.type_string() }}) as annual_revenue,
        case
            when parent_accounts.parent_account_id is not null then 'parent'
            when accounts.parent_account_id is not null then 'subsidiary'
            else 'standalone'
        end as account_hierarchy
    from accounts
    left join parent_accounts
        on accounts.sfdc_account_id = parent_accounts.parent_account_id
),

person_facts as (
    select
        known_people.person_key,
        known_people.first_seen_at,
        known_people.job_function,
        known_people.seniority,
        known_people.buying_role,
        known_people.job_title,
        account_facts.industry,
        account_facts.region,
        account_facts.number_of_employees,
        account_facts.annual_revenue,
        account_facts.account_hierarchy
    from known_people
    left join account_facts
        on known_people.account_key = account_facts.account_key
),

{%- set person_fields = [
    'job_function', 'seniority', 'buying_role', 'job_title', 'industry', 'region',
    'number_of_employees', 'annual_revenue', 'account_hierarchy',
] %}

unpivoted as (
    {%- for field in person_fields %}
    select
        person_key,
        '{{ field }}' as field_name,
        {{ field }} as field_value,
        person_key as source_row_id,
        'dim_people' as fact_source,
        first_seen_at as observed_at
    from person_facts
    where {{ field }} is not null
    union all
    {%- endfor %}
    -- buying status: each lead status the person's lead entered, from the moment it did
    select
        {{ emergence.email_person_key('leads.email') }} as person_key,
        'lead_status' as field_name,
        lead_statuses.crm_value as field_value,
        lead_statuses.source_row_id,
        lead_statuses.source_table as fact_source,
        lead_statuses.occurred_at as observed_at
    from lead_statuses
    inner join leads
        on lead_statuses.lead_id = leads.lead_id
    where
        lead_statuses.crm_object = 'lead'
        and lead_statuses.transition_source != 'lead_created'
        and lead_statuses.dq_reason is null
        and leads.email is not null
),

final as (
    select
        -- ids
        {{ dbt.hash(dbt.concat([
            'person_key', "'|'", 'field_name', "'|'", 'fact_source', "'|'", 'source_row_id',
        ])) }} as lead_attribute_key,
        person_key,
        source_row_id,
        -- strings
        field_name,
        field_value,
        fact_source,
        -- timestamps
        observed_at
    from unpivoted
    where person_key in (select person_key from known_people)
)

select * from final
