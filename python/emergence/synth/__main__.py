"""``python -m emergence.synth``: generate a synthetic world into a DuckDB file."""

from __future__ import annotations

import argparse
from datetime import date

from .config import WorldConfig
from .hubspot import MAPS
from .world import generate_world


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, generate, print a short summary."""
    p = argparse.ArgumentParser(prog="python -m emergence.synth", description=__doc__)
    p.add_argument("--database", required=True, help="DuckDB file to (re)write")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--accounts", type=int, default=300)
    p.add_argument("--days", type=int, default=180)
    p.add_argument("--start-date", type=date.fromisoformat, default=date(2026, 1, 5))
    p.add_argument("--dirty-rate", type=float, default=0.02)
    p.add_argument("--crm-share", type=float, default=0.7)
    p.add_argument(
        "--social-visit-share",
        type=float,
        default=WorldConfig.social_visit_share,
        help="share of the visits not from an email that a social network refers",
    )
    p.add_argument(
        "--map",
        choices=MAPS,
        default="marketo",
        help="the marketing-automation platform that records the world (both: a move halfway)",
    )
    a = p.parse_args(argv)
    stats = generate_world(
        a.database,
        seed=a.seed,
        accounts=a.accounts,
        days=a.days,
        start_date=a.start_date,
        dirty_rate=a.dirty_rate,
        crm_share=a.crm_share,
        knobs={"social_visit_share": a.social_visit_share},
        mapping=a.map,
    )
    for table, n in sorted(stats.rows.items()):
        print(f"{table:45s} {n:>12,d}")
    print(
        f"raw rows: {stats.total_rows:,d}  dirty rows: {stats.dirty_rows:,d}  "
        f"elapsed: {stats.elapsed_seconds:.1f}s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
