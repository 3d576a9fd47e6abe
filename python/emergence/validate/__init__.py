"""``emergence validate``: compare the warehouse with the synthetic world's ground truth."""

from emergence.validate.common import Ratio
from emergence.validate.identity import (
    IdentityReport,
    IdentityTargets,
    print_identity_report,
    validate_identity,
)
from emergence.validate.team_size import (
    MethodFigures,
    TeamSizeReport,
    print_team_size_report,
    validate_team_size,
)

__all__ = [
    "IdentityReport",
    "IdentityTargets",
    "MethodFigures",
    "Ratio",
    "TeamSizeReport",
    "print_identity_report",
    "print_team_size_report",
    "validate_identity",
    "validate_team_size",
]
