"""The matching engine: scores postings for a profile from explainable components (pure, no database).

Build a `PostingIndex` once from `PostingFeatures`, then `rank(ProfileFeatures, index)`.
"""

from .engine import ScoredMatch, mode, rank, rank_many, resolve_weights
from .features import (
    PostingFeatures,
    ProfileFeatures,
    ProfileSkill,
    detect_seniority,
    posting_features_from_job_fields,
    profile_features_from_fields,
    split_required_preferred,
)
from .index import PostingIndex

__all__ = [
    "PostingFeatures", "PostingIndex", "ProfileFeatures", "ProfileSkill", "ScoredMatch", "detect_seniority",
    "mode", "posting_features_from_job_fields", "profile_features_from_fields", "rank", "rank_many",
    "resolve_weights", "split_required_preferred",
]
