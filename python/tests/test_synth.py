# ruff: noqa: E501  (SQL assertions read better on one line)
"""Tests of the synthetic world generator (emergence.synth)."""

from __future__ import annotations

import csv
import hashlib
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest
import yaml

from emergence.synth import RAW_SCHEMA, generate_world
from emergence.synth.__main__ import main as synth_main
from emergence.synth.dirty import KINDS, PLAN
from emergence.synth.truth import TRUTH_SCHEMA
from emergence.synth.variants import VARIANTS, variant
from emergence.synth.vocab import LEAD_STATUSES, OPP_STAGES, SOCIAL_MIX, social_networks

REPO = Path(__file__).resolve().parents[2]
SOURCES_DIR = REPO / "models" / "staging"
YAML_TYPES = {
    "varchar": "VARCHAR",
    "boolean": "BOOLEAN",
    "bigint": "BIGINT",
    "double": "DOUBLE",
    "timestamp": "TIMESTAMP",
    "date": "DATE",
}
ID_COL = {("reverse_ip", "ip_company_ranges"): "range_id"}


def _make(tmp_path_factory: pytest.TempPathFactory, name: str, **kw) -> tuple[Path, object]:
    path = tmp_path_factory.mktemp("synth") / f"{name}.duckdb"
    stats = generate_world(path, **kw)
    return path, stats


@pytest.fixture(scope="module")
def dirty_world(tmp_path_factory):
    """60 accounts, 60 days, default dirt."""
    return _make(tmp_path_factory, "dirty", seed=7, accounts=60, days=60, dirty_rate=0.02)


@pytest.fixture(scope="module")
def clean_world(tmp_path_factory):
    """80 accounts, 90 days, no dirt."""
    return _make(tmp_path_factory, "clean", seed=11, accounts=80, days=90, dirty_rate=0.0)


def _con(path: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path), read_only=True)


def _q(con, sql: str):
    return con.execute(sql).fetchall()


def _table_hashes(path: Path) -> dict[str, str]:
    con = _con(path)
    try:
        out = {}
        for schema in [*RAW_SCHEMA, "synth_truth"]:
            for (table,) in _q(
                con,
                f"SELECT table_name FROM information_schema.tables WHERE table_schema = '{schema}'",
            ):
                out[f"{schema}.{table}"] = _q(
                    con,
                    f"SELECT md5(coalesce(string_agg(CAST(t AS VARCHAR), chr(10) ORDER BY CAST(t AS VARCHAR)), '')) "
                    f'FROM "{schema}"."{table}" AS t',
                )[0][0]
        return out
    finally:
        con.close()


# ---------------------------------------------------------------------------------------- determinism
def test_same_seed_gives_identical_tables_and_other_seed_differs(tmp_path_factory):
    a, _ = _make(tmp_path_factory, "a", seed=5, accounts=40, days=45)
    b, _ = _make(tmp_path_factory, "b", seed=5, accounts=40, days=45)
    c, _ = _make(tmp_path_factory, "c", seed=6, accounts=40, days=45)
    ha, hb, hc = _table_hashes(a), _table_hashes(b), _table_hashes(c)
    assert len(ha) == sum(len(t) for t in RAW_SCHEMA.values()) + len(TRUTH_SCHEMA)
    assert ha == hb
    differing = [t for t in ha if ha[t] != hc[t]]
    for t in (
        "segment.pages",
        "salesforce.lead",
        "marketo.activity_send_email",
        "synth_truth.people",
    ):
        assert t in differing
    assert len(differing) > len(ha) // 2


def _world_hash(path: Path) -> str:
    # HubSpot's tables, empty in a Marketo world, came after the hash below was taken
    hashes = {k: v for k, v in _table_hashes(path).items() if not k.startswith("hubspot.")}
    return hashlib.md5("\n".join(f"{k}={v}" for k, v in sorted(hashes.items())).encode()).hexdigest()


# The hash of every raw and truth table of the demo world (seed 5, 40 accounts, 45 days): the
# variant knobs at their defaults (V0) must give exactly this world; it changes only with the
# demo world itself.
DEMO_WORLD_HASH = "0452db572de9d5aaf5a1f02f72d8f666"


