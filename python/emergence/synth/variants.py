"""The world variants of the signal matrix (docs/evaluation.md#matrix).

Each variant is a seed and a set of :class:`~emergence.synth.config.WorldConfig` knobs; V0 is
the demo world. The score's default parameters are chosen on V0 only and reported on V1-V5,
which stress what head counts miss: anonymous team members, home and VPN traffic,
background traffic that grows with company size, team sizes that the firmographic prior
gets wrong, very active individuals at accounts that are not buying, and teams that show
up slowly or fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["TUNING_VARIANT", "VARIANTS", "WorldVariant"]


@dataclass(frozen=True)
class WorldVariant:
    """One world of the matrix: a name, its own seed, what it stresses, and its knobs."""

    name: str
    seed: int
    description: str
    knobs: dict[str, object] = field(default_factory=dict)


VARIANTS: tuple[WorldVariant, ...] = (
    WorldVariant("V0", 42, "the demo world"),
    WorldVariant(
        "V1",
        101,
        "half the team anonymous, a third of visits from home, background grows with size, "
        "noisy log team sizes, a lone active person at a quarter of non-buyers, slow teams",
        {
            "never_identify_share": 0.5,
            "home_visit_share": 0.33,
            "background_visitors": "size",
            "team_size_law": "log_noisy",
            "active_individual_share": 0.25,
            "team_arrival": "slow",
        },
    ),
    WorldVariant(
        "V2",
        102,
        "everyone identifies, every visit from the office",
        {"never_identify_share": 0.0, "home_visit_share": 0.0},
    ),
    WorldVariant(
        "V3",
        103,
        "60% of the team anonymous, 40% of visits from home, background grows with size",
        {"never_identify_share": 0.6, "home_visit_share": 0.4, "background_visitors": "size"},
    ),
    WorldVariant(
        "V4",
        104,
        "flat background, team sizes by size band, a lone active person at 40% of non-buyers",
        {"background_visitors": "flat", "team_size_law": "bands", "active_individual_share": 0.4},
    ),
    WorldVariant(
        "V5",
        105,
        "30% of the team anonymous, 20% of visits from home, background grows with size, "
        "the team shows up within two weeks",
        {
            "never_identify_share": 0.3,
            "home_visit_share": 0.2,
            "background_visitors": "size",
            "team_arrival": "fast",
        },
    ),
)

# Parameters are chosen on this variant only.
TUNING_VARIANT = "V0"


def variant(name: str) -> WorldVariant:
    """The variant called ``name`` (V0..V5)."""
    for item in VARIANTS:
        if item.name == name:
            return item
    raise KeyError(f"unknown world variant {name!r}; known: {[v.name for v in VARIANTS]}")
