"""The interview-prep planner: pure functions from a profile snapshot and a posting snapshot to a prep.

Entry points: `profile_snapshot`, `posting_snapshot`, `plan_prep`, `replan_study`; the Prep's
`to_dict()` is the stored form, read by interviews.exports.
"""

from interviews.planning.prep import PLANNER_VERSION, Prep, plan_prep, replan_study
from interviews.planning.snapshots import (
    Bullet, ExperienceItem, PostingSnapshot, ProfileSnapshot, SkillClaim, posting_snapshot, profile_snapshot,
)

__all__ = [
    "Bullet", "ExperienceItem", "PLANNER_VERSION", "PostingSnapshot", "Prep", "ProfileSnapshot", "SkillClaim",
    "plan_prep", "posting_snapshot", "profile_snapshot", "replan_study",
]