def test_default_knobs_generate_exactly_the_demo_world(tmp_path_factory):
    path, _ = _make(tmp_path_factory, "v0", seed=5, accounts=40, days=45)
    assert _world_hash(path) == DEMO_WORLD_HASH
    con = _con(path)
    try:
        for table in RAW_SCHEMA["hubspot"]:
            assert _q(con, f'SELECT count(*) FROM hubspot."{table}"')[0][0] == 0, table
    finally:
        con.close()
    same, _ = _make(tmp_path_factory, "v0_knobs", seed=5, accounts=40, days=45, knobs=variant("V0").knobs)
    assert _world_hash(same) == DEMO_WORLD_HASH


def test_every_variant_generates_and_its_knobs_act(tmp_path_factory):
    worlds = {
        v.name: _make(tmp_path_factory, v.name, seed=v.seed, accounts=60, days=120, knobs=v.knobs)
        for v in VARIANTS
    }
    assert len({v.seed for v in VARIANTS}) == len(VARIANTS)
    for name, (path, _) in worlds.items():
        con = _con(path)
        try:
            assert _q(con, "SELECT count(*) FROM synth_truth.episodes")[0][0] > 0, name
        finally:
            con.close()
    with pytest.raises(ValueError, match="team_size_law"):
        generate_world(
            tmp_path_factory.mktemp("bad") / "x.duckdb", accounts=5, days=14, knobs={"team_size_law": "x"}
        )


# ---------------------------------------------------------------------------------------- contract
def _yaml_contract() -> dict[str, dict[str, list[tuple[str, str]]]]:
    out: dict[str, dict[str, list[tuple[str, str]]]] = {}
    files = sorted(SOURCES_DIR.glob("*/_*__sources.yml"))
    assert files, f"no sources YAML under {SOURCES_DIR}"
    for f in files:
        for src in yaml.safe_load(f.read_text())["sources"]:
            out[src["name"]] = {
                t["name"]: [(c["name"], YAML_TYPES[c["data_type"].lower()]) for c in t.get("columns", [])]
                for t in src["tables"]
            }
    return out


def test_contract_matches_sources_yaml(dirty_world):
    """Every declared table and column is written, with exactly the declared names and types."""
    contract = _yaml_contract()
    assert set(contract) == set(RAW_SCHEMA)
    con = _con(dirty_world[0])
    try:
        for src, tables in contract.items():
            written = {}
            for table, column, dtype in _q(
                con,
                "SELECT table_name, column_name, data_type FROM information_schema.columns "
                f"WHERE table_schema = '{src}' ORDER BY table_name, ordinal_position",
            ):
                written.setdefault(table, []).append((column, dtype))
            assert set(written) == set(tables), src
            for table, cols in tables.items():
                assert sorted(written[table]) == sorted(cols), f"{src}.{table}"
                assert sorted(RAW_SCHEMA[src][table]) == sorted(cols), f"raw_schema.py {src}.{table}"
    finally:
        con.close()


# ---------------------------------------------------------------------------------------- truth
def test_touches_point_at_existing_raw_rows(dirty_world):
    con = _con(dirty_world[0])
    try:
        groups = _q(
            con,
            "SELECT source_system, source_table, count(*) FROM synth_truth.touches GROUP BY ALL",
        )
        seen = {(s, t) for s, t, _ in groups}
        for need in [
            ("segment", "pages"),
            ("segment", "tracks"),
            ("segment", "identifies"),
            ("marketo", "activity_open_email"),
            ("marketo", "activity_click_email"),
            ("marketo", "activity_fill_out_form"),
            ("marketo", "activity_visit_webpage"),
            ("salesforce", "campaign_member"),
        ]:
            assert need in seen
        for system, table, _n in groups:
            missing = _q(
                con,
                f"""
                SELECT count(*) FROM synth_truth.touches t
                WHERE t.source_system = '{system}' AND t.source_table = '{table}'
                  AND NOT EXISTS (SELECT 1 FROM "{system}"."{table}" r WHERE r.id = t.source_row_id)""",
            )[0][0]
            assert missing == 0, (system, table)
        assert _q(con, "SELECT count(*) FROM synth_truth.touches WHERE source_row_id IS NULL")[0][0] == 0
        # touches of a person carry that person's account
        assert (
            _q(
                con,
                """SELECT count(*) FROM synth_truth.touches t JOIN synth_truth.people p USING (truth_person_id)
                          WHERE t.truth_account_id IS DISTINCT FROM p.truth_account_id""",
            )[0][0]
            == 0
        )
        # in-market touches belong to team members inside their episode window
        assert (
            _q(
                con,
                """SELECT count(*) FROM synth_truth.touches t
                          LEFT JOIN synth_truth.team_members m USING (truth_person_id)
                          WHERE t.is_in_market AND (m.episode_id IS NULL
                                OR t.occurred_at NOT BETWEEN m.member_start_at AND m.member_end_at)""",
            )[0][0]
            == 0
        )
        assert _q(con, "SELECT count(*) FROM synth_truth.touches WHERE is_in_market")[0][0] > 0
    finally:
        con.close()


