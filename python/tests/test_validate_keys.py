"""The validation's expected account keys are the dbt macro's own SQL, and give the marts' keys.

``emergence validate`` compares the warehouse's keys with keys it computes for the truth's
accounts (``truth_account_key``). Restated by hand, the rule could drift from the macro
``domain_account_key`` and every figure would still read plausibly; these tests hold the two
to one text and to the same keys.
"""

from __future__ import annotations

import duckdb
from dbt_world import BuiltWarehouse, compiled_macro

from emergence.sqlfiles import load_sql
from emergence.validate import common


def test_truth_account_key_is_the_compiled_domain_key(small_warehouse: BuiltWarehouse) -> None:
    compiled = compiled_macro(
        "{{ emergence.domain_account_key('lower(trim(account_domain))') }}",
        small_warehouse.database,
        small_warehouse.target.parent / "t_keys",
    )
    restated = " ".join(load_sql(common.__file__, "truth_account_key").split())
    assert compiled.lower() in restated.lower()


def test_truth_account_key_gives_the_marts_domain_keys(small_warehouse: BuiltWarehouse) -> None:
    """Every account the warehouse knows only by a domain has the key the validation expects."""
    with duckdb.connect(str(small_warehouse.database), read_only=True) as con:
        common.define_macros(con)
        keys = con.execute(
            "select account_key, truth_account_key(null, primary_domain) from marts.dim_accounts "
            "where account_key like 'dom!_%' escape '!'"
        ).fetchall()
    assert keys, "the small world has accounts known only by a domain"
    assert [key for key, expected in keys if key != expected] == []
