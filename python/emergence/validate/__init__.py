"""``emergence validate``: compare the warehouse with the synthetic world's ground truth."""

from emergence.validate.common import Ratio
from emergence.validate.identity import (
    IdentityReport,
    IdentityTargets,
    print_identity_report,
    validate_identity,
)

__all__ = [
    "IdentityReport",
    "IdentityTargets",
    "Ratio",
    "print_identity_report",
    "validate_identity",
]