def test_teams_and_episodes_are_consistent(dirty_world):
    con = _con(dirty_world[0])
    try:
        assert _q(con, "SELECT count(*) FROM synth_truth.episodes")[0][0] > 0
        bad = _q(
            con,
            """SELECT count(*) FROM synth_truth.episodes e
                         WHERE e.team_size <> (SELECT count(*) FROM synth_truth.team_members m WHERE m.episode_id = e.episode_id)""",
        )
        assert bad[0][0] == 0
        assert (
            _q(
                con,
                """SELECT count(*) FROM synth_truth.team_members m JOIN synth_truth.episodes e USING (episode_id)
                          JOIN synth_truth.people p USING (truth_person_id)
                          WHERE p.truth_account_id IS DISTINCT FROM e.truth_account_id
                             OR p.episode_id IS DISTINCT FROM m.episode_id OR p.buying_role IS DISTINCT FROM m.buying_role""",
            )[0][0]
            == 0
        )
        # a person is on at most one team; team members are real employees
        assert (
            _q(
                con,
                "SELECT count(*) - count(DISTINCT truth_person_id) FROM synth_truth.team_members",
            )[0][0]
            == 0
        )
        assert (
            _q(
                con,
                """SELECT count(*) FROM synth_truth.team_members JOIN synth_truth.people USING (truth_person_id)
                          WHERE noise_kind IS NOT NULL""",
            )[0][0]
            == 0
        )
        # team size follows the firmographic and is capped by the account's people
        rows = _q(
            con,
            """SELECT a.employees, e.team_size, a.expected_team_size FROM synth_truth.episodes e
                          JOIN synth_truth.accounts a USING (truth_account_id)""",
        )
        for emp, size, expected in rows:
            assert size >= 3 and size <= max(3, round(expected * 1.2) + 1), (emp, size, expected)
            assert size <= emp
        # opportunities of episodes exist in the CRM on the episode's account
        assert (
            _q(
                con,
                """SELECT count(*) FROM synth_truth.episodes e JOIN synth_truth.accounts a USING (truth_account_id)
                          LEFT JOIN salesforce.opportunity o ON o.id = e.opportunity_id
                          WHERE e.opened_opportunity AND (o.id IS NULL OR o.account_id <> a.sfdc_account_id)""",
            )[0][0]
            == 0
        )
    finally:
        con.close()


