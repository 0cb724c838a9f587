"""Interviews' models: the prep (one profile and one posting) and the user's practice answers."""

from interviews.models.practice import PracticeAnswer
from interviews.models.preps import InterviewPrep

__all__ = ["InterviewPrep", "PracticeAnswer"]
