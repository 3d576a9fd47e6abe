"""Synthetic B2B world with ground truth: Salesforce, Marketo, Segment and reverse-IP raw tables.

``generate_world`` simulates accounts, people, in-market episodes with emerging buying
teams, and the noise around them, then writes the loaders' raw tables (exactly the
contract in ``raw_schema.RAW_SCHEMA``) and the truth (schema ``synth_truth``) into DuckDB.
"""

from .raw_schema import RAW_SCHEMA
from .truth import TRUTH_SCHEMA
from .world import WorldStats, generate_world

__all__ = ["RAW_SCHEMA", "TRUTH_SCHEMA", "WorldStats", "generate_world"]