def test_people_records_exist_in_the_crm_and_map(dirty_world):
    con = _con(dirty_world[0])
    try:
        for col, table in (
            ("sfdc_contact_id", "salesforce.contact"),
            ("sfdc_lead_id", "salesforce.lead"),
            ("marketo_lead_id", "marketo.lead"),
        ):
            n, missing = _q(
                con,
                f"""SELECT count(p.{col}), count(p.{col}) FILTER (WHERE r.id IS NULL)
                                    FROM synth_truth.people p LEFT JOIN (SELECT DISTINCT id FROM {table}) r ON r.id = p.{col}""",
            )[0]
            assert n > 0 and missing == 0, col
        # contacts sit on their person's CRM account
        assert (
            _q(
                con,
                """SELECT count(*) FROM synth_truth.people p JOIN salesforce.contact c ON c.id = p.sfdc_contact_id
                          JOIN synth_truth.accounts a USING (truth_account_id)
                          WHERE c.account_id IS DISTINCT FROM a.sfdc_account_id""",
            )[0][0]
            == 0
        )
        assert (
            _q(
                con,
                """SELECT count(*) FROM synth_truth.accounts a LEFT JOIN salesforce.account s ON s.id = a.sfdc_account_id
                          WHERE a.in_crm AND s.id IS NULL""",
            )[0][0]
            == 0
        )
        # CRM accounts have people known to the CRM; free-mail and anonymous noise has no account
        assert (
            _q(
                con,
                """SELECT count(DISTINCT truth_account_id) FROM synth_truth.people JOIN synth_truth.accounts USING (truth_account_id)
                          WHERE in_crm AND (sfdc_contact_id IS NOT NULL OR sfdc_lead_id IS NOT NULL)""",
            )[0][0]
            >= 0.8 * _q(con, "SELECT count(*) FROM synth_truth.accounts WHERE in_crm")[0][0]
        )
        assert (
            _q(
                con,
                """SELECT count(*) FROM synth_truth.people WHERE noise_kind IN ('student', 'job_seeker', 'isp_visitor', 'crawler')
                          AND truth_account_id IS NOT NULL""",
            )[0][0]
            == 0
        )
        assert (
            _q(
                con,
                """SELECT count(*) FROM synth_truth.people WHERE noise_kind IN ('student', 'job_seeker')
                          AND split_part(email, '@', 2) NOT IN ('gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com')""",
            )[0][0]
            == 0
        )
        kinds = {
            k
            for (k,) in _q(
                con,
                "SELECT DISTINCT noise_kind FROM synth_truth.people WHERE noise_kind IS NOT NULL",
            )
        }
        assert kinds >= {
            "student",
            "job_seeker",
            "isp_visitor",
            "crawler",
            "left_company",
            "competitor",
        }
    finally:
        con.close()


def test_web_and_ip_ranges_are_sane(clean_world):
    con = _con(clean_world[0])
    try:
        ranges = _q(
            con,
            """SELECT
              CAST(split_part(start_ip, '.', 1) AS BIGINT) * 16777216 + CAST(split_part(start_ip, '.', 2) AS BIGINT) * 65536
                + CAST(split_part(start_ip, '.', 3) AS BIGINT) * 256 + CAST(split_part(start_ip, '.', 4) AS BIGINT) AS s,
              CAST(split_part(end_ip, '.', 1) AS BIGINT) * 16777216 + CAST(split_part(end_ip, '.', 2) AS BIGINT) * 65536
                + CAST(split_part(end_ip, '.', 3) AS BIGINT) * 256 + CAST(split_part(end_ip, '.', 4) AS BIGINT) AS e
            FROM reverse_ip.ip_company_ranges ORDER BY s""",
        )
        for (s1, e1), (s2, _e2) in zip(ranges, ranges[1:], strict=False):
            assert s1 <= e1 < s2
        types = {t for (t,) in _q(con, "SELECT DISTINCT ip_type FROM reverse_ip.ip_company_ranges")}
        assert {"business", "isp", "hosting", "vpn"} <= types
        per_acc = _q(
            con,
            """SELECT min(n), max(n) FROM (SELECT a.domain, count(r.range_id) n FROM synth_truth.accounts a
                             LEFT JOIN reverse_ip.ip_company_ranges r ON r.company_domain = a.domain GROUP BY 1)""",
        )[0]
        assert per_acc[0] >= 1 and per_acc[1] <= 3
        # crawlers: 'bot' user agents; every page on the vendor site; identified pages carry both ids
        assert (
            _q(
                con,
                """SELECT count(*) FROM segment.pages g JOIN synth_truth.touches t ON t.source_row_id = g.id
                          JOIN synth_truth.people p USING (truth_person_id)
                          WHERE p.noise_kind = 'crawler' AND lower(g.context_user_agent) NOT LIKE '%bot%'""",
            )[0][0]
            == 0
        )
        assert (
            _q(
                con,
                "SELECT count(*) FROM segment.pages WHERE context_page_url NOT LIKE 'https://www.northbeam.io/%'",
            )[0][0]
            == 0
        )
        assert _q(con, "SELECT count(*) FROM segment.pages WHERE user_id IS NOT NULL")[0][0] > 0
        assert (
            _q(
                con,
                "SELECT count(*) FROM segment.identifies WHERE anonymous_id IS NULL OR user_id IS NULL OR email IS NULL",
            )[0][0]
            == 0
        )
        assert (
            _q(
                con,
                "SELECT count(*) FROM segment.pages WHERE NOT (received_at > timestamp AND uuid_ts > received_at)",
            )[0][0]
            == 0
        )
        anon = _q(
            con,
            "SELECT count(*) FROM segment.pages WHERE NOT regexp_full_match(anonymous_id, 'a[0-9a-f]{15}')",
        )[0][0]
        assert anon == 0
        # the bulk is email: sends >> opens > clicks
        sends, opens, clicks = (
            _q(con, f"SELECT count(*) FROM marketo.{t}")[0][0]
            for t in ("activity_send_email", "activity_open_email", "activity_click_email")
        )
        assert sends > 5 * opens and opens > clicks > 0
    finally:
        con.close()


