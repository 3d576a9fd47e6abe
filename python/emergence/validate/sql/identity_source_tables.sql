-- The tables that optional raw sources fill, one insert per source the warehouse has. Each
-- starts empty, so a warehouse without a source (no Segment, no reverse-IP vendor, no
-- quarantine) still validates.
create or replace temp table vi_quarantined (
    source_system varchar,
    source_table varchar,
    source_row_id varchar
);

create or replace temp table vi_web (
    source_system varchar,
    source_table varchar,
    source_row_id varchar,
    anonymous_id varchar,
    ip_int bigint
);

create or replace temp table vi_sighting_rows (
    anonymous_id varchar,
    ip_int bigint
);

create or replace temp table vi_ranges (
    start_int bigint,
    end_int bigint,
    domain varchar
);

create or replace temp table vi_stitchable_rows (
    anonymous_id varchar
);

create or replace temp table vi_identified (
    truth_person_id varchar
)
