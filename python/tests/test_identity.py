"""Identity resolution against the synthetic world's ground truth, on the small world
built by dbt (seed 7; the demo world is seed 42). The resolution never reads
synth_truth: test_staging checks that no model mentions it."""

from __future__ import annotations

import csv

import pytest
from dbt_world import BuiltWarehouse

from emergence.paths import project_dir
from emergence.validate import IdentityTargets, validate_identity

pytestmark = pytest.mark.dbt


def test_identity_targets_are_met(small_warehouse: BuiltWarehouse) -> None:
    report = validate_identity(small_warehouse.database)
    assert report.passes(IdentityTargets()) == []
    # the figures are measured on real volume, not on a handful of rows
    assert report.account_precision.denominator > 5_000
    assert report.account_recall.denominator > 5_000
    assert report.stitching_precision.denominator > 500


def test_every_channel_has_touches(small_warehouse: BuiltWarehouse) -> None:
    # the channels the touch weights name, which a singular test holds to the macro touch_channels
    with (project_dir() / "seeds" / "scoring" / "touch_weights.csv").open(newline="") as handle:
        weighed = {row["channel"] for row in csv.DictReader(handle)}
    channels = dict(small_warehouse.query("select channel, count(*) from marts.fct_touches group by channel"))
    assert "social" in weighed
    assert set(channels) == weighed
    assert all(count > 0 for count in channels.values())


def test_free_mail_people_have_no_account(small_warehouse: BuiltWarehouse) -> None:
    rows = small_warehouse.query(
        """
        select count(*)
        from marts.dim_people as people
        inner join reference.free_email_domains as free_mail
            on people.email_domain = free_mail.domain
        where people.account_method = 'email_domain'
        """
    )
    assert rows == [(0,)]


def test_emails_stay_hidden_by_default(small_warehouse: BuiltWarehouse) -> None:
    # hashed with the person_key's hash (emergence_expose_pii is off): joinable, not readable
    assert small_warehouse.query(
        "select count(*) from marts.dim_people where email like '%@%' or email <> person_key"
    ) == [(0,)]
    assert (
        small_warehouse.query("select count(email) from marts.dim_people where not is_anonymous")[0][0] > 100
    )
    assert small_warehouse.query("select count(*) from marts.dim_people where not is_anonymous")[0][0] > 100