# ---------------------------------------------------------------------------------------- social
# Landing pages (a referrer that is not the vendor's own site) not from an email click-through,
# and how many of them the truth says a social network referred.
SOCIAL_SHARE_SQL = """
SELECT count(*) FILTER (WHERE t.social_network IS NOT NULL), count(*)
FROM segment.pages g JOIN synth_truth.touches t
  ON t.source_system = 'segment' AND t.source_table = 'pages' AND t.source_row_id = g.id
WHERE (g.referrer IS NULL OR g.referrer NOT LIKE 'https://www.northbeam.io%')
  AND coalesce(g.context_campaign_source, '') <> 'marketo'
"""


def test_social_visits_follow_the_knob_and_the_seed(clean_world, tmp_path_factory):
    seed_rows = list(csv.DictReader((REPO / "seeds" / "reference" / "social_networks.csv").open()))
    assert set(SOCIAL_MIX) == {row["network"] for row in seed_rows}
    hosts = {(row["network"], row["pattern"]) for row in seed_rows if row["match_on"] == "referrer_host"}
    sources = {(row["network"], row["pattern"]) for row in seed_rows if row["match_on"] == "utm_source"}
    con = _con(clean_world[0])
    try:
        social, visits = _q(con, SOCIAL_SHARE_SQL)[0]
        # the default knob: 7% of the visits not from an email, within sampling error
        assert 0.055 <= social / visits <= 0.085, (social, visits)
        pages = _q(
            con,
            """SELECT t.social_network, g.referrer, g.context_campaign_source, g.context_campaign_medium
               FROM segment.pages g JOIN synth_truth.touches t
                 ON t.source_table = 'pages' AND t.source_row_id = g.id
               WHERE t.social_network IS NOT NULL""",
        )
        for network, referrer, source, medium in pages:
            host = referrer.split("//")[1].split("/")[0].removeprefix("www.")
            assert (network, host) in hosts
            assert source is None or ((network, source) in sources and medium == "paid_social")
        assert {network for network, *_ in pages} == set(SOCIAL_MIX)
        assert 0.25 <= sum(source is not None for *_, source, _m in pages) / len(pages) <= 0.55
        # the Munchkin visit of a social landing page names the same network, and is referred by it
        referrers = {network.name: network.referrer for network in social_networks()}
        visits_of_known = _q(
            con,
            """SELECT t.social_network, v.referrer_url FROM synth_truth.touches t
               JOIN marketo.activity_visit_webpage v
                 ON t.source_table = 'activity_visit_webpage' AND t.source_row_id = CAST(v.id AS VARCHAR)
               WHERE t.social_network IS NOT NULL""",
        )
        assert visits_of_known and all(referrers[network] == url for network, url in visits_of_known)
    finally:
        con.close()
    # LinkedIn lead gen form fills: team members known to Marketo, in market, on LinkedIn
    with _con(clean_world[0]) as con:
        fills = _q(
            con,
            """SELECT count(*), count(*) FILTER (WHERE t.is_in_market AND t.social_network = 'linkedin'
                                                  AND t.truth_person_id IS NOT NULL)
               FROM marketo.activity_fill_out_linkedin_lead_gen_form f JOIN synth_truth.touches t
                 ON t.source_table = 'activity_fill_out_linkedin_lead_gen_form' AND t.source_row_id = CAST(f.id AS VARCHAR)""",
        )[0]
    assert fills[0] > 0 and fills[0] == fills[1], fills
    for share, low, high in ((0.0, 0.0, 0.0), (0.3, 0.25, 0.35)):
        path, _ = _make(
            tmp_path_factory,
            f"social{share}",
            seed=11,
            accounts=40,
            days=45,
            dirty_rate=0.0,
            knobs={"social_visit_share": share},
        )
        with _con(path) as con:
            social, visits = _q(con, SOCIAL_SHARE_SQL)[0]
        assert low <= social / visits <= high, (share, social, visits)
    with pytest.raises(ValueError, match="social_visit_share"):
        generate_world(
            tmp_path_factory.mktemp("bad") / "x.duckdb", accounts=5, days=14, knobs={"social_visit_share": 2}
        )


# ---------------------------------------------------------------------------------------- knobs
def test_scale_knobs(tmp_path_factory):
    small, s_stats = _make(tmp_path_factory, "k40", seed=3, accounts=40, days=30, dirty_rate=0.0)
    big, b_stats = _make(
        tmp_path_factory,
        "k80",
        seed=3,
        accounts=80,
        days=90,
        dirty_rate=0.0,
        start_date=date(2025, 3, 3),
    )
    cs, cb = _con(small), _con(big)
    try:
        assert _q(cs, "SELECT count(*) FROM synth_truth.accounts")[0][0] == 40
        assert _q(cb, "SELECT count(*) FROM synth_truth.accounts")[0][0] == 80
        ratio = b_stats.rows["truth.people"] / s_stats.rows["truth.people"]
        assert 1.3 < ratio < 3.0
        crm = _q(cb, "SELECT count(*) FROM synth_truth.accounts WHERE in_crm AND NOT crm_via_conversion")[0][
            0
        ]
        assert crm == 56  # crm_share 0.7 of 80
        for con, start, days in ((cs, date(2026, 1, 5), 30), (cb, date(2025, 3, 3), 90)):
            lo, hi = _q(con, "SELECT min(timestamp), max(timestamp) FROM segment.pages")[0]
            assert start <= lo.date() <= start + timedelta(days=1)
            assert start + timedelta(days=days - 2) <= hi.date() < start + timedelta(days=days)
            lo, hi = _q(
                con,
                "SELECT min(activity_date), max(activity_date) FROM marketo.activity_send_email",
            )[0]
            assert start <= lo.date() and hi.date() < start + timedelta(days=days)
    finally:
        cs.close()
        cb.close()


# ---------------------------------------------------------------------------------------- dirt
def _id_tables():
    for src, tables in RAW_SCHEMA.items():
        for table, cols in tables.items():
            col = ID_COL.get((src, table), "id")
            if col in {c for c, _ in cols}:
                yield src, table, col


def test_clean_world_has_no_dirt(clean_world):
    path, stats = clean_world
    assert stats.dirty_rows == 0
    con = _con(path)
    try:
        assert _q(con, "SELECT count(*) FROM synth_truth.dirty_rows")[0][0] == 0
        for src, table, col in _id_tables():
            n, distinct, nulls = _q(
                con,
                f'SELECT count(*), count(DISTINCT "{col}"), count(*) - count("{col}") FROM "{src}"."{table}"',
            )[0]
            assert n == distinct and nulls == 0, f"{src}.{table}"
        for src, tables in RAW_SCHEMA.items():
            for table, cols in tables.items():
                names = {c for c, _ in cols}
                for flag in ("is_deleted", "_fivetran_deleted"):
                    if flag in names:
                        assert _q(con, f'SELECT count(*) FROM "{src}"."{table}" WHERE "{flag}"')[0][0] == 0
                if "email" in names:
                    assert (
                        _q(
                            con,
                            f"""SELECT count(*) FROM "{src}"."{table}" WHERE email IS NOT NULL AND
                                       (email <> lower(trim(email)) OR NOT regexp_full_match(email, '[a-z0-9.]+@[a-z0-9.-]+\\.[a-z.]+'))""",
                        )[0][0]
                        == 0
                    )
                for ev, loaded in (
                    ("activity_date", "_fivetran_synced"),
                    ("created_date", "_fivetran_synced"),
                    ("timestamp", "received_at"),
                ):
                    if ev in names and loaded in names:
                        assert (
                            _q(
                                con,
                                f'SELECT count(*) FROM "{src}"."{table}" WHERE "{ev}" > "{loaded}"',
                            )[0][0]
                            == 0
                        ), table
        statuses = {s for (s,) in _q(con, "SELECT DISTINCT status FROM salesforce.lead")}
        assert statuses <= set(LEAD_STATUSES) and "Marketing Qualified" in statuses | {
            v for (v,) in _q(con, "SELECT DISTINCT new_value FROM salesforce.lead_history")
        }
        stages = {s for (s,) in _q(con, "SELECT DISTINCT stage_name FROM salesforce.opportunity_history")}
        assert stages <= set(OPP_STAGES) | {"Closed Won", "Closed Lost"}
    finally:
        con.close()


def test_every_dirty_kind_appears_and_is_recorded(dirty_world):
    path, stats = dirty_world
    con = _con(path)
    try:
        kinds = {k for (k,) in _q(con, "SELECT DISTINCT dirty_kind FROM synth_truth.dirty_rows")}
        assert kinds == set(KINDS)
        assert stats.dirty_rows == _q(con, "SELECT count(*) FROM synth_truth.dirty_rows")[0][0]
        # recorded ids exist in their tables; null-id rows are recorded with a null id and exist too
        for src, table in PLAN:
            col = ID_COL.get((src, table), "id")
            missing = _q(
                con,
                f"""SELECT count(*) FROM synth_truth.dirty_rows d WHERE source_system = '{src}'
                                  AND source_table = '{table}' AND row_id IS NOT NULL
                                  AND NOT EXISTS (SELECT 1 FROM "{src}"."{table}" r WHERE r."{col}" = d.row_id)""",
            )[0][0]
            assert missing == 0, (src, table)
            nulls = _q(
                con,
                f"""SELECT count(*) FROM synth_truth.dirty_rows WHERE source_system = '{src}'
                               AND source_table = '{table}' AND dirty_kind = 'null_id'""",
            )[0][0]
            assert _q(con, f'SELECT count(*) - count("{col}") FROM "{src}"."{table}"')[0][0] == nulls
        storm = _q(
            con,
            """SELECT source_system, source_table, row_id, count(*) FROM synth_truth.dirty_rows
                           WHERE dirty_kind = 'resync_storm' GROUP BY ALL""",
        )
        assert len(storm) == 1
        src, table, rid, n = storm[0]
        assert n == 49
        assert _q(con, f"""SELECT count(*) FROM "{src}"."{table}" WHERE id = '{rid}'""")[0][0] >= 50
        # deleted ghosts are flagged, future timestamps are later than the load, picklists are unknown
        assert (
            _q(
                con,
                f"SELECT count(*) FROM salesforce.lead WHERE status NOT IN ({', '.join(repr(s) for s in LEAD_STATUSES)})",
            )[0][0]
            > 0
        )
        dele = _q(
            con,
            "SELECT count(*) FROM synth_truth.dirty_rows WHERE dirty_kind = 'deleted' AND source_system = 'salesforce'",
        )[0][0]
        flagged = sum(
            _q(con, f'SELECT count(*) FROM salesforce."{t}" WHERE is_deleted')[0][0]
            for t in RAW_SCHEMA["salesforce"]
            if t != "user"
        )
        flagged += _q(con, 'SELECT count(*) FROM salesforce."user" WHERE _fivetran_deleted')[0][0]
        assert dele == flagged > 0
    finally:
        con.close()


def test_dirt_in_the_default_demo_world_covers_every_kind(tmp_path_factory):
    path, stats = _make(tmp_path_factory, "demo", seed=42)
    con = _con(path)
    try:
        kinds = {k for (k,) in _q(con, "SELECT DISTINCT dirty_kind FROM synth_truth.dirty_rows")}
        assert kinds == set(KINDS)
        assert stats.rows["truth.accounts"] == 300
        assert 0.005 < stats.dirty_rows / stats.total_rows < 0.05
    finally:
        con.close()


def test_command_line(tmp_path):
    db = tmp_path / "cli.duckdb"
    assert (
        synth_main(
            [
                "--database",
                str(db),
                "--accounts",
                "20",
                "--days",
                "14",
                "--seed",
                "1",
                "--start-date",
                "2026-02-02",
                "--dirty-rate",
                "0",
                "--social-visit-share",
                "0",
            ]
        )
        == 0
    )
    con = _con(db)
    try:
        assert _q(con, "SELECT count(*) FROM synth_truth.accounts")[0][0] == 20
        assert (
            _q(
                con,
                "SELECT count(*) FROM synth_truth.touches WHERE source_table = 'pages' AND social_network IS NOT NULL",
            )[0][0]
            == 0
        )
        assert _q(con, "SELECT min(timestamp)::DATE FROM segment.pages")[0][0] >= date(2026, 2, 2)
    finally:
        con.close()
